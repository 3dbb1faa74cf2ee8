"""Vietnamese all the way down: every window, dialog and menu, in each language, with no English
left in Vietnamese or Chinese (proper names aside) and no text cut off, Qt's own strings included."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox

from borderdesk.services import demo
from borderdesk.ui import inspect, language
from tests.ui_walk import english_in, english_words, run_modal, settle, walk


@pytest.fixture
def demo_window(post_db, own_settings, qtbot):  # noqa: F811
    from borderdesk.ui.app import create_main_window
    from borderdesk.ui.records.page import RecordPage
    from borderdesk.ui.signals import reset_bridge

    from borderdesk.ui.fonts import install_fonts
    from borderdesk.ui.style import apply_style

    install_fonts(QApplication.instance())  # the faces and the look of the desk, as at start-up
    apply_style(QApplication.instance())
    demo.fill_demo()
    reset_bridge()
    w = create_main_window()
    for page in w.pages.values():
        if isinstance(page, RecordPage):
            page.form.ask_unsaved = lambda: "discard"
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    settle()
    yield w
    w.close()
    reset_bridge()
    language.apply_language("en")


@pytest.mark.parametrize("lang", ["vi", "zh", "en"])
def test_every_screen_speaks_the_language_and_shows_its_whole_text(demo_window, lang):
    language.switch_language(lang, remember=False)
    settle()
    vocabulary = english_words()
    english: list[str] = []
    cut: list[str] = []
    looked: list[str] = []

    def look(name, widget):
        looked.append(name)
        if lang != "en":
            for seen in inspect.visible_texts(widget):
                words = english_in(seen.text, vocabulary)
                if words:
                    english.append(f"[{name}] {seen} -> {words}")
        cut.extend(f"[{name}] {seen}" for seen in inspect.cut_texts(widget))

    walk(demo_window, look)
    assert {"dashboard", "handover form", "talks new", "registry tab 1", "file dialog", "print dialog",
            "unsaved changes", "context menu of QLineEdit"} <= set(looked)
    problems = [f"English: {e}" for e in sorted(set(english))] + [f"cut: {c}" for c in sorted(set(cut))]
    assert not problems, f"{lang}:\n" + "\n".join(problems)


def test_qt_own_dialogs_speak_vietnamese(demo_window):
    language.switch_language("vi", remember=False)
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel | QDialogButtonBox.Close)
    assert [box.button(b).text() for b in (QDialogButtonBox.Ok, QDialogButtonBox.Cancel, QDialogButtonBox.Close)] == \
        ["Đồng ý", "Hủy", "Đóng"]
    question = QMessageBox(QMessageBox.Question, "BorderDesk", "?", QMessageBox.Yes | QMessageBox.No, demo_window)
    texts = []
    run_modal(question.exec, lambda _n, w: texts.extend(b.text() for b in w.buttons()), "yes/no")
    assert sorted(t.replace("&", "") for t in texts) == ["Có", "Không"]
    editor = QLineEdit()
    menu = editor.createStandardContextMenu()
    assert {a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()} >= {"Sao chép", "Dán", "Cắt", "Chọn tất cả"}
    dialog = QFileDialog(demo_window)
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    dialog.show()
    shown = {s.text for s in inspect.visible_texts(dialog)}
    assert {"Tìm trong:", "Tên tệp:", "Loại tệp:"} <= shown
    dialog.close()
    language.switch_language("zh", remember=False)
    assert QDialogButtonBox(QDialogButtonBox.Cancel).button(QDialogButtonBox.Cancel).text() == "取消"
    language.switch_language("en", remember=False)
    assert QDialogButtonBox(QDialogButtonBox.Cancel).button(QDialogButtonBox.Cancel).text() == "Cancel"
