"""Run by ``test_field_spec.py`` in its own process: fields added to kinds by the README's recipe.

The recipe's lines are made here before anything else imports the models or the spec,
exactly as if they were in the source: the model's columns, a migration, one spec line
per field. Three fields: a hotline call's weather (a text the list shows), its channel (a
choice the list shows, sorts and filters by) and a person handed over's phone (a field of
a child row). Then the story: the form shows the fields (label, input limit) and saves
them; the list shows, sorts and filters by them; the handover form's table of persons has
the phone's column; a spreadsheet export re-imports them at another post; a bundle
carries them to headquarters; search finds the weather at both. Exit status 0 when every
step holds.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import peewee as pw  # noqa: E402

from borderdesk.store import migrations  # noqa: E402
from borderdesk.store import models as m  # noqa: E402

# 1. the models' columns (store/models.py: ``weather = pw.CharField(max_length=100, default="")`` …)
m.HotlineCall._meta.add_field("weather", pw.CharField(max_length=100, default=""))
m.HotlineCall._meta.add_field("channel", pw.CharField(max_length=10, default="phone"))
m.HandoverPerson._meta.add_field("phone", pw.CharField(max_length=40, default=""))


# 2. a migration (store/migrations.py)
@migrations.migration(migrations.schema_version() + 1)
def _weather(db) -> None:
    db.execute_sql("ALTER TABLE hotline_call ADD COLUMN weather VARCHAR(100) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE hotline_call ADD COLUMN channel VARCHAR(10) NOT NULL DEFAULT 'phone'")
    db.execute_sql("ALTER TABLE handover_person ADD COLUMN phone VARCHAR(40) NOT NULL DEFAULT ''")


# 3. one line per field in the kinds' specs (domain/kinds.py): the call's before its notes, the phone
#    last of a person's
from borderdesk.domain import kinds as K  # noqa: E402
from borderdesk.domain.fields import Field, ListColumn  # noqa: E402

CHANNELS = {"phone": "Telephone", "radio": "Radio"}
_spec = K.KINDS["hotline_call"]
K.KINDS["hotline_call"] = dataclasses.replace(_spec, fields=_spec.fields[:-1] + (
    Field("weather", "Weather", searchable=True, list_column=ListColumn()),
    Field("channel", "Channel", "choice", vocab=CHANNELS, default="phone", filter="All channels",
          list_column=ListColumn(10, sort=True)),
    _spec.fields[-1]))
_spec = K.KINDS["handover"]
K.KINDS["handover"] = dataclasses.replace(_spec, child=dataclasses.replace(
    _spec.child, fields=_spec.child.fields + (Field("phone", "Phone", list_column=ListColumn(12)),)))

# --- the story --------------------------------------------------------------------------------------
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from borderdesk.services import records, spreadsheet  # noqa: E402
from borderdesk.store import search_index  # noqa: E402
from borderdesk.store.models import DB  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.sync_sites import Site, enrol  # noqa: E402

FOG = "Sương mù dày đặc, tầm nhìn dưới 50 m"
PHONE = "+84 912 345 678"


def found(text: str) -> list[str]:
    return [h["id"] for h in search_index.search(DB, text)]


def main(folder: Path) -> None:
    app = QApplication.instance() or QApplication([])  # noqa: F841
    post = Site(folder, "PL")
    hq = Site(folder, "LC", "Bộ Chỉ huy Lào Cai", kind="headquarters")
    enrol(post, hq)

    # the form: the field, its label and its input limit come from the spec
    post.use()
    from borderdesk.ui.records.forms import FORMS

    form = FORMS["hotline_call"]()
    box = form.editors["weather"].input_for("weather")
    assert box.maxLength() == 100, box.maxLength()
    assert "Weather" in [lab.text() for lab in form.findChildren(QLabel)]
    form.editors["date"].set_value("2025-03-14")
    form.editors["direction"].set_value("incoming")
    box.setText(FOG)
    assert form.editors["channel"].combo.findData("radio") >= 0
    form.editors["channel"].set_value("radio")
    assert form.save(), form.general_error.text()
    (call,) = records.list_records("hotline_call")
    assert call.weather == FOG and call.channel == "radio"
    assert found("suong mu") == [call.uuid]
    form.deleteLater()

    # the list: the two columns (header, cell), sorted by the channel, filtered by it
    from borderdesk.ui.records.list_view import RecordListView

    view = RecordListView("hotline_call")
    model = view.model
    headers = [model.headerData(c, Qt.Horizontal) for c in range(model.columnCount())]
    assert "Weather" in headers and "Channel" in headers, headers
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[headers.index("Weather")] == FOG and cells[headers.index("Channel")] == "Radio", cells
    view.table.sortByColumn(headers.index("Channel"), Qt.AscendingOrder)
    assert model.order == "channel", model.order
    combo = view.filter_bar.combos["channel"][0]
    assert combo.itemText(0) == "All channels"
    combo.setCurrentIndex(combo.findData("phone"))
    assert model.rowCount() == 0
    combo.setCurrentIndex(combo.findData("radio"))
    assert model.rowCount() == 1
    combo.setCurrentIndex(0)
    view.deleteLater()

    # the child table of a handover's form: the phone's column, saved with the person
    form = FORMS["handover"]()
    table = form.children_table
    headers = [table.table.horizontalHeaderItem(c).text() for c in range(table.table.columnCount())]
    assert headers[-1] == "Phone", headers
    form.editors["date"].set_value("2025-03-15")
    form.editors["direction"].set_value("received")
    row = table.add_row()
    table.set_cell(row, "name", "Lý Văn A")
    table.set_cell(row, "phone", PHONE)
    assert form.save(), form.general_error.text()
    (handover,) = records.list_records("handover")
    assert [p.phone for p in handover.people] == [PHONE]
    form.deleteLater()

    # the spreadsheet: exported under its own name, read back at another post
    sheet = folder / "calls.csv"
    spreadsheet.export_file(sheet, "hotline_call")
    assert {"weather", "channel"} <= set(sheet.read_text(encoding="utf-8-sig").splitlines()[0].split(","))
    people = folder / "handovers.csv"
    spreadsheet.export_file(people, "handover")
    other = Site(folder, "MK")
    other.use()
    assert spreadsheet.import_file(sheet, "hotline_call").created == 1
    (copy,) = records.list_records("hotline_call")
    assert copy.weather == FOG and copy.channel == "radio" and found("tam nhin") == [copy.uuid]
    assert spreadsheet.import_file(people, "handover").created == 1
    (copy,) = records.list_records("handover")
    assert [p.phone for p in copy.people] == [PHONE]

    # a bundle: carried to headquarters, equal there, found by search
    post.carry(hq)
    hq.use()
    there = records.get("hotline_call", call.uuid)
    assert there.weather == FOG and there.channel == "radio", there.weather
    assert found("suong mu") == [call.uuid]
    assert [p.phone for p in records.get("handover", handover.uuid).people] == [PHONE]


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    print("ok")
