"""The desk's look: one stylesheet (``resources/style/borderdesk.qss``), one icon set (Tabler,
``resources/icons/tabler/``, MIT) and the colours both use.

:func:`apply_style` is called once at start (and by the screenshots command and the GUI tests);
:func:`icon` draws an SVG of the set in a colour at every size Qt asks for, so icons are sharp
at 150 % and 200 % scaling.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from borderdesk.resources import get_asset

PALETTE = {
    "window": "#f3f5f4", "surface": "#ffffff", "alternate": "#f7f9f8", "header": "#e8eeeb",
    "line": "#dde4e1", "border": "#bcc7c2", "hover": "#eaf2ee", "selection": "#cde6db",
    "text": "#1b2622", "title": "#17372d", "muted": "#5b6b65", "disabled": "#9aa6a1",
    "accent": "#1f7a5c", "accentDark": "#17604a",
    "nav": "#17332b", "navText": "#e6efeb", "navHover": "#24473c",
    # Okabe-Ito: told apart with every common colour blindness (and always said in words too)
    "bad": "#d55e00", "warn": "#b35c00", "good": "#007a5e", "info": "#0072b2",
}
#: status colours used in lists, the dashboard and the navigation's badges
OVERDUE = PALETTE["bad"]
DUE_SOON = PALETTE["info"]
ANSWERED = PALETTE["good"]

#: the icon of each page of the navigation
PAGE_ICONS = {
    "dashboard": "layout-dashboard", "hotline_call": "phone-call", "letter": "mail", "talks": "messages",
    "meeting": "users-group", "patrol": "route", "handover": "arrows-exchange", "case": "file-alert",
    "friendship": "heart-handshake", "registry": "address-book", "reports": "report-analytics",
    "sync": "refresh", "audit": "history",
}
_SIZES = (16, 20, 24, 32, 48, 64)


def stylesheet() -> str:
    text = get_asset("style", "borderdesk.qss").read_text(encoding="utf-8")
    # longest names first: @accentDark before @accent
    for name in sorted(PALETTE, key=len, reverse=True):
        text = text.replace("@" + name, PALETTE[name])
    return text


def apply_style(app: QApplication) -> None:
    """Fusion (the same on Windows and Linux) with BorderDesk's stylesheet; once per application
    (changing the style under live widgets is what Qt handles worst)."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    sheet = stylesheet()
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


@lru_cache(maxsize=None)
def _svg(name: str, color: str) -> bytes:
    path = get_asset("icons", "tabler", f"{name}.svg")
    return path.read_text(encoding="utf-8").replace("currentColor", color).encode("utf-8")


def icon(name: str, color: str = PALETTE["title"]) -> QIcon:
    """The icon *name* of the set (``phone-call``) drawn in *color*, sharp at any size."""
    renderer = QSvgRenderer(QByteArray(_svg(name, color)))
    if not renderer.isValid():
        raise ValueError(f"not an icon of the set: {name}")
    out = QIcon()
    for px in _SIZES:
        pixmap = QPixmap(QSize(px, px))
        pixmap.fill(Qt.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter, QRectF(0, 0, px, px))
        painter.end()
        out.addPixmap(pixmap)
    return out


def color(name: str) -> QColor:
    return QColor(PALETTE[name])
