"""PDF/A-2b for every document: metadata, document language, sRGB output intent, validated on save.

Reportlab writes the page content with embedded TrueType subsets; this module
then opens the bytes with pikepdf, names the document (title, subject,
author, language, XMP with ``pdfaid``), adds the sRGB OutputIntent and writes
the file through :func:`pikepdf.pdfa.save`, which validates what it wrote
against the PDF/A-2b rules and refuses to write a file that fails them.
"""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pikepdf.pdfa

#: BCP 47 tags of the documents' languages (the first is the document's language)
LANG_TAGS = {"vi": "vi-VN", "zh": "zh-CN"}


class PdfaFailure(RuntimeError):
    """The written PDF did not pass PDF/A-2b (a bug in a document, never the user's input)."""


def _drop_unused_fonts(pdf) -> None:
    """Remove font resources no text of any page selects.

    Reportlab lists a standard Helvetica (never embedded) in the font dictionary every page
    shares, even when nothing is drawn with it. A font some page selects stays, so an
    unembedded font in use still fails the validation.
    """
    used: set[str] = set()
    dicts = {}
    for page in pdf.pages:
        used |= {str(operands[0]) for operands, _op in pikepdf.parse_content_stream(page, "Tf")}
        fonts = page.Resources.get("/Font")
        if fonts is not None:
            dicts[fonts.objgen if fonts.is_indirect else id(fonts)] = fonts
    for fonts in dicts.values():
        for name in list(fonts.keys()):
            if name not in used:
                del fonts[name]


def finish(pdf_bytes: bytes, out: str | Path | io.BytesIO, *, title: str, subject: str, lang: str,
           author: str = "BorderDesk", structure=None) -> None:
    """Write *pdf_bytes* to *out* as PDF/A-2b, with *title*, *subject* and document language *lang*;
    tagged with *structure* (the :class:`tagging.Node` tree the build collected) when given."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            # reportlab writes an empty /Trans (page transition) the PDF/A schema does not list
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        _drop_unused_fonts(pdf)
        if structure is not None:
            from borderdesk.documents.tagging import add_structure

            add_structure(pdf, structure, lang)
        pdf.Root.Lang = pikepdf.String(LANG_TAGS.get(lang, lang))
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        pdf.docinfo["/Title"] = title
        pdf.docinfo["/Subject"] = subject
        pdf.docinfo["/Author"] = author
        pdf.docinfo["/Creator"] = "BorderDesk"
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            if "/Trapped" in pdf.docinfo:
                del pdf.docinfo["/Trapped"]  # no XMP equivalent in PDF/A-2
            meta.load_from_docinfo(pdf.docinfo, raise_failure=False)
            meta["dc:title"] = title
            meta["dc:description"] = subject
            meta["dc:language"] = [LANG_TAGS.get(lang, lang)]
        target = str(out) if isinstance(out, (str, Path)) else out
        try:
            pikepdf.pdfa.save(pdf, target, "2b")
        except pikepdf.pdfa.PdfaError as e:
            raise PdfaFailure(str(e)) from e


def inspect(path_or_bytes: str | Path | bytes) -> dict:
    """The PDF/A properties of a PDF, for tests and ``check``: what a reader or an archive looks at."""
    def source():
        return io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes)

    report = pikepdf.pdfa.validate_written(source(), "2b")
    with pikepdf.open(source()) as pdf:
        meta = pdf.open_metadata()
        intents = pdf.Root.get("/OutputIntents") or []
        unembedded = set()
        for page in pdf.pages:
            fonts = page.Resources.get("/Font") or {}
            for _name, font in fonts.items():
                desc = font.get("/FontDescriptor")
                if font.get("/Subtype") == "/Type0":
                    desc = font.DescendantFonts[0].get("/FontDescriptor")
                if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    unembedded.add(str(font.get("/BaseFont")))
        return {
            "passed": report.passed,
            "findings": [str(f) for f in report.findings],
            "version": pdf.pdf_version,
            "part": meta.get("pdfaid:part"),
            "conformance": meta.get("pdfaid:conformance"),
            "title": str(pdf.docinfo.get("/Title", "")),
            "subject": str(pdf.docinfo.get("/Subject", "")),
            "xmp_title": meta.get("dc:title"),
            "lang": str(pdf.Root.get("/Lang", "")),
            "output_intents": [str(i.get("/S")) for i in intents],
            "icc": bool(intents) and "/DestOutputProfile" in intents[0],
            "unembedded_fonts": sorted(unembedded),
        }
