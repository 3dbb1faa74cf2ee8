"""Spreadsheet export of records: every field under its own name, so that it imports back.

See :mod:`borderdesk.services.spreadsheet` (the import) and ``docs/spreadsheet.md``.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable

from borderdesk.i18n import _
from borderdesk.services import events, records, registry
from borderdesk.services.audit_text import EXPORTED_ROWS
from borderdesk.services.spreadsheet_columns import Layout, format_children, layout
from borderdesk.services.spreadsheet_files import Cancelled, write_rows
from borderdesk.store import models as m
from borderdesk.store.models import DB



def _export_rows(kind: str, lay: Layout, batch: list, names: dict, gates: dict) -> list[list]:
    spec = records.spec_for(kind)
    kids: dict[str, list[dict]] = {}
    if spec.children:
        child_model, fk_name = spec.child.model, spec.child.fk
        fk = getattr(child_model, fk_name)
        q = child_model.select().where(fk.in_([r.uuid for r in batch])).order_by(fk, child_model.position)
        for ch in q:
            d = dict(ch.__data__)
            owner = d.pop(fk_name)
            d.pop("id", None)
            kids.setdefault(owner, []).append(d)
    out = []
    for r in batch:
        row = []
        for col in lay.export:
            if col == "id":
                row.append(r.uuid)
            elif col in ("counterpart", "counterpart_zh"):
                pair = names.get(r.counterpart, ("", ""))
                row.append(pair[0] if col == "counterpart" else pair[1])
            elif col in ("gate", "gate_zh"):
                pair = gates.get(r.gate, ("", ""))
                row.append(pair[0] if col == "gate" else pair[1])
            elif col == lay.child_column:
                row.append(format_children(kids.get(r.uuid, [])))
            else:
                row.append(getattr(r, col))
        out.append(row)
    return out


def export_file(path: str | os.PathLike, kind: str, date_from: dt.date | None = None,
                date_to: dt.date | None = None, progress: Callable[[int, int, str], Any] | None = None) -> int:
    """Write the live records of *kind* (in a date range, inclusive) to a spreadsheet; returns how many."""
    records.spec_for(kind)
    lay = layout(kind)
    names = registry.counterpart_names()
    gates = {u: (vi, zh) for u, vi, zh in m.BorderGate.select(m.BorderGate.uuid, m.BorderGate.name_vi,
                                                              m.BorderGate.name_zh).tuples()} if kind == "handover" else {}
    total = records.count(kind, date_from=date_from, date_to=date_to) if progress else 0

    def rows():
        batch, done = [], 0
        for r in records.iter_records(kind, date_from=date_from, date_to=date_to):
            batch.append(r)
            if len(batch) >= 1000:
                yield from _export_rows(kind, lay, batch, names, gates)
                done += len(batch)
                batch = []
                if progress is not None and progress(done, total, _("Exported {n} rows").format(n=done)) is False:
                    raise Cancelled(_("The export was cancelled."))
        yield from _export_rows(kind, lay, batch, names, gates)

    n = write_rows(path, list(lay.export), rows())
    with DB.atomic():  # listeners (the audit trail) write inside a transaction
        events.emit(events.Change("export", kind, detail=EXPORTED_ROWS.compose(file=Path(path).name, n=n)))
    return n
