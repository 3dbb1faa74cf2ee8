"""Prove a PDF draws every character it holds: read it back, glyph by glyph.

For every string a page shows, the checker takes the font selected for it,
the character each code stands for (the font's ToUnicode map), and the glyph
the *embedded* font file draws for that code; it then compares that glyph's
outline with the outline the original font (in ``resources/fonts``) has for
the character. A character drawn with a non-embedded font, a code that maps
to no glyph or to ``.notdef``, or an outline that differs from the
character's own is a problem: on paper it would be a box, a blank or the
wrong letter. Used by the tests on every document they make; needs fontTools.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from borderdesk.documents.fonts import FONT_FILES
from borderdesk.resources import get_asset


@dataclass
class GlyphReport:
    text: str = ""  # every character drawn, in content-stream order
    problems: list[str] = field(default_factory=list)
    fonts: set[str] = field(default_factory=set)  # base font names used
    glyphs_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@lru_cache(maxsize=None)
def _originals() -> dict[str, object]:
    """PostScript name -> fontTools TTFont of every shipped font."""
    import logging

    from fontTools.ttLib import TTFont

    # WenQuanYi's glyf table carries 4 bytes of padding fontTools warns about; harmless
    logging.getLogger("fontTools.ttLib.tables._g_l_y_f").setLevel(logging.ERROR)
    out = {}
    for filename, index in FONT_FILES.values():
        font = TTFont(str(get_asset("fonts", filename)), fontNumber=index, lazy=True)
        ps = font["name"].getDebugName(6) or Path(filename).stem
        out[ps] = font
    return out


def _outline(font, glyph_name: str):
    glyf = font["glyf"]
    g = glyf[glyph_name]
    if g.numberOfContours == 0:
        return ()
    coords, ends, _flags = g.getCoordinates(glyf)
    return tuple((round(x), round(y)) for x, y in coords), tuple(ends)


def _parse_tounicode(data: bytes) -> dict[int, str]:
    """The ``bfchar``/``bfrange`` entries of a one-byte ToUnicode CMap."""
    import re

    out: dict[int, str] = {}
    text = data.decode("latin-1")

    def u(hexstr: str) -> str:
        raw = bytes.fromhex(hexstr)
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = u(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + i)
    return out


class _FontCheck:
    """What one font resource of a page draws for each one-byte code."""

    def __init__(self, font_dict):
        from fontTools.ttLib import TTFont

        self.base = str(font_dict.get("/BaseFont", "?"))[1:]
        self.problem = None
        self.tounicode: dict[int, str] = {}
        self.embedded = None
        self.code_to_glyph: dict[int, str] = {}
        descriptor = font_dict.get("/FontDescriptor")
        if descriptor is None or "/FontFile2" not in descriptor.get_object():
            self.problem = f"font {self.base} is not an embedded TrueType font"
            return
        if "/ToUnicode" not in font_dict:
            self.problem = f"font {self.base} has no ToUnicode map"
            return
        self.tounicode = _parse_tounicode(font_dict["/ToUnicode"].get_object().get_data())
        data = descriptor.get_object()["/FontFile2"].get_object().get_data()
        self.embedded = TTFont(io.BytesIO(data))
        for table in self.embedded["cmap"].tables:
            for code, name in table.cmap.items():
                self.code_to_glyph.setdefault(code & 0xFF, name)
        ps = self.base.split("+", 1)[-1]
        # reportlab names a font taken from a collection "<name>-<index>"
        self.original = _originals().get(ps) or _originals().get(ps.rsplit("-", 1)[0])
        if self.original is None:
            self.problem = f"font {self.base} is not one of the shipped fonts"

    @lru_cache(maxsize=None)
    def check(self, code: int) -> tuple[str, str | None]:
        """(the character, a problem or None) for one code shown in this font."""
        ch = self.tounicode.get(code)
        if not ch or ch == "\x00":
            # reportlab shows a character its font lacks as code 0 (.notdef)
            return "\ufffd", f"{self.base}: code {code} maps to no character (a character the font lacks)"
        name = self.code_to_glyph.get(code)
        if name is None or self.embedded.getGlyphID(name) == 0:
            return ch, f"{self.base}: {ch!r} (U+{ord(ch[0]):04X}) has no glyph in the embedded font"
        orig_name = self.original.getBestCmap().get(ord(ch[0]))
        if orig_name is None:
            return ch, f"{self.base}: the font has no glyph for {ch!r} (U+{ord(ch[0]):04X}); it prints as a box"
        drawn = _outline(self.embedded, name)
        expected = _outline(self.original, orig_name)
        if drawn != expected:
            return ch, f"{self.base}: the glyph drawn for {ch!r} is not that character's outline"
        if not drawn and not ch.isspace():
            return ch, f"{self.base}: {ch!r} draws an empty glyph"
        return ch, None


def _string_bytes(obj) -> bytes:
    if hasattr(obj, "get_original_bytes"):
        return obj.get_original_bytes()
    if isinstance(obj, bytes):
        return obj
    return str(obj).encode("latin-1", errors="replace")


def check_pdf(path: str | Path) -> GlyphReport:
    """Read *path* back and report every character not drawn by a glyph of its own."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    report = GlyphReport()
    drawn: list[str] = []
    checks: dict[int, _FontCheck] = {}  # by id of the font dictionary object
    for page_no, page in enumerate(reader.pages, 1):
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        contents = page.get_contents()
        if contents is None:
            continue
        current: _FontCheck | None = None
        for operands, op in ContentStream(contents, reader).operations:
            if op == b"Tf":
                ref = fonts.get(operands[0]) if fonts else None
                if ref is None:
                    report.problems.append(f"page {page_no}: unknown font {operands[0]}")
                    current = None
                    continue
                key = ref.idnum if hasattr(ref, "idnum") else id(ref)
                if key not in checks:
                    checks[key] = _FontCheck(ref.get_object())
                current = checks[key]
                continue
            if op in (b"Tj", b"'", b'"'):
                strings = [operands[-1]]
            elif op == b"TJ":
                strings = [x for x in operands[0] if not isinstance(x, (int, float)) and not hasattr(x, "as_numeric")]
            else:
                continue
            for s in strings:
                raw = _string_bytes(s)
                if not raw:
                    continue
                if current is None:
                    report.problems.append(f"page {page_no}: text shown with no font selected")
                    continue
                report.fonts.add(current.base)
                if current.problem:
                    report.problems.append(f"page {page_no}: {current.problem}: {raw[:40]!r}")
                    continue
                for code in raw:
                    ch, problem = current.check(code)
                    report.glyphs_checked += 1
                    drawn.append(ch)
                    if problem:
                        report.problems.append(f"page {page_no}: {problem}")
            drawn.append("\n") if op in (b"'", b'"') else None
    report.text = "".join(drawn)
    # one line per distinct problem is enough to act on
    report.problems = list(dict.fromkeys(report.problems))
    return report


