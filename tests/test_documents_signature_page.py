"""A signature never stands alone on a page: the end of the text it signs goes over with it."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

from borderdesk.documents import figures, report
from borderdesk.documents.layout import MARGINS, KeepWithLast, para

from documents_fixtures import close, fill_year, open_post

Q4 = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
SIGN_HINT = {"vi": "(Ký, ghi rõ họ tên, đóng dấu)", "zh": "（盖章）"}


def _page_lines(pdf: bytes) -> list[list[tuple[str, float]]]:
    """Each page's text lines with the height of their bottom edge, in points."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTContainer, LTTextLine

    def walk(obj, out):
        if isinstance(obj, LTTextLine):
            out.append((obj.get_text().strip(), obj.y0))
        elif isinstance(obj, LTContainer):
            for child in obj:
                walk(child, out)

    pages = []
    for page in extract_pages(io.BytesIO(pdf)):
        lines: list[tuple[str, float]] = []
        walk(page, lines)
        pages.append(lines)
    return pages


def _overdue(k: int) -> list[dict]:
    # each row ends in its own number (100, 101, ...), so the PDF text tells which row is where
    return [{"date": "2025-11-03", "side": "cn", "counterpart": "Trạm Hà Khẩu", "counterpart_zh": "河口站",
             "due": "2025-11-12", "overdue_days": 100 + i} for i in range(k)]


def _rows_at(pages, k: int) -> dict[int, tuple[int, float]]:
    """Row number -> (page index, bottom of its text)."""
    found = {}
    for p, lines in enumerate(pages):
        for text, y in lines:
            m = re.fullmatch(r"1\d\d", text)
            if m and 100 <= int(text) < 100 + k:
                found[int(text) - 100] = (p, y)
    return found


@pytest.fixture
def quarter(tmp_path):
    open_post(tmp_path / "post.sqlite")
    fill_year(2025, 1)
    yield report.gather(*Q4)
    close()


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_a_report_ending_at_the_foot_of_a_page_takes_its_last_row_to_the_signature_page(quarter, lang,
                                                                                         monkeypatch):
    d = quarter

    def render(k: int, signed: bool = True) -> bytes:
        d.overdue = _overdue(k)
        d.tables["overdue"] = figures.overdue_table(d.overdue)
        if not signed:
            with monkeypatch.context() as m:
                m.setattr(report.heading, "report_signature", lambda _d, _lang: [])
                return report.render_report(d, (lang,))
        return report.render_report(d, (lang,))

    # Find the number of rows whose last one ends just above the bottom margin: room for one
    # more row, none for the signature (laid out without the signature, where nothing moves).
    k, window = 3, None
    for _attempt in range(5):
        rows = _rows_at(_page_lines(render(k, signed=False)), k)
        pitch = rows[k - 2][1] - rows[k - 1][1] if rows[k - 2][0] == rows[k - 1][0] else None
        room = rows[k - 1][1] - MARGINS["bottom"]
        if pitch and pitch + 2 < room < pitch + 30:
            window = room
            break
        k += max(1, int((room - pitch - 16) // pitch)) if pitch and room > pitch + 30 else 3
    assert window is not None, "no row count ends the table at the foot of a page"

    pages = _page_lines(render(k))
    sign_pages = [p for p, lines in enumerate(pages) if any(SIGN_HINT[lang] in t for t, _y in lines)]
    assert len(sign_pages) == 1
    sp = sign_pages[0]
    rows = _rows_at(pages, k)
    # the signature page carries the table's last row, the page before carries the rows above it
    assert rows[k - 1][0] == sp, f"the signature of a {k}-row table is alone on page {sp + 1}"
    assert rows[k - 2][0] == sp - 1


def _signature_page_has_text(last, tail_height: float, filler: float) -> bool:
    """Lay out *filler* points of space, then *last* with a signature under it, on A4; whether
    every page holding the signature also holds text of *last*."""
    from pypdf import PdfReader

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, leftMargin=MARGINS["left"], rightMargin=MARGINS["right"],
                            topMargin=MARGINS["top"], bottomMargin=MARGINS["bottom"])
    tail = [Spacer(1, tail_height), para("CHỮ KÝ 签字", 12, "center")]
    doc.build([Spacer(1, filler), KeepWithLast(last, tail)])
    pages = [p.extract_text() for p in PdfReader(buf).pages]
    return all("BODY" in text for text in pages if "CHỮ KÝ" in text)


@pytest.mark.parametrize("kind", ["paragraph", "table"])
def test_keep_with_last_never_leaves_the_tail_alone_wherever_the_text_ends(kind):
    frame = 297 * mm - MARGINS["top"] - MARGINS["bottom"] - 12  # a frame pads 6 pt on each side
    for filler in range(int(frame) - 260, int(frame) - 2, 6):  # the text ends anywhere in the last 260 pt
        if kind == "paragraph":
            last = Paragraph("BODY text " * 70, para("x").style)
        else:
            last = Table([["BODY head"]] + [[f"BODY {i}"] for i in range(6)], repeatRows=1)
        assert _signature_page_has_text(last, 100, filler), filler


@pytest.mark.parametrize("layout", ["columns", "sequential"])
def test_short_minutes_take_their_last_item_and_its_heading_to_the_signature_page(tmp_path, layout):
    """The side-by-side text splits inside rows: moving 'the last line' once moved a row's bottom
    padding alone (and splitting that sliver again never ended); a row moves whole, with its heading."""
    from borderdesk.documents import minutes
    from borderdesk.services import records

    from documents_fixtures import hekou

    open_post(tmp_path / "post.sqlite")
    try:
        people = [{"side": "vn", "is_head": True, "name_vi": "Nguyễn Văn An", "name_zh": "阮文安", "rank": "major",
                   "role_vi": "Đồn trưởng", "role_zh": "站长"},
                  {"side": "cn", "is_head": True, "name_vi": "Vương Kiến Quốc", "name_zh": "王建国",
                   "rank": "cn_police_superintendent_2", "role_vi": "Sở trưởng", "role_zh": "所长"}]
        row = records.create("talks", {"date": "2026-09-17", "time": "08:30", "counterpart": hekou(),
                                       "talks_type": "quarterly", "place_vi": "Cửa khẩu Pha Long",
                                       "place_zh": "巴龙口岸", "agenda_vi": "Trao đổi tình hình",
                                       "agenda_zh": "交流情况"}, people)
        pdf = minutes.render_minutes(row.uuid, layout)
    finally:
        close()
    pages = [" ".join(t for t, _y in lines) for lines in _page_lines(pdf)]
    signed = [p for p in pages if "(Ký, ghi rõ họ tên)" in p or "（签字）" in p]
    assert signed
    for text in signed:
        assert "Trao đổi tình hình" in text or "交流情况" in text, text[:200]
        assert "Nội dung hội đàm" in text or "会谈议题" in text, text[:200]
