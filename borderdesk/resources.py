"""Find bundled files both in a checkout and in the frozen (PyInstaller) app.

The spec's ``datas`` mirror these folders: ``resources/`` and ``translations/``
are copied next to the package in the frozen folder, and into ``borderdesk/_data/`` of a wheel.
"""
from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    """The folder holding ``resources/`` and ``translations/``: the frozen app's, the installed
    package's ``_data/`` (a wheel: ``setup.py`` puts them there), or the checkout's."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent
    installed = package / "_data"
    if installed.is_dir():
        return installed
    return package.parent


def get_asset(*parts: str) -> Path:
    """Path of a file under ``resources/`` (fonts, icons, licences)."""
    return base_dir().joinpath("resources", *parts)


def translations_dir() -> Path:
    return base_dir() / "translations"
