"""The Sync page as a commander uses it: export to a stick, import with a preview, review a conflict."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sync_sites import Site, enrol

from borderdesk import i18n
from borderdesk.services import records
from borderdesk.sync import conflicts
from borderdesk.ui.sync import SyncView
from borderdesk.ui.sync.conflict_dialog import ConflictDialog
from borderdesk.ui.worker import wait_for_all


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the catalogs translate them otherwise)."""
    i18n.set_language("en")


@pytest.fixture
def pair(tmp_path):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", kind="headquarters")
    pl = Site(tmp_path, "PL", "Đồn Biên phòng Pha Long")
    enrol(pl, hq)
    return hq, pl


def cell(table, row, col) -> str:
    return table.item(row, col).text()


def test_export_to_a_stick_then_import_with_a_preview(qtbot, pair, tmp_path):
    hq, pl = pair
    pl.use()
    records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Tình hình"})
    records.create("handover", {"date": "2025-03-15", "direction": "received", "persons": 1},
                   [{"name": "Lý Văn A", "sex": "M"}])
    view = SyncView()
    qtbot.addWidget(view)
    assert "PL" in view.me.text() and cell(view.table, 0, 0) == "LC"
    stick = tmp_path / "usb"
    stick.mkdir()
    dialog = view.export_bundle()
    assert dialog.site.currentData() == "LC"
    dialog.folder.setText(str(stick))
    dialog.accept()
    qtbot.waitUntil(lambda: bool(list(stick.glob("*.bdsync"))), timeout=10000)
    wait_for_all()
    qtbot.waitUntil(lambda: "Bundle 1 for LC" in view.message.text())
    [bundle] = stick.glob("*.bdsync")

    hq.use()
    hq_view = SyncView()
    qtbot.addWidget(hq_view)
    hq_view.choose_bundle = lambda: str(bundle)
    importing = hq_view.import_bundle()
    qtbot.waitUntil(importing.apply_button.isEnabled, timeout=10000)
    rows = {cell(importing.table, i, 0): [cell(importing.table, i, j) for j in range(1, 6)]
            for i in range(importing.table.rowCount())}
    assert rows["Hotline calls"] == ["1", "0", "0", "0", "0"]
    assert rows["Handovers"][0] == "1"
    assert records.count("hotline_call") == 0  # nothing written before Apply
    with qtbot.waitSignal(importing.imported, timeout=10000):
        importing.apply_button.click()
    wait_for_all()
    assert records.count("hotline_call") == 1
    hq_view.refresh()
    assert cell(hq_view.table, 0, 0) == "PL" and cell(hq_view.table, 0, 3) == "1"


def test_a_damaged_bundle_is_refused_in_the_preview(qtbot, pair, tmp_path):
    hq, pl = pair
    pl.use()
    records.create("case", {"date": "2025-01-02", "category": "smuggling", "persons": 1})
    path = pl.export_to(hq)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x10
    path.write_bytes(bytes(data))
    hq.use()
    view = SyncView()
    qtbot.addWidget(view)
    view.choose_bundle = lambda: str(path)
    dialog = view.import_bundle()
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10000)
    assert "damaged" in dialog.status.text()
    assert not dialog.apply_button.isEnabled()
    dialog.buttons.button(QDialogButtonBox.Cancel).click()


def test_review_a_conflict_side_by_side_and_take_theirs(qtbot, pair):
    hq, pl = pair
    pl.use()
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Gốc"})
    pl.carry(hq)
    hq.carry(pl)
    pl.use()
    records.update("hotline_call", call.uuid, {"subject_vi": "Sửa ở đồn"})
    hq.use()
    records.update("hotline_call", call.uuid, {"subject_vi": "Sửa ở Bộ Chỉ huy"})  # later: wins
    pl.carry(hq)
    hq.use()
    assert records.get("hotline_call", call.uuid).subject_vi == "Sửa ở Bộ Chỉ huy"
    view = SyncView()
    qtbot.addWidget(view)
    assert view.conflicts_button.isEnabled() and "1" in view.conflicts_button.text()
    dialog = view.review_conflicts()
    assert isinstance(dialog, ConflictDialog) and dialog.list.count() == 1
    first = [cell(dialog.table, 0, j) for j in range(3)]
    assert first == ["Subject (Tiếng Việt)", "Sửa ở Bộ Chỉ huy", "Sửa ở đồn"]
    shown = {cell(dialog.table, i, 0): cell(dialog.table, i, 1) for i in range(dialog.table.rowCount())}
    assert shown["Direction"] == "Incoming (they called)" and shown["Deleted"] == "No"
    dialog.take_theirs.click()
    assert dialog.list.count() == 0
    assert records.get("hotline_call", call.uuid).subject_vi == "Sửa ở đồn"
    assert conflicts.count_open() == 0
    # The post's own version is back at headquarters as the post wrote it: nothing to send back.
    preview = hq.carry(pl)
    assert preview.changes == 0
    pl.use()
    assert records.get("hotline_call", call.uuid).subject_vi == "Sửa ở đồn"
