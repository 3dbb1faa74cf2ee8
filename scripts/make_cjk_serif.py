"""Make resources/fonts/BDSerifCJKsc-Medium.ttf: Noto Serif CJK SC Medium with TrueType outlines.

reportlab embeds TrueType-outline fonts only, and the free Song/Ming faces with TrueType
outlines (AR PL SungtiL GB, AR PL UMing) are hairline-thin beside Noto Serif, so Chinese
body text looked grey next to the Vietnamese. Noto Serif CJK (SIL OFL 1.1) has the
weights, but its outlines are CFF (cubic). Measured on one line of body text at 13 pt
(600 dpi; mean stroke = 2 x ink area / ink outline; colour = ink / (advance x em)):

    Noto Serif Regular (Vietnamese)   stroke 0.85 pt   colour 0.207
    AR PL SungtiL GB (before)         stroke 0.45 pt   colour 0.152
    Noto Serif CJK SC Regular         stroke 0.54 pt   colour 0.190
    Noto Serif CJK SC Medium          stroke 0.63 pt   colour 0.219
    Noto Serif CJK SC SemiBold        stroke 0.71 pt   colour 0.248

A Song face's horizontals are thin by design, so no weight matches the mean stroke of a
Latin serif; the page's colour is what the eye compares, and Medium is the nearest to it
(and looked the most even beside the Vietnamese at 100 dpi). This script takes the Simplified
Chinese face of Noto Serif CJK Medium,
keeps the characters a Chinese document of the product needs, converts the cubic curves to
quadratic ones (fontTools.cu2qu, at most 1 unit in 1000 off the original) and writes a
TrueType font under a family name of its own, BorderDesk Serif CJK SC ("Noto" is a Google
trademark and Source Han Serif, the same design, reserves the name "Source" under the OFL).

Characters kept: every character of the source face that GBK can encode (all 21,003 GBK
Han characters: every name a Chinese identity card of the units opposite can print in
practice, plus punctuation, fullwidth forms, kana and Greek/Cyrillic of GB 2312), the whole
CJK Unified Ideographs block (U+4E00-U+9FFF, a superset of GBK's Han), the CJK symbols and
punctuation, fullwidth and halfwidth forms. Rarer characters (CJK Extension A and beyond)
fall back to WenQuanYi Micro Hei in the PDF, which draws them in a heavier Hei.

Usage (Debian 12: ``apt-get install fonts-noto-cjk-extra`` for the Medium weight, 2.001;
fontTools is in the test extras; about 3 minutes):
    .venv/bin/python scripts/make_cjk_serif.py [--source NotoSerifCJK-Medium.ttc] [--out PATH]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Medium.ttc")
DEFAULT_OUT = ROOT / "resources" / "fonts" / "BDSerifCJKsc-Medium.ttf"
FAMILY = "BorderDesk Serif CJK SC"
MAX_ERR = 1.0  # font units (1000 per em): the quadratic curve stays within 1/1000 em of the cubic

RANGES = (
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # halfwidth and fullwidth forms
)


def _sc_face(source: Path) -> TTFont:
    if source.suffix.lower() == ".ttc":
        for face in TTCollection(str(source), lazy=False).fonts:
            name = face["name"]
            if (name.getDebugName(16) or name.getDebugName(1)).endswith(" SC") or " SC " in name.getDebugName(1):
                return face
        raise SystemExit(f"{source}: no Simplified Chinese (SC) face in this collection")
    return TTFont(str(source), lazy=False)


def wanted(cmap: dict[int, str]) -> set[int]:
    keep = set()
    for cp in cmap:
        if any(lo <= cp <= hi for lo, hi in RANGES):
            keep.add(cp)
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        keep.add(cp)
    return keep


def _to_truetype(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca with quadratic outlines (fontTools' otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # computes each glyph's bounds
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        width, _lsb = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1  # the point and contour maxima are recomputed when the font is saved
    post = font["post"]
    post.formatType = 3.0  # no glyph names: 20,000 "cidNNNNN" strings would only cost space
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont) -> None:
    """One family name of our own, the weight kept as its style (Medium stays Medium)."""
    name = font["name"]
    original = name.getDebugName(4)
    weight = name.getDebugName(17) or name.getDebugName(2) or "Regular"
    ps_name = f"{FAMILY.replace(' ', '')}-{weight.replace(' ', '')}"
    name.names = [r for r in name.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, text in ((1, f"{FAMILY} {weight}" if weight not in ("Regular", "Bold") else FAMILY),
                          (2, "Regular" if weight not in ("Regular", "Bold") else weight),
                          (3, f"{ps_name};derived from {original}"), (4, f"{FAMILY} {weight}"),
                          (6, ps_name), (16, FAMILY), (17, weight)):
        name.setName(text, name_id, 3, 1, 0x409)
    desc = (f"{original} (SIL Open Font License 1.1), converted to TrueType outlines and subset "
            "for BorderDesk's PDF documents by scripts/make_cjk_serif.py.")
    name.setName(desc, 10, 3, 1, 0x409)


def build(source: Path, out: Path) -> TTFont:
    font = _sc_face(source)
    keep = wanted(font.getBestCmap())
    options = subset.Options()
    options.layout_features = []  # reportlab shapes nothing: no GSUB/GPOS lookups are needed
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.hinting = False  # CFF hints mean nothing to TrueType
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_bounds = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    _to_truetype(font)
    _rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return font


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source}: not found (Debian: apt-get install fonts-noto-cjk-extra)", file=sys.stderr)
        return 1
    build(args.source, args.out)
    check = TTFont(str(args.out))
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, {len(check.getBestCmap())} characters, "
          f"{check['maxp'].numGlyphs} glyphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
