"""The GUI's own settings (QSettings): window geometry, splitters, language, last database.

Tests set ``BORDERDESK_SETTINGS=/path/file.ini`` so they never read or write the
settings of the person running them.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

ORGANIZATION = "BorderDesk"
APPLICATION = "BorderDesk"


def settings() -> QSettings:
    """The settings store: the INI file named by ``BORDERDESK_SETTINGS``, else the platform's."""
    path = os.environ.get("BORDERDESK_SETTINGS")
    if path:
        return QSettings(path, QSettings.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


def value(key: str, default=None):
    v = settings().value(key, default)
    return default if v is None else v


def set_value(key: str, v) -> None:
    s = settings()
    s.setValue(key, v)
    s.sync()


def save_geometry(widget: QWidget, key: str) -> None:
    set_value(f"geometry/{key}", widget.saveGeometry())


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """*width* × *height*, or less where the screen is smaller: a 1,000-pixel preview on a
    1366×768 laptop ran off the bottom of the screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    if area is not None:
        width, height = min(width, area.width()), min(height, area.height() - 40)  # 40: the title bar
    widget.resize(width, height)


def restore_geometry(widget: QWidget, key: str) -> bool:
    data = settings().value(f"geometry/{key}")
    return bool(data) and widget.restoreGeometry(data)


def save_splitter(splitter: QSplitter, key: str) -> None:
    set_value(f"splitter/{key}", splitter.saveState())


def restore_splitter(splitter: QSplitter, key: str) -> bool:
    data = settings().value(f"splitter/{key}")
    return bool(data) and splitter.restoreState(data)
