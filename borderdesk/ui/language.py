"""Switching the interface language while the desk is open.

:func:`switch_language` sets the language of ``borderdesk.i18n`` (``_`` reads it
at call time), remembers it in the settings, points Qt's own strings and
``QLocale`` at it, and then tells every screen: the :data:`notifier`'s
``changed`` signal fires, and every top-level widget receives
``QEvent.LanguageChange`` (Qt forwards it to all children), so a screen may
either connect to the signal or override ``changeEvent`` and call its
``retranslate()``. Dates and numbers follow because ``borderdesk.i18n.formatting``
reads the current language on every call.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QWidget

from borderdesk import i18n
from borderdesk.resources import translations_dir
from borderdesk.ui import settings as ui_settings

#: Each language named in itself, as the language menu and the setup assistant show it.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "zh": "中文", "en": "English"}
SETTINGS_KEY = "language"
_QT_LOCALES = {"vi": "vi_VN", "zh": "zh_CN", "en": "en_GB"}


class LanguageNotifier(QObject):
    """Emits ``changed(lang)`` after the interface language changed."""

    changed = Signal(str)


_notifier: LanguageNotifier | None = None
_qt_translators: list[QTranslator] = []


def notifier() -> LanguageNotifier:
    global _notifier
    if _notifier is None:
        _notifier = LanguageNotifier()
    return _notifier


def saved_language() -> str | None:
    """The language chosen in an earlier run, if any."""
    return i18n.normalize_language(str(ui_settings.value(SETTINGS_KEY, "") or ""))


def apply_language(lang: str) -> str:
    """Set the language for ``_``, Qt's own strings and QLocale, without telling the screens."""
    lang = i18n.set_language(lang)
    QLocale.setDefault(QLocale(_QT_LOCALES[lang]))
    _install_qt_translator(lang)
    return lang


def switch_language(lang: str, *, remember: bool = True) -> str:
    """Switch the interface language now and retranslate every open screen."""
    lang = apply_language(lang)
    if remember:
        ui_settings.set_value(SETTINGS_KEY, lang)
    notifier().changed.emit(lang)
    app = QApplication.instance()
    if app is not None:
        for widget in QApplication.topLevelWidgets():
            QApplication.sendEvent(widget, QEvent(QEvent.LanguageChange))
    return lang


def retranslate_on_change(widget: QWidget, retranslate) -> None:
    """Call *retranslate* whenever the language changes while *widget* lives."""
    sig = notifier().changed

    def call(_lang: str) -> None:
        retranslate()

    sig.connect(call)
    widget.destroyed.connect(lambda *_a: _disconnect(sig, call))


def _disconnect(sig, fn) -> None:
    try:
        sig.disconnect(fn)
    except (RuntimeError, TypeError):
        pass


def qt_catalogs(lang: str) -> list[tuple[str, str]]:
    """File names and folders of the catalogs of Qt's own strings in *lang*, first found first.

    Chinese ships with Qt (``qtbase_zh_CN``), older than Qt 6's file dialog, so BorderDesk adds
    the strings it lacks; Vietnamese does not ship at all, so BorderDesk carries
    ``translations/qt/qtbase_vi.ts``. Both are compiled to ``.qm`` with the translations.
    """
    ours = str(translations_dir() / "qt")
    if lang == "vi":
        return [("qtbase_vi", ours)]
    if lang == "zh":
        return [("qtbase_zh_CN_extra", ours), ("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.TranslationsPath))]
    return []


def _install_qt_translator(lang: str) -> None:
    """Qt's standard buttons and dialogs: Yes/No, Cancel, the file dialog, a text field's menu."""
    app = QApplication.instance()
    if app is None:
        return
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    # the translator installed last is asked first: install in reverse order of preference
    for name, folder in reversed(qt_catalogs(lang)):
        tr = QTranslator(app)
        if not tr.load(name, folder):
            # compiled at set-up: a missing catalog is a broken installation, said in one line
            raise FileNotFoundError(f"Qt catalog {name}.qm not found in {folder}: "
                                    "run `python scripts/i18n.py compile`")
        app.installTranslator(tr)
        _qt_translators.append(tr)
