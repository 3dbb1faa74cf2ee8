"""The periodic report: the figures printed are the figures of ``stats``, in each language's own forms."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from borderdesk.documents import glyphcheck, narrative, report, terms
from borderdesk.services import records, stats

from documents_fixtures import close, fill_year, make_talks, open_post

Y25 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture
def post(tmp_path):
    open_post(tmp_path / "post.sqlite")
    fill_year(2024, 1)
    fill_year(2025, 2)
    # one big case, so thousands show their separators: 1.182 in Vietnamese, 1,182 in Chinese
    records.create("case", {"date": "2025-06-30", "category": "illegal_crossing", "persons": 1100,
                            "outcome": "administrative_handling"})
    yield tmp_path / "post.sqlite"
    close()


def squash(text: str) -> str:
    return "".join(text.split())


def _lines(path, pages=None) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return [ln.strip() for p in chosen for ln in p.extract_text().splitlines() if ln.strip()]


def _row(lines: list[str], label: str) -> list[str]:
    """The three cells after a row's label in the table of figures (this period, last year, change)."""
    i = lines.index(label)
    return lines[i + 1:i + 4]


def test_the_table_of_figures_reads_back_exactly_as_stats_counts_them(post, tmp_path):
    data = report.gather(*Y25)
    out = tmp_path / "report-vi.pdf"
    report.render_report(data, ("vi",), out)
    glyphcheck.assert_every_glyph_drawn(out)

    now = stats.stats(*Y25)
    before = stats.stats(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    lines = _lines(out)
    for sec, key, vi, _zh in terms.FIGURE_ROWS:
        cur, prev, _change = _row(lines, vi)
        assert int(cur.replace(".", "")) == now[sec][key], vi
        assert int(prev.replace(".", "")) == before[sec][key], vi
    assert now["cases"]["persons"] > 1000  # the separators below are really tested


def test_each_language_writes_its_own_numbers_dates_and_measure_words(post, tmp_path):
    data = report.gather(*Y25)
    out = tmp_path / "report-both.pdf"
    report.render_report(data, ("vi", "zh"), out)
    drawn = squash(glyphcheck.assert_every_glyph_drawn(out).text)
    s = stats.stats(*Y25)
    persons = s["cases"]["persons"]
    vi_n, zh_n = f"{persons // 1000}.{persons % 1000:03d}", f"{persons // 1000},{persons % 1000:03d}"
    # Vietnamese: 1.220, 01/01/2025, "N vụ/N đối tượng", "tăng …% so với cùng kỳ"
    assert squash(f"Phát hiện, xử lý {s['cases']['count']} vụ/{vi_n} đối tượng") in drawn
    assert squash(f"hội đàm {s['talks']['count']} lần") in drawn
    assert squash("từ ngày 01/01/2025 đến ngày 31/12/2025") in drawn
    assert "sovớicùngkỳ" in drawn
    # Chinese: 1,220, 2025年1月1日, "N起N人", "同比增长…%"
    assert f"查处各类案件{s['cases']['count']}起{zh_n}人" in drawn
    assert f"会谈{s['talks']['count']}次" in drawn
    assert "2025年1月1日至2025年12月31日" in drawn
    assert "同比增长" in drawn


def test_the_narrative_says_up_or_down_against_the_same_period():
    from types import SimpleNamespace

    assert narrative.change_phrase(144, 100, "zh") == "同比增长44%"
    assert narrative.change_phrase(164, 220, "vi") == "giảm 25%"  # -25.45%: rounded once
    assert narrative.change_phrase(9, 8, "vi") == "tăng 13%"  # +12.5%: half away from zero
    assert narrative.change_phrase(7, 8, "zh") == "同比下降13%"
    assert narrative.change_phrase(5, 0, "vi") == ""  # no base, no ratio
    current = {"talks": {"count": 20, "members": 0}, "meetings": {"count": 74, "persons": 0},
               "letters": {"count": 679}, "hotline_calls": {"count": 113},
               "cases": {"count": 221, "persons": 1182, "by_category": {
                   "organizing_illegal_crossing": {"count": 49, "persons": 94},
                   "firecrackers": {"count": 30, "persons": 35},
                   "illegal_goods_transport": {"count": 65, "persons": 70}}}}
    outcomes = {"criminal_proceedings": {"count": 49, "persons": 94, "by_category": {
        "organizing_illegal_crossing": {"count": 49, "persons": 94}}}}
    d = SimpleNamespace(current=current, previous={"cases": {"count": 153, "persons": 821}}, outcomes=outcomes,
                        long=False, single_post=False, overdue=[])
    vi = " ".join(narrative.narrative(d, "vi"))
    zh = "".join(narrative.narrative(d, "zh"))
    assert "hội đàm 20 lần; gặp gỡ trên biên giới 74 lần; trao đổi 679 thư; 113 cuộc điện thoại đường dây nóng" in vi
    assert "221 vụ/1.182 đối tượng (tăng 44% so với cùng kỳ)" in vi
    assert "khởi tố 49 vụ/94 đối tượng tổ chức cho người khác xuất nhập cảnh trái phép" in vi
    assert "30 vụ/35 đối tượng vận chuyển pháo nổ" in vi
    assert "会谈20次；边境会晤74次；往来信函679件；热线电话113次" in zh
    assert "查处各类案件221起1,182人，同比增长44%" in zh
    assert "运输烟花爆竹30起35人" in zh
    # cases down, persons up: each named with its own direction
    d.current = {"cases": {"count": 5, "persons": 19, "by_category": {}}}
    d.previous = {"cases": {"count": 8, "persons": 14}}
    assert "5 vụ/19 đối tượng (số vụ giảm 38%, số đối tượng tăng 36% so với cùng kỳ)" in " ".join(
        narrative.narrative(d, "vi"))
    assert "查处各类案件5起19人，起数同比下降38%，人数同比增长36%" in "".join(narrative.narrative(d, "zh"))


def test_a_report_of_one_post_counts_only_that_post(post, tmp_path):
    data = report.gather(*Y25, posts=["PL"])
    assert data.current["cases"] == stats.stats(*Y25, post="PL", include_friendship=True)["cases"]
    assert data.scope_vi == "Đồn Biên phòng Pha Long"
    empty = report.gather(*Y25, posts=["XX"])
    assert empty.current["talks"]["count"] == 0


def test_period_bounds_for_the_pickers():
    assert report.period_bounds("quarter", 2025, 4) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert report.period_bounds("half", 2024, 1) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert report.period_bounds("month", 2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert report.period_bounds("year", 2025) == Y25


def _cli(db, *args):
    env = dict(os.environ, BORDERDESK_LANG="en")
    return subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_command_line_report_summary_writes_pdf_and_xlsx_with_the_same_figures(post, tmp_path):
    from openpyxl import load_workbook

    make_talks()
    pdf, xlsx = tmp_path / "summary.pdf", tmp_path / "summary.xlsx"
    res = _cli(post, "report", "summary", "--from", "2025-01-01", "--to", "31/12/2025", "--post", "PL",
               "--lang", "vi+zh", "--out", str(pdf), "--xlsx", str(xlsx))
    assert res.returncode == 0, res.stderr
    glyphcheck.assert_every_glyph_drawn(pdf)
    s = stats.stats(*Y25, post="PL")
    lines = _lines(pdf)
    assert int(_row(lines, "会谈（次）")[0]) == s["talks"]["count"]
    book = load_workbook(xlsx, data_only=True)
    assert book.sheetnames[0] == "Thông tin - 信息"
    info = {r[0]: r[1] for r in book["Thông tin - 信息"].iter_rows(values_only=True)}
    assert info["Đơn vị / 单位"] == "Đồn Biên phòng Pha Long / 巴龙边防站"
    assert info["Từ ngày / 起始日期"].date() == dt.date(2025, 1, 1) and info["Người lập / 制表人"]
    got = {r[0]: r[1] for r in book["Số liệu - 数据"].iter_rows(min_row=2, values_only=True)}
    for sec, key, vi, zh in terms.FIGURE_ROWS:
        assert got[f"{vi} / {zh}"] == s[sec][key]


def test_command_line_report_summary_in_chinese_only_and_bad_dates(post, tmp_path):
    pdf = tmp_path / "zh.pdf"
    res = _cli(post, "report", "summary", "--from", "2025-10-01", "--to", "2025-12-31", "--lang", "zh",
               "--out", str(pdf))
    assert res.returncode == 0, res.stderr
    drawn = glyphcheck.assert_every_glyph_drawn(pdf).text
    assert "报告" in drawn and "BÁO CÁO" not in drawn
    res = _cli(post, "report", "summary", "--from", "2025-12-31", "--to", "2025-01-01", "--lang", "vi",
               "--out", str(pdf))
    assert res.returncode == 1 and "Traceback" not in res.stderr


def test_the_signer_chosen_from_the_registry_signs_with_title_rank_and_name(post, tmp_path):
    from borderdesk.services import registry

    registry.create("officer", {"name_vi": "Nguyễn Văn Hùng", "name_zh": "阮文雄", "rank": "senior_lieutenant_colonel",
                                "position_vi": "Đồn trưởng", "position_zh": "站长", "post_code": "PL"})
    pdf = tmp_path / "signed.pdf"
    res = _cli(post, "report", "summary", "--from", "2025-10-01", "--to", "2025-12-31", "--post", "PL",
               "--signer", "Nguyễn Văn Hùng", "--out", str(pdf))
    assert res.returncode == 0, res.stderr
    drawn = squash(glyphcheck.assert_every_glyph_drawn(pdf).text)
    for phrase in ("ĐỒN TRƯỞNG", "Thượng tá Nguyễn Văn Hùng", "站长：上校阮文雄", "Nơi nhận:",
                   "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LÀO CAI", "Số: /BC-PL", "Lào Cai, ngày",
                   "老街省边防部队指挥部", "（盖章）", "抄送："):
        assert squash(phrase) in drawn, phrase
    assert "于Lào Cai" not in drawn and "THỦTRƯỞNGĐƠNVỊ" not in drawn
    res = _cli(post, "report", "summary", "--from", "2025-10-01", "--to", "2025-12-31", "--signer", "Nobody",
               "--out", str(tmp_path / "x.pdf"))
    assert res.returncode == 1 and "Nobody" in res.stderr and "Traceback" not in res.stderr
