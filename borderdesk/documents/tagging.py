"""Tagged PDF: a structure tree for every document, so a screen reader, a search index or a
reflowing viewer reads headings, paragraphs and tables in order and in the right language.

Reportlab writes no marked content, so the documents' own flowables mark theirs while the
page is drawn, on a canvas that collects the structure (:class:`Collector`): each paragraph
becomes a ``P`` (or ``H1``/``H2``) element with its language (``vi-VN`` or ``zh-CN``, by the
script of its text), each table a ``Table`` of ``TR`` rows of ``TH``/``TD`` cells (through
reportlab's table render callback), each chart a ``Figure`` with its title as alternate
text. Table rules and backgrounds, page numbers and the draft mark are artifacts. After the
build, :func:`add_structure` writes the tree into the PDF with pikepdf: ``StructTreeRoot``,
``ParentTree``, each page's ``StructParents``, and ``MarkInfo /Marked true``.

The PDF stays PDF/A-2b (level B asks no tags); the tags are what level A would read, but the
documents are not claimed as PDF/A-2a.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable, Table
from reportlab.platypus.flowables import _Container

LANG = {"vi": "vi-VN", "zh": "zh-CN"}


@dataclass
class Node:
    """A structure element: its standard type, children (nodes or (page, MCID) leaves)."""

    tag: str
    kids: list = field(default_factory=list)
    lang: str | None = None
    alt: str | None = None


class Collector:
    """The structure of one document as its pages are drawn (kept by the canvas)."""

    def __init__(self):
        self.root = Node("Document")
        self.stack: list[Node] = [self.root]
        self.page = 0  # index of the page being drawn
        self.next_mcid = 0  # per page
        self.depth = 0  # open marked-content sequences (they must not nest)

    def new_page(self) -> None:
        self.page += 1
        self.next_mcid = 0

    def open(self, tag: str, lang: str | None = None, alt: str | None = None) -> Node:
        node = Node(tag, lang=lang, alt=alt)
        self.stack[-1].kids.append(node)
        self.stack.append(node)
        return node

    def close(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def begin_content(self, canv) -> None:
        """Start a marked-content sequence belonging to the innermost open element."""
        mcid = self.next_mcid
        self.next_mcid += 1
        self.stack[-1].kids.append((self.page, mcid))
        canv.addLiteral(f"/{self.stack[-1].tag} <</MCID {mcid}>> BDC")
        self.depth += 1

    def end_content(self, canv) -> None:
        canv.addLiteral("EMC")
        self.depth -= 1


def collector(canv) -> Collector | None:
    """The canvas's collector, or None when the canvas does not tag (or a mark is already open)."""
    col = getattr(canv, "_bd_structure", None)
    return col if col is not None and col.depth == 0 else None


def artifact_begin(canv) -> bool:
    col = collector(canv)
    if col is None:
        return False
    canv.addLiteral("/Artifact BMC")
    col.depth += 1
    return True


def artifact_end(canv, began: bool) -> None:
    if began:
        canv.addLiteral("EMC")
        canv._bd_structure.depth -= 1


