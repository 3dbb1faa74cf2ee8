"""Printing the minutes of talks: both layouts, both scripts, every glyph, long agendas, gaps named."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from borderdesk.documents import glyphcheck, minutes
from borderdesk.documents.layout import PAGE

from documents_fixtures import AGREED_ZH, close, make_talks, open_post


@pytest.fixture
def post(tmp_path):
    db = open_post(tmp_path / "post.sqlite")
    yield tmp_path / "post.sqlite"
    close()


def squash(text: str) -> str:
    """Text without whitespace: lines wrap wherever the layout wants."""
    return "".join(text.split())


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.mark.parametrize("layout", ["columns", "sequential"])
def test_minutes_of_quarterly_talks_print_both_languages_with_every_glyph_drawn(post, tmp_path, layout):
    talks = make_talks()
    out = tmp_path / f"minutes-{layout}.pdf"
    assert minutes.missing_translations(talks.uuid) == []
    minutes.render_minutes(talks.uuid, layout, out)

    drawn = glyphcheck.assert_every_glyph_drawn(out).text
    for phrase in ("BIÊN BẢN HỘI ĐÀM", "会谈纪要", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "越南社会主义共和国",
                   "中华人民共和国", "CỘNG HÒA NHÂN DÂN TRUNG HOA", "Trung tá Nguyễn Văn Hùng", "二级警督王建国",
                   "Cảnh đốc cấp 2 Vương Kiến Quốc", "河口出入境边防检查站", "Số: 01/BB-PL", "编号：01/BB-PL",
                   "vào hồi 09 giờ 00 phút, ngày 18 tháng 12 năm 2025", "hội đàm định kỳ quý IV năm 2025",
                   "2025年第四季度定期会谈",
                   "Nhà làm việc Đồn Biên phòng Pha Long, ngày 18 tháng 12 năm 2025",
                   "本纪要于2025年12月18日在巴龙边防站会议室签订，一式两份，每份均用越南文和中文写成，两种文本同等作准",
                   "Biên bản được ký ngày 18 tháng 12 năm 2025 tại Nhà làm việc Đồn Biên phòng Pha Long, lập thành 02 "
                   "bản, mỗi bản bằng tiếng Việt và tiếng Trung Quốc, hai văn bản có giá trị như nhau",
                   # the Chinese original: China named first, Chinese text first
                   "本纪要于2025年12月18日在巴龙边防站会议室签订，一式两份，每份均用中文和越南文写成",
                   "中国河口出入境边防检查站与越南巴龙边防站"):
        assert squash(phrase) in squash(drawn), phrase
    assert "Độc lập - Tự do - Hạnh phúc" not in drawn  # a bilateral document, not a Vietnamese one
    assert "越南越南" not in drawn and "BẢN NHÁP" not in drawn
    assert minutes.load_minutes(talks.uuid).number == "01/BB-PL"  # kept in the record
    # agreed points numbered in each language's own way
    text = _pdf_text(out)
    assert squash("3. Trả lời đề nghị xác minh") in squash(text)
    assert "三、" in drawn and "在7个工作日内答复核查请求" in drawn


def test_a_vietnamese_paragraph_quoting_chinese_draws_both_scripts(post, tmp_path):
    talks = make_talks(our_report_vi="Đối tượng khai cư trú tại 河口镇 và 坝洒 thuộc huyện Hà Khẩu.",
                       our_report_zh="该人员自称居住在Pha Long xã và Mường Khương.")
    out = tmp_path / "mixed.pdf"
    minutes.render_minutes(talks.uuid, "columns", out)
    report = glyphcheck.assert_every_glyph_drawn(out)
    drawn = squash(report.text)
    assert squash("tại 河口镇 và 坝洒 thuộc") in drawn
    assert squash("居住在Pha Long xã và Mường Khương") in drawn
    assert any("NotoSerif" in f for f in report.fonts) and any("BorderDeskSerifCJKSC" in f for f in report.fonts)


def test_the_glyph_check_catches_a_character_drawn_in_a_font_without_it(tmp_path):
    from reportlab.pdfgen import canvas

    from borderdesk.documents import fonts

    fonts.register_fonts()
    bad = tmp_path / "bad.pdf"
    c = canvas.Canvas(str(bad))
    c.setFont(fonts.SERIF, 12)
    c.drawString(50, 700, "Biên bản 会谈")  # Noto Serif has no Han: boxes on paper
    c.save()
    report = glyphcheck.check_pdf(bad)
    assert not report.ok
    assert "font lacks" in report.problems[0]


@pytest.mark.parametrize("layout", ["columns", "sequential"])
def test_a_200_line_agenda_breaks_across_pages_and_stays_inside_the_page(post, tmp_path, layout):
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    agenda_vi = "\n".join(f"Nội dung trao đổi số {i}: tình hình quản lý cư dân biên giới và cột mốc {1000 + i}"
                          for i in range(1, 201))
    agenda_zh = "\n".join(f"第{i}项议题：边民管理及{1000 + i}号界碑情况" for i in range(1, 201))
    talks = make_talks(agenda_vi=agenda_vi, agenda_zh=agenda_zh)
    out = tmp_path / "long.pdf"
    minutes.render_minutes(talks.uuid, layout, out)
    glyphcheck.assert_every_glyph_drawn(out)

    width, height = PAGE
    pages = 0
    seen = set()

    def chars(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif isinstance(obj, LTContainer):
            for child in obj:
                yield from chars(child)

    for page in extract_pages(str(out)):
        pages += 1
        for ch in chars(page):
            # nothing runs off the paper, nor into the binding margin or past the right margin
            assert 20 <= ch.x0 and ch.x1 <= width - 20, (pages, ch.get_text(), ch.x0, ch.x1)
            assert 20 <= ch.y0 and ch.y1 <= height - 20, (pages, ch.get_text(), ch.y0, ch.y1)
    assert pages >= 5
    text = squash(_pdf_text(out))
    for i in (1, 77, 150, 200):
        assert squash(f"{i}. Nội dung trao đổi số {i}:") in text
        assert f"{1000 + i}号界碑" in text
    seen.add(pages)


def test_missing_chinese_text_is_named_before_printing(post):
    from borderdesk import i18n

    i18n.set_language("en")  # the labels are read in English (the conftest restores the language)
    talks = make_talks(agreed_zh="", place_zh="", their_report_vi="")
    labels = minutes.missing_translations(talks.uuid)
    assert "Agreed points (Chinese)" in labels
    assert "Place (Chinese)" in labels
    assert "What their side reported (Vietnamese)" in labels
    assert all("Agenda" not in x for x in labels)


def test_agreed_points_counted_differently_in_each_language_are_named(post):
    talks = make_talks(agreed_zh="\n".join(AGREED_ZH.splitlines()[:2]))
    assert "Agreed points: 3 lines in Vietnamese, 2 in Chinese" in minutes.missing_translations(talks.uuid)


def _cli(db, *args):
    env = dict(os.environ, BORDERDESK_LANG="en")
    return subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_command_line_prints_minutes_in_both_layouts(post, tmp_path):
    talks = make_talks()
    for layout in ("columns", "sequential"):
        out = tmp_path / f"cli-{layout}.pdf"
        res = _cli(post, "report", "minutes", talks.uuid, "--layout", layout, "--out", str(out))
        assert res.returncode == 0, res.stderr
        assert out.stat().st_size > 10_000
        glyphcheck.assert_every_glyph_drawn(out)


def test_command_line_refuses_minutes_with_a_gap_unless_allowed(post, tmp_path):
    talks = make_talks(agreed_zh="")
    out = tmp_path / "gap.pdf"
    res = _cli(post, "report", "minutes", talks.uuid, "--layout", "columns", "--out", str(out))
    assert res.returncode == 1
    assert "Agreed points (Chinese)" in res.stderr
    assert not out.exists()

    res = _cli(post, "report", "minutes", talks.uuid, "--layout", "columns", "--out", str(out), "--allow-missing")
    assert res.returncode == 0, res.stderr
    drawn = glyphcheck.assert_every_glyph_drawn(out).text
    assert minutes.MISSING_MARK["zh"] in drawn  # the gap is marked, never a silent blank
    # a draft: marked across the pages, no signing formula, no number taken
    assert "BẢNNHÁP" in squash(drawn) and "草稿" in drawn
    assert "同等作准" not in drawn and "giá trị như nhau" not in drawn
    assert minutes.load_minutes(talks.uuid).number == ""


def test_a_name_in_one_script_only_is_a_gap_and_minutes_without_heads_are_refused(post, tmp_path):
    from documents_fixtures import members

    people = members()
    people[0]["name_zh"] = ""
    talks = make_talks(members=people)
    assert "Name of Nguyễn Văn Hùng (Chinese)" in minutes.missing_translations(talks.uuid)
    res = _cli(post, "report", "minutes", talks.uuid, "--out", str(tmp_path / "x.pdf"))
    assert res.returncode == 1 and "Name of Nguyễn Văn Hùng (Chinese)" in res.stderr

    nobody = make_talks(members=[dict(m, is_head=False) for m in members()])
    res = _cli(post, "report", "minutes", nobody.uuid, "--out", str(tmp_path / "y.pdf"))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "head of the Vietnamese delegation" in res.stderr and "head of the Chinese delegation" in res.stderr
    assert not (tmp_path / "y.pdf").exists()


def test_delegations_in_protocol_order_place_once_and_ranks_in_each_language(post, tmp_path):
    from documents_fixtures import members

    people = members()
    interpreter = people.pop(2)  # Lý Thị Mai, interpreter, listed first below
    people.insert(0, interpreter)
    people[-1]["rank"] = "二级警司"  # typed by its Chinese name: prints in Vietnamese too
    talks = make_talks(members=people, place_vi="Khu vực mốc 97", place_zh="97号界碑附近", marker="97")
    out = tmp_path / "order.pdf"
    minutes.render_minutes(talks.uuid, "sequential", out)
    text = squash(glyphcheck.assert_every_glyph_drawn(out).text)
    vi = text[:text.index("会谈纪要")]
    assert vi.index("NguyễnVănHùng") < vi.index("TrầnĐứcThắng") < vi.index("LýThịMai")
    assert "Cảnhtycấp2LýMinh" in text and "二级警司李明" in text
    assert "khuvựcmốc97)" not in text and "（97号界碑附近）" not in text  # the place once
    assert squash("tại Khu vực mốc 97") in text


def test_command_line_names_a_record_that_is_not_talks(post, tmp_path):
    res = _cli(post, "report", "minutes", "no-such-id", "--out", str(tmp_path / "x.pdf"))
    assert res.returncode == 1
    assert "no-such-id" in res.stderr and "Traceback" not in res.stderr
