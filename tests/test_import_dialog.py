"""An officer brings last year's spreadsheet in through the desk: sees the rows and the problems first."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from borderdesk.services import records, registry
from borderdesk.ui.worker import wait_for_all


@pytest.fixture
def dialog(post_db, own_settings, qtbot):
    from borderdesk import i18n
    from borderdesk.ui.import_dialog import ImportDialog

    i18n.set_language("en")  # the texts compared below are the English ones
    d = ImportDialog(kind="handover")
    qtbot.addWidget(d)
    d.show()
    yield d
    wait_for_all()
    d.close()


def write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


ROWS = [["Ngày", "date", "direction", "counterpart", "persons", "people"],
        ["1", "14/03/2025", "received", "河口出入境边防检查站", "2", "Lý Thị Mai; Vàng A Sáng"],
        ["2", "2025-03-20", "upside_down", "河口出入境边防检查站", "1", ""],
        ["3", "2025-03-21", "handed_over", "Trạm Hà Khẩu", "3", ""]]


def checked(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog._busy and (dialog.preview is not None or bool(dialog.error)), timeout=20000)


def test_a_bad_row_is_shown_and_nothing_can_be_imported_until_it_is_fixed(qtbot, dialog, tmp_path):
    registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu", "name_zh": "河口出入境边防检查站"})
    path = write(tmp_path / "handovers.csv", ROWS)
    dialog.set_path(path)
    checked(qtbot, dialog)
    # The problem is listed with its row, column and reason; Import stays disabled.
    problems = dialog.problems_view
    assert problems.rowCount() == 1
    assert [problems.item(0, c).text() for c in (0, 1)] == ["3", "direction"]
    assert "received" in problems.item(0, 2).text()
    assert dialog.tabs.currentIndex() == 1 and "1" in dialog.tabs.tabText(1)
    assert not dialog.import_button.isEnabled()
    assert "Ngày" in dialog.summary.text()  # the column it does not read is named
    assert records.count("handover") == 0

    # The officer fixes the file and checks again: the rows appear, Import is enabled.
    ROWS_FIXED = [r[:] for r in ROWS]
    ROWS_FIXED[2][2] = "received"
    write(path, ROWS_FIXED)
    dialog.refresh()
    checked(qtbot, dialog)
    assert dialog.problems_view.rowCount() == 0
    model = dialog.rows_model
    assert model.rowCount() == 3
    assert [model.index(r, 0).data() for r in range(3)] == ["2", "3", "4"]
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Row", "Import as", "date"]
    assert model.index(0, headers.index("people")).data() == "2"
    assert model.index(0, headers.index("counterpart")).data() == "Trạm Hà Khẩu"
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=30000) as got:
        qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    assert got.args[0].created == 3
    assert records.count("handover") == 3
    assert sorted(h.persons for h in records.list_records("handover")) == [1, 2, 3]
    assert "Imported 3 rows" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # no second import of the same rows by a double click


def test_choosing_another_kind_checks_the_file_again(qtbot, dialog, tmp_path):
    path = write(tmp_path / "calls.csv", [["date", "direction", "subject"], ["2025-03-14", "incoming", "Thông báo"]])
    dialog.set_path(path)
    checked(qtbot, dialog)
    assert not dialog.preview.ok  # read as handovers, "incoming" is not a direction
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("hotline_call"))
    checked(qtbot, dialog)
    assert dialog.preview.ok and dialog.import_button.isEnabled()


def test_a_file_that_cannot_be_read_is_explained(qtbot, dialog, tmp_path):
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"x")
    dialog.set_path(bad)
    checked(qtbot, dialog)
    assert ".xlsx" in dialog.summary.text() and not dialog.import_button.isEnabled()


def test_the_dialog_speaks_chinese_to_a_chinese_speaking_officer(qtbot, dialog, tmp_path):
    from borderdesk import i18n
    from borderdesk.resources import translations_dir

    if not (translations_dir() / "zh_CN" / "LC_MESSAGES" / "borderdesk.mo").exists():
        pytest.skip("catalogs not compiled (make test compiles them)")
    i18n.set_language("zh")
    registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu", "name_zh": "河口出入境边防检查站"})
    dialog.retranslate()
    assert dialog.windowTitle() == "导入电子表格"
    dialog.set_path(write(tmp_path / "h.csv", [["date", "direction", "counterpart", "persons"],
                                               ["2025-03-14", "received", "Trạm Hà Khẩu", "2"]]))
    checked(qtbot, dialog)
    assert dialog.summary.text().startswith("1 行可以导入")
    headers = [dialog.rows_model.headerData(c, Qt.Horizontal) for c in range(dialog.rows_model.columnCount())]
    assert dialog.rows_model.index(0, headers.index("counterpart")).data() == "河口出入境边防检查站"
