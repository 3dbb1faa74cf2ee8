"""Tagged PDF: every document carries a structure tree that claims all of its text.

Every PDF the documents' tests read back goes through ``glyphcheck.assert_pdfa``, which also
runs ``tagging.tag_problems``; here the tree itself is read: element types, order, languages.
"""
from __future__ import annotations

import io

import pikepdf
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.pdfgen import canvas as rl_canvas

from borderdesk.documents import fonts, tagging
from borderdesk.documents.layout import Part, build, para
from borderdesk.documents.report import render_table
from borderdesk.documents.figures import FigureTable


def _document() -> bytes:
    fonts.register_fonts()
    drawing = Drawing(100, 40)
    drawing.add(Rect(0, 0, 60, 30))
    drawing.add(String(2, 32, "Hội đàm (lần)", fontName=fonts.SERIF, fontSize=8))
    table = FigureTable("t", [("Nội dung", "项目"), ("Kỳ này", "本期")], [[("Hội đàm", "会谈"), 3]],
                        sums=[1], total_label=("Tổng cộng", "合计"))
    flow = [Part("vi", "count"), para("BÁO CÁO", 14, "center", bold=True, tag="H1"),
            para("Đồn Biên phòng Pha Long đã hội đàm với 河口出入境边防检查站.", 13),
            para("双方通报了边境管理情况，就打击走私达成共识。", 13),
            render_table(table, "vi"), tagging.FigureFlowable(drawing, "Hội đàm (lần): T10 1; T11 2")]
    buf = io.BytesIO()
    build(flow, buf, title="Báo cáo thử", subject="Thử gắn thẻ", lang="vi", draft=("BẢN NHÁP", "草稿"))
    return buf.getvalue()


def test_a_document_is_tagged_in_reading_order_with_each_paragraphs_language():
    pdf = _document()
    assert tagging.tag_problems(pdf) == []
    outline = tagging.structure_outline(pdf)
    kinds = [k for k, _lang in outline]
    assert kinds[0] == "Document" and outline[0][1] == "vi-VN"
    assert kinds[1] == "H1"
    # a Vietnamese paragraph quoting a Chinese unit is Vietnamese; the Chinese one is Chinese
    assert outline[2] == ("P", "vi-VN") and outline[3] == ("P", "zh-CN")
    # the data table: Table > TR > TH (header) / TD, each cell's paragraph inside it
    i = kinds.index("Table")
    assert kinds[i + 1:i + 3] == ["TR", "TH"] and "TD" in kinds[i:]
    assert kinds[-1] == "Figure"
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert bool(doc.Root.MarkInfo.Marked)
        figure = doc.Root.StructTreeRoot.K.K[-1]
        assert str(figure.Alt) == "Hội đàm (lần): T10 1; T11 2"


def test_the_check_finds_untagged_text():
    fonts.register_fonts()
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf)
    c.setFont(fonts.SERIF, 12)
    c.drawString(100, 700, "Không gắn thẻ")
    c.save()
    assert "no /StructTreeRoot" in tagging.tag_problems(buf.getvalue())
    # a tagged document whose page then gets text outside any marked content fails too
    with pikepdf.open(io.BytesIO(_document())) as doc:
        page = doc.pages[0]
        page.contents_add(doc.make_stream(b"BT /F1 12 Tf 72 72 Td (x) Tj ET"), prepend=False)
        out = io.BytesIO()
        doc.save(out)
    assert any("outside marked content" in p for p in tagging.tag_problems(out.getvalue()))
