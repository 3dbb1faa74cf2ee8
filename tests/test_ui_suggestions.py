"""At the desk: a new talk's Vietnamese agreed point brings its Chinese twin, chosen with one key."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt

from borderdesk.services import session
from borderdesk.services import demo as demo_service
from borderdesk.store import models as m
from borderdesk.store.connection import close_db, init_db

from test_translation_memory import agreed_with_a_gate
from ui_helpers import discard_unsaved_edits


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from borderdesk.services.site import init_site

    path = tmp_path_factory.mktemp("demo-ui") / "demo.sqlite"
    init_db(path)
    init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    session.open_session()
    demo_service.fill_demo(today=dt.date(2026, 3, 10))
    close_db()
    return path


@pytest.fixture
def desk(demo_file, tmp_path, own_settings, qtbot):
    from borderdesk import i18n
    from borderdesk.ui.app import create_main_window
    from borderdesk.ui.signals import reset_bridge

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    init_db(path)
    session.open_session()
    i18n.set_language("en")
    reset_bridge()
    w = create_main_window()
    discard_unsaved_edits(w)  # record pages are built on their first visit
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    close_db()


def _ask(qtbot, pair, target):
    qtbot.keyClick(target, Qt.Key_Space, Qt.ControlModifier)
    popup = pair.suggester.popup
    qtbot.waitUntil(lambda: popup.isVisible() and popup.list.count() > 0, timeout=10000)
    return popup


def test_a_new_talks_agreed_point_gets_its_chinese_twin(desk, qtbot):
    vi, zh, gate, other = agreed_with_a_gate()
    page = desk.show_page("talks")
    page.new_record()
    pair = page.form.editors["agreed_vi"]
    assert pair is page.form.editors["agreed_zh"]

    pair.vi.setPlainText(vi)
    popup = _ask(qtbot, pair, pair.zh)
    assert popup.suggestions[0].text == zh
    first = popup.list.item(0).text()
    assert first.startswith(zh) and "100%" in first and "Talks" in first  # score and source shown
    assert pair.zh.toPlainText() == ""  # nothing filled before the officer chooses
    qtbot.keyClick(pair.zh, Qt.Key_Return)  # one key
    assert pair.zh.toPlainText() == zh and not popup.isVisible()
    assert page.form.is_dirty()  # a chosen suggestion is an edit: leaving asks first

    # the same sentence at another gate: that gate's Chinese name
    pair.zh.setPlainText("")
    pair.vi.setPlainText(vi.replace(gate.name_vi, other.name_vi))
    popup = _ask(qtbot, pair, pair.zh)
    assert popup.suggestions[0].text == zh.replace(gate.name_zh, other.name_zh)
    qtbot.keyClick(pair.zh, Qt.Key_Escape)  # closed: nothing filled
    assert not popup.isVisible() and pair.zh.toPlainText() == ""
    popup = _ask(qtbot, pair, pair.zh)
    qtbot.keyClick(pair.zh, Qt.Key_Down)
    qtbot.keyClick(pair.zh, Qt.Key_Up)
    qtbot.keyClick(pair.zh, Qt.Key_Enter)
    assert pair.zh.toPlainText() == zh.replace(gate.name_zh, other.name_zh)


def test_entering_the_empty_side_opens_the_list_by_itself(desk, qtbot):
    vi, zh, _gate, _other = agreed_with_a_gate()
    page = desk.show_page("talks")
    page.new_record()
    pair = page.form.editors["agreed_vi"]
    desk.activateWindow()
    qtbot.waitUntil(desk.isActiveWindow, timeout=5000)
    date = page.form.editors["date"].edit
    qtbot.waitUntil(date.hasFocus, timeout=5000)  # a new record puts the cursor in its first field
    pair.vi.setFocus()
    pair.vi.setPlainText(vi)
    pair.zh.setFocus()  # Tab into the Chinese side
    popup = pair.suggester.popup
    qtbot.waitUntil(lambda: popup.isVisible() and popup.list.count() > 0, timeout=10000)
    assert popup.suggestions[0].text == zh and pair.zh.toPlainText() == ""
    pair.vi.setFocus()  # leaving closes it, nothing filled
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=5000)
    assert pair.zh.toPlainText() == ""


def test_a_one_line_pair_and_the_chinese_desk(desk, qtbot):
    page = desk.show_page("hotline_call")
    page.new_record()
    pair = page.form.editors["subject_vi"]
    subject = m.HotlineCall.select().where(m.HotlineCall.subject_vi != "").first()
    pair.zh.setText(subject.subject_zh)
    popup = _ask(qtbot, pair, pair.vi)  # from Chinese to Vietnamese
    assert popup.suggestions[0].text == subject.subject_vi
    qtbot.keyClick(pair.vi, Qt.Key_Return)
    assert pair.vi.text() == subject.subject_vi

    pair.vi.setText("")
    pair.zh.setText("")
    popup = _ask(qtbot, pair, pair.zh)  # nothing to translate from: the list says so
    assert popup.suggestions == [] and popup.title.text() == "Write the other language first."
    qtbot.keyClick(pair.zh, Qt.Key_Return)
    assert pair.zh.text() == ""


def test_while_the_memory_is_built_in_the_background_the_list_says_how_far(desk, qtbot, monkeypatch):
    """The first opening after the migration: the desk builds the memory in the background, the officer works."""
    from borderdesk.services.translation import build, memory
    from borderdesk.ui.translation_memory import build_in_background

    vi, zh, _gate, _other = agreed_with_a_gate()
    assert not memory.is_built()
    page = desk.show_page("talks")
    page.new_record()
    pair = page.form.editors["agreed_vi"]
    pair.vi.setPlainText(vi)
    gate = []
    real = build.build

    def held(progress=None):  # the build waits after its first chunk until the test lets it go on
        return real(lambda done, total: (progress(done, total) if progress else True) and not gate.append(1)
                    and _wait(gate))

    monkeypatch.setattr(build, "CHUNK", 100)
    monkeypatch.setattr(build, "build", held)
    job = build_in_background(desk)
    assert job is not None
    qtbot.waitUntil(lambda: desk.statusBar().currentMessage().startswith("Building the translation memory: "),
                    timeout=20000)
    popup = _ask(qtbot, pair, pair.zh)
    assert popup.suggestions == []
    assert popup.list.item(0).text().startswith("The translation memory is being built (")
    qtbot.keyClick(pair.zh, Qt.Key_Return)
    assert pair.zh.toPlainText() == "" and not popup.isVisible()  # nothing filled, not even a new line
    gate.append("go")
    qtbot.waitUntil(memory.is_built, timeout=60000)
    qtbot.waitUntil(lambda: desk.statusBar().currentMessage() == "The translation memory is ready.", timeout=20000)
    popup = _ask(qtbot, pair, pair.zh)
    assert popup.suggestions[0].text == zh
    assert build_in_background(desk) is None  # built: nothing more to do
    from borderdesk.ui import worker

    assert worker.wait_for_all()


def _wait(gate: list) -> bool:
    import time

    end = time.monotonic() + 30
    while "go" not in gate and time.monotonic() < end:
        time.sleep(0.02)
    return True


def test_the_print_preview_warns_of_terminology_and_prints_all_the_same(qtbot, tmp_path, monkeypatch):
    pytest.importorskip("PySide6.QtPdf")
    from documents_fixtures import close, make_talks, open_post

    from borderdesk import i18n
    from borderdesk.ui.documents import open_minutes_preview

    monkeypatch.setenv("BORDERDESK_SETTINGS", str(tmp_path / "settings.ini"))
    open_post(tmp_path / "post.sqlite")
    i18n.set_language("en")
    talks = make_talks(agreed_vi="Bàn giao người xuất nhập cảnh trái phép tại cửa khẩu trong ngày",
                       agreed_zh="当天在口岸遣返非法出入境人员")
    dialog = open_minutes_preview(None, talks.uuid)
    qtbot.addWidget(dialog)
    note = dialog.terminology
    assert note is not None and note.isVisibleTo(dialog)
    assert "Agreed points: 'Bàn giao' is usually '移交'; the Chinese text has '遣返'" in note.text()
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=30000)  # a warning, not a refusal
    assert dialog.print_button.isEnabled()
    dialog.grab().save(str(tmp_path / "preview.png"))
    from borderdesk.ui import worker

    worker.wait_for_all()
    close()
