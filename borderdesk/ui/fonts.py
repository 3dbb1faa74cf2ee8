"""Fonts: register the fonts BorderDesk ships and make the interface draw both scripts.

An old laptop at a post may have no Chinese font at all, and some Windows
installs draw Vietnamese letters with stacked diacritics badly. The fonts in
``resources/fonts/`` are registered with Qt at start-up, and the application
font becomes the platform's own face followed by a shipped face that covers
Vietnamese *and* Chinese (WenQuanYi Micro Hei): Qt takes every glyph the first
face lacks from the next one.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import QApplication

from borderdesk.resources import get_asset

#: Faces that cover Vietnamese and Chinese, best first.
UI_FALLBACK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "SimSun")
#: Where a development machine may keep the UI face when resources/ lacks it.
_SYSTEM_FALLBACK_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
)
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
SAMPLE_VI = "Đồn Biên phòng Pha Long"
SAMPLE_ZH = "河口出入境边防检查站"

_registered: dict[str, list[str]] = {}


def font_files() -> list[Path]:
    """The font files shipped in ``resources/fonts/``."""
    folder = get_asset("fonts")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def register_fonts() -> dict[str, list[str]]:
    """Register every shipped font once; returns file path -> families it added."""
    files = font_files()
    # the face known to cover both scripts is looked at first: loading each shipped face (a
    # Song face is megabytes) only to find it lacks one script would cost every start
    likely = sorted(files, key=lambda p: not p.name.lower().startswith("wqy"))
    if not any(_covers_both(p) for p in likely):
        files += [Path(p) for p in _SYSTEM_FALLBACK_FILES if Path(p).is_file()][:1]
    for path in files:
        key = str(path)
        if key in _registered:
            continue
        font_id = QFontDatabase.addApplicationFont(key)
        _registered[key] = list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
    return dict(_registered)


def _covers_both(path: Path) -> bool:
    raw = QRawFont(str(path), 12)
    return raw.isValid() and supports(raw, SAMPLE_VI + SAMPLE_ZH)


def supports(raw: QRawFont, text: str) -> bool:
    """Whether *raw* has a glyph for every visible character of *text*."""
    # ord(): the str overload of supportsCharacter misreads some characters (Đ).
    return all(raw.supportsCharacter(ord(ch)) for ch in text if not ch.isspace())


def ui_families(base_family: str) -> list[str]:
    """The application font's families: the platform face, then a face for both scripts."""
    available = set(QFontDatabase.families())
    families = [base_family] if base_family else []
    for fam in UI_FALLBACK_FAMILIES:
        if fam in available and fam not in families:
            families.append(fam)
            break
    return families


def install_fonts(app: QApplication | None = None) -> QFont:
    """Register the shipped fonts and set the application font; returns it."""
    app = app or QApplication.instance()
    register_fonts()
    font = QFont(app.font())
    font.setFamilies(ui_families(font.family()))
    app.setFont(font)
    return font


def draws(font: QFont, text: str) -> bool:
    """Whether some family of *font* has a glyph for every character of *text* (no boxes)."""
    raws = [QRawFont.fromFont(QFont(fam)) for fam in font.families() or [font.family()]]
    return all(any(r.isValid() and r.supportsCharacter(ord(ch)) for r in raws) for ch in text if not ch.isspace())