def text_lang(text: str) -> str:
    """``zh-CN`` for text mostly in Han characters, else ``vi-VN``."""
    han = sum(1 for c in text if "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    latin = sum(1 for c in text if c.isalpha()) - han
    return LANG["zh"] if han and han >= latin else LANG["vi"]


def draw_tagged(flowable, canv, x, y, _sW, draw, tag: str, lang: str | None = None, alt: str | None = None):
    """Draw *flowable* (its base class's ``drawOn`` is *draw*) as one element *tag* in *lang*."""
    col = collector(canv)
    if col is None:
        return draw(flowable, canv, x, y, _sW)
    col.open(tag, lang=lang, alt=alt)
    col.begin_content(canv)
    try:
        return draw(flowable, canv, x, y, _sW)
    finally:
        col.end_content(canv)
        col.close()


class FigureFlowable(Flowable):
    """A chart (or any drawing) as a ``Figure`` with alternate text."""

    def __init__(self, inner: Flowable, alt: str):
        super().__init__()
        self.inner, self.alt = inner, alt
        self.hAlign = getattr(inner, "hAlign", "LEFT")

    def wrap(self, aW, aH):
        self.width, self.height = self.inner.wrapOn(getattr(self, "canv", None), aW, aH)
        return self.width, self.height

    def draw(self):
        col = collector(self.canv)
        if col is None:
            self.inner.drawOn(self.canv, 0, 0)
            return
        col.open("Figure", alt=self.alt)
        col.begin_content(self.canv)
        self.inner.drawOn(self.canv, 0, 0)
        col.end_content(self.canv)
        col.close()


def _table_callback(table, event, *args):
    """Reportlab's table render callback: a data table (one with header rows) is Table > TR >
    TH/TD; a layout table (side-by-side columns, signature blocks) adds no element, its cells'
    paragraphs read in order; rules and shading are artifacts."""
    canv = table.canv
    col = getattr(canv, "_bd_structure", None)
    if event == "startTable":
        table._bd_skip = col is None or col.depth > 0  # not tagging, or inside a figure
        header = getattr(table, "repeatRows", 0)
        table._bd_header = len(header) if isinstance(header, (tuple, list)) else int(header or 0)
        table._bd_data = table._bd_header > 0
        if not table._bd_skip and table._bd_data:
            col.open("Table")
        return
    if col is None or getattr(table, "_bd_skip", True):
        return
    data = table._bd_data
    if event == "endTable":
        if data:
            col.close()
        table._bd_skip = True
    elif event in ("startBG", "startLines"):
        canv.addLiteral("/Artifact BMC")
        col.depth += 1
    elif event in ("endBG", "endLines"):
        canv.addLiteral("EMC")
        col.depth -= 1
    elif event == "startRow" and data:
        col.open("TR")
    elif event == "endRow" and data:
        col.close()
    elif event == "startCell":
        row, value = args[0], args[2]
        if data:
            col.open("TH" if row < table._bd_header else "TD")
        table._bd_cell = (data, False)
        if value is not None and not isinstance(value, (Flowable, list, tuple)) and str(value).strip():
            if not data:
                col.open("P", lang=text_lang(str(value)))
            col.begin_content(canv)  # a plain string cell: reportlab draws its text itself
            table._bd_cell = (data, True)
    elif event == "endCell":
        data_cell, open_content = getattr(table, "_bd_cell", (data, False))
        if open_content:
            col.end_content(canv)
            if not data_cell:
                col.close()
        if data_cell:
            col.close()


def prepare(flowables) -> None:
    """Give every table among *flowables* (nested ones too) the structure callback."""
    for f in flowables if isinstance(flowables, (list, tuple)) else [flowables]:
        if isinstance(f, Table):
            if getattr(f, "_renderCB", None) is None:
                f._renderCB = _table_callback
            for row in f._cellvalues:
                for cell in row:
                    prepare(cell)
        elif isinstance(f, _Container) or hasattr(f, "_content"):
            prepare(getattr(f, "_content", []))
        elif isinstance(f, FigureFlowable):
            prepare(f.inner)


def add_structure(pdf, root: Node, lang: str) -> None:
    """Write the collected tree into *pdf* (pikepdf): a tagged PDF."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    pages = list(pdf.pages)
    by_page: dict[int, dict[int, object]] = {i: {} for i in range(len(pages))}
    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def make(node: Node, parent) -> object | None:
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.tag), P=parent))
        kids = Array()
        for kid in node.kids:
            if isinstance(kid, Node):
                child = make(kid, elem)
                if child is not None:
                    kids.append(child)
            else:
                page, mcid = kid
                if page >= len(pages):
                    continue
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[page].obj, MCID=mcid))
                by_page[page][mcid] = elem
        if not len(kids) and node.tag not in ("Document",):
            return None  # an element that drew nothing (an empty cell)
        elem.K = kids
        if node.lang:
            elem.Lang = pikepdf.String(node.lang)
        if node.alt:
            elem.Alt = pikepdf.String(node.alt)
        return elem

    doc = make(root, tree_root)
    doc.Lang = pikepdf.String(LANG.get(lang, lang))
    nums = Array()
    for i, page in enumerate(pages):
        marks = by_page[i]
        page.obj.StructParents = i
        page.obj.Tabs = Name.S
        nums.append(i)
        nums.append(pdf.make_indirect(Array([marks[m] for m in range(len(marks))])))
    tree_root.K = doc
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    tree_root.ParentTreeNextKey = len(pages)
    pdf.Root.StructTreeRoot = tree_root
    pdf.Root.MarkInfo = Dictionary(Marked=True)


_SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def tag_problems(path_or_bytes) -> list[str]:
    """What keeps a PDF from being tagged as this module tags (empty when it is): ``MarkInfo``,
    a structure tree whose parent tree resolves every marked-content id of every page to the
    element that claims it, and no text drawn outside marked content (element or artifact)."""
    import io as _io

    import pikepdf

    src = _io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    problems: list[str] = []
    with pikepdf.open(src) as pdf:
        mark = pdf.Root.get("/MarkInfo")
        if mark is None or not bool(mark.get("/Marked", False)):
            problems.append("no /MarkInfo /Marked true")
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return problems + ["no /StructTreeRoot"]
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for p, page in enumerate(pdf.pages):
            key = page.obj.get("/StructParents")
            if key is None or int(key) not in parents:
                problems.append(f"page {p + 1}: no /StructParents in the parent tree")
                continue
            owners = parents[int(key)]
            depth, mcids = 0, []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    depth += 1
                    if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                        mcids.append(int(operands[1].MCID))
                elif name == "EMC":
                    depth -= 1
                elif name in _SHOW_TEXT and depth <= 0:
                    problems.append(f"page {p + 1}: text drawn outside marked content")
                    break
            if depth != 0:
                problems.append(f"page {p + 1}: unbalanced marked content")
            if sorted(mcids) != list(range(len(owners))):
                problems.append(f"page {p + 1}: marked-content ids {sorted(mcids)[:5]}… "
                                f"do not match the parent tree ({len(owners)})")
                continue
            for mcid in mcids:
                claimed = [k for k in owners[mcid].K if isinstance(k, pikepdf.Dictionary)
                           and int(k.get("/MCID", -1)) == mcid and k.Pg.objgen == page.obj.objgen]
                if not claimed:
                    problems.append(f"page {p + 1}: MCID {mcid} not claimed by its element")
                    break
    return problems


def structure_outline(path_or_bytes) -> list[tuple[str, str]]:
    """(element type, language) of every structure element in reading order (for tests)."""
    import io as _io

    import pikepdf

    src = _io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    out: list[tuple[str, str]] = []

    def walk(elem):
        out.append((str(elem.S)[1:], str(elem.get("/Lang", ""))))
        kids = elem.get("/K")
        for k in (kids if isinstance(kids, pikepdf.Array) else []):
            if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.StructElem:
                walk(k)

    with pikepdf.open(src) as pdf:
        walk(pdf.Root.StructTreeRoot.K)
    return out