GENERIC_TITLES = {"", "untitled", "BÁO CÁO / 报告", "BÁO CÁO", "报告", "document"}


def assert_pdfa(path: str | Path | bytes) -> dict:
    """Raise AssertionError unless the PDF is PDF/A-2b as an archive reads it: validated, XMP with
    ``pdfaid`` part 2 conformance B, an sRGB output intent with its ICC profile, a document
    language, a real title and subject, every font embedded; and tagged (``tagging.tag_problems``).
    Returns the properties read."""
    from borderdesk.documents import pdfa

    got = pdfa.inspect(path)
    problems = []
    if not got["passed"]:
        problems.append("not PDF/A-2b: " + "; ".join(got["findings"][:5]))
    if str(got["part"]) != "2" or str(got["conformance"]).upper() != "B":
        problems.append(f"pdfaid {got['part']}/{got['conformance']}")
    if "/GTS_PDFA1" not in got["output_intents"] or not got["icc"]:
        problems.append(f"output intents {got['output_intents']}")
    if not got["lang"]:
        problems.append("no document language")
    if got["title"].strip() in GENERIC_TITLES or not got["subject"].strip():
        problems.append(f"title {got['title']!r}, subject {got['subject']!r}")
    if got["unembedded_fonts"]:
        problems.append(f"fonts not embedded: {got['unembedded_fonts']}")
    from borderdesk.documents.tagging import tag_problems

    problems += tag_problems(path)
    if problems:
        raise AssertionError(f"{path if not isinstance(path, bytes) else 'PDF'}: " + "; ".join(problems))
    return got


def assert_every_glyph_drawn(path: str | Path) -> GlyphReport:
    """Raise AssertionError naming each problem (for tests); returns the report.

    Every document the tests read back this way is also checked as PDF/A-2b (:func:`assert_pdfa`)."""
    report = check_pdf(path)
    if report.problems:
        raise AssertionError(f"{path}: " + "; ".join(report.problems[:20]))
    assert_pdfa(path)
    return report
