"""Translations: one place that defines ``_``, ``N_`` and ``ngettext``.

English source strings; catalogs for ``vi`` and ``zh_CN`` live in
``translations/<lang>/LC_MESSAGES/borderdesk.mo`` (compiled by
``scripts/i18n.py compile``). Nothing is injected into builtins: modules import
``_`` from here, and ``_`` looks up the current language at call time so that a
language switch in the GUI takes effect on the next redraw.
"""
from __future__ import annotations

import gettext as _gettext
import locale
import os
import sys
import threading

from borderdesk.resources import translations_dir

DOMAIN = "borderdesk"
#: Interface languages in the order the setup assistant offers them.
LANGUAGES = ("vi", "zh", "en")
#: Babel/gettext locale for each interface language.
LOCALES = {"vi": "vi", "zh": "zh_CN", "en": "en"}

_lock = threading.Lock()
_current = "vi"
_catalogs: dict[str, _gettext.NullTranslations] = {}


def normalize_language(code: str | None) -> str | None:
    """Map ``vi_VN.UTF-8``, ``zh-CN``, ``zh_CN``, ``en_US`` … to ``vi``/``zh``/``en``."""
    if not code:
        return None
    code = code.strip().lower().replace("-", "_")
    # Windows names its locales in words ("Vietnamese_Vietnam", "Chinese (Simplified)_China").
    for word, lang in (("vietnamese", "vi"), ("chinese", "zh"), ("english", "en")):
        if code.startswith(word):
            return lang
    for lang in LANGUAGES:
        if code == lang or code.startswith(lang + "_") or code.startswith(lang + "."):
            return lang
    return None


def system_language() -> str:
    """The language of the system when we have a catalog for it, else Vietnamese.

    On Linux and macOS the locale variables are the system's choice; none set, ``C``,
    ``C.UTF-8`` and ``POSIX`` state no language (Python would call them ``en_US``), so
    they mean Vietnamese. Windows has no such variables: its user locale is asked.
    """
    for var in ("BORDERDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        lang = normalize_language(value)
        if lang:
            return lang
        if value and value.split(".")[0].upper() in ("C", "POSIX"):
            return "vi"
    if sys.platform != "win32":
        return "vi"
    try:
        lang = normalize_language(locale.getlocale()[0])
    except ValueError:
        lang = None
    return lang or "vi"


def _catalog(lang: str) -> _gettext.NullTranslations:
    with _lock:
        cat = _catalogs.get(lang)
        if cat is None:
            if lang == "en":
                cat = _gettext.NullTranslations()
            else:
                cat = _gettext.translation(
                    DOMAIN, localedir=str(translations_dir()), languages=[LOCALES[lang]], fallback=True
                )
            _catalogs[lang] = cat
        return cat


def set_language(lang: str) -> str:
    """Switch the interface language; returns the normalized code."""
    global _current
    norm = normalize_language(lang)
    if norm is None:
        raise ValueError(f"unknown language: {lang!r}")
    _current = norm
    return norm


def current_language() -> str:
    return _current


def reload_catalogs() -> None:
    """Forget loaded catalogs (after compiling new ``.mo`` files)."""
    with _lock:
        _catalogs.clear()


def _(message: str) -> str:
    return _catalog(_current).gettext(message)


def gettext_for(lang: str, message: str) -> str:
    """Translate into a given language regardless of the interface language (bilingual documents)."""
    return _catalog(normalize_language(lang) or "en").gettext(message)


def ngettext_for(lang: str, singular: str, plural: str, n: int) -> str:
    """The plural form for *n* in a given language regardless of the interface language."""
    return _catalog(normalize_language(lang) or "en").ngettext(singular, plural, n)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate later with ``_``."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction; translate later with ``ngettext``."""
    return singular, plural
