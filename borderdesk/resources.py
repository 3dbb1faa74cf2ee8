"""Find bundled files both in a checkout and in the frozen (PyInstaller) app.

The spec's ``datas`` mirror these folders: ``resources/`` and ``translations/``
are copied next to the package in the frozen folder.
"""
from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def get_asset(*parts: str) -> Path:
    """Path of a file under ``resources/`` (fonts, icons, licences)."""
    return base_dir().joinpath("resources", *parts)


def translations_dir() -> Path:
    return base_dir() / "translations"
