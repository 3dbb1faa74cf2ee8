"""Run by ``test_field_spec.py`` in its own process: a field added to a kind by the README's recipe.

The recipe's three lines are made here before anything else imports the models or the
spec, exactly as if they were in the source: the model's column, a migration, one spec
line. Then the story: the form shows the field (label, input limit) and saves it; a
spreadsheet export re-imports it at another post; a bundle carries it to headquarters;
search finds it at both. Exit status 0 when every step holds.
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

# 1. the model's column (store/models.py: ``weather = pw.CharField(max_length=100, default="")``)
m.HotlineCall._meta.add_field("weather", pw.CharField(max_length=100, default=""))


# 2. a migration (store/migrations.py)
@migrations.migration(migrations.schema_version() + 1)
def _weather(db) -> None:
    db.execute_sql("ALTER TABLE hotline_call ADD COLUMN weather VARCHAR(100) NOT NULL DEFAULT ''")


# 3. one line in the kind's spec (domain/kinds.py), before its notes
from borderdesk.domain import kinds as K  # noqa: E402
from borderdesk.domain.fields import Field  # noqa: E402

_spec = K.KINDS["hotline_call"]
K.KINDS["hotline_call"] = dataclasses.replace(
    _spec, fields=_spec.fields[:-1] + (Field("weather", "Weather", searchable=True), _spec.fields[-1]))

# --- the story --------------------------------------------------------------------------------------
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

from borderdesk.services import records, spreadsheet  # noqa: E402
from borderdesk.store import search_index  # noqa: E402
from borderdesk.store.models import DB  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.sync_sites import Site, enrol  # noqa: E402

FOG = "Sương mù dày đặc, tầm nhìn dưới 50 m"


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
    assert form.save(), form.general_error.text()
    (call,) = records.list_records("hotline_call")
    assert call.weather == FOG
    assert found("suong mu") == [call.uuid]
    form.deleteLater()

    # the spreadsheet: exported under its own name, read back at another post
    sheet = folder / "calls.csv"
    spreadsheet.export_file(sheet, "hotline_call")
    assert "weather" in sheet.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    other = Site(folder, "MK")
    other.use()
    assert spreadsheet.import_file(sheet, "hotline_call").created == 1
    (copy,) = records.list_records("hotline_call")
    assert copy.weather == FOG and found("tam nhin") == [copy.uuid]

    # a bundle: carried to headquarters, equal there, found by search
    post.carry(hq)
    hq.use()
    there = records.get("hotline_call", call.uuid)
    assert there.weather == FOG, there.weather
    assert found("suong mu") == [call.uuid]


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    print("ok")
