"""Writing an import's checked rows: ``executemany`` batches inside the import's one transaction.

Records, their child rows and their search-index entries go in one statement per
table and batch; the counterparts, gates and marker numbers a file names that the registry
does not hold are created when a batch first needs them; letters answered by the file are marked answered at the end.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw

from borderdesk.services import events, indexing, registry, session
from borderdesk.services.audit_text import IMPORTED_ROWS
from borderdesk.services.spreadsheet_columns import IDENTITY
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.store.models import DB, utcnow



def _db(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _default(f) -> Any:
    d = f.default
    return d() if callable(d) else d


class Writer:
    """Writes checked batches with ``executemany`` inside the import's one transaction: the records,
    their child rows, their search-index entries; the units the file names are created when first used."""

    def __init__(self, kind: str, units: dict, path: Path, result, markers=None) -> None:
        from borderdesk.services import records

        spec = records.spec_for(kind)
        model = self.model = spec.model
        self.kind, self.units, self.path, self.spec = kind, units, path, spec
        data_fields = [f for f in model._meta.sorted_fields if f.name not in IDENTITY]
        self.data_names = [f.name for f in data_fields]
        self.defaults = [_db(_default(f)) for f in data_fields]
        self.date_idx = [i for i, f in enumerate(data_fields) if isinstance(f, (pw.DateField, pw.DateTimeField))]
        ident_cols = [model._meta.fields[n].column_name for n in IDENTITY]
        cols = ident_cols + [f.column_name for f in data_fields]
        q = chr(34)
        self.insert_sql = (f'INSERT INTO "{model._meta.table_name}" ({", ".join(q + c + q for c in cols)}) '
                           f'VALUES ({", ".join("?" * len(cols))})')
        set_cols = [f.column_name for f in data_fields] + ["updated_at", "version", "changed_by", "seq"]
        self.update_sql = (f'UPDATE "{model._meta.table_name}" SET {", ".join(q + c + q + " = ?" for c in set_cols)} '
                           f'WHERE uuid = ?')
        self.date_at = self.data_names.index("date")  # already ISO text in the row's data
        self.result = result
        self.remap: dict[str, str] = {}  # placeholder of a unit the file names -> its new uuid
        self.markers = markers  # the markers the file names (spreadsheet._Markers): new ones added here
        self.names = {u: f"{vi} {zh}".strip() for u, (vi, zh) in registry.counterpart_names().items()}
        self.site, self.user, self.now = session.site_code(), session.current_user(), str(utcnow())
        self.clock = session.clock()
        self.child_key = spec.children
        self.child_model, self.fk_name = (spec.child.model, spec.child.fk) if spec.child else (None, None)
        self.reindex_later: list[str] = []
        self.replies: dict[str, dt.date] = {}  # letter answered -> the first reply's date

    def _unit(self, ref: str, placeholder: str) -> str:
        got = self.remap.get(placeholder)
        if got is None:
            vi, zh = self.units[ref].new[placeholder]
            got = self.remap[placeholder] = _create_unit(ref, vi, zh)
            (self.result.counterparts_created if ref == "counterpart" else self.result.gates_created).append(vi)
            if ref == "counterpart":
                self.names[got] = f"{vi} {zh}".strip()
        return got

    def write(self, planned: list) -> None:
        if not planned:
            return
        kind, child_key, names = self.kind, self.child_key, self.names
        data_names, defaults = self.data_names, self.defaults
        if self.markers is not None:
            for number in self.markers.new.values():
                if number not in self.result.markers_created:
                    _create_marker(number)
                    self.result.markers_created.append(number)
        first_seq = session.reserve_seq(len(planned))
        versions = self.clock.tick_many(len(planned))
        inserts, updates, index_rows, kids, drop = [], [], [], [], []
        for i, p in enumerate(planned):
            v = p.values
            for ref in ("counterpart", "gate"):
                if v.get(ref) in self.units[ref].new:
                    v[ref] = self._unit(ref, v[ref])
            version, seq = versions[i], first_seq + i
            data = [v.get(n, d) for n, d in zip(data_names, defaults)]
            for j in self.date_idx:
                if data[j] is not None:
                    data[j] = data[j].isoformat()
            if p.update:
                updates.append((*data, self.now, version, self.user, seq, p.uuid))
                uuid, row_site = p.uuid, p.site
            else:
                uuid, row_site = p.uuid or session.new_uuid(), self.site
                # in the order of IDENTITY
                inserts.append((uuid, self.site, self.now, self.now, version, self.user, 0, seq, *data))
            target = v.get("in_reply_to")
            if target:
                d = v["date"]
                self.replies[target] = min(self.replies.get(target, d), d)
            if p.children is not None:
                if p.update:
                    drop.append((uuid,))
                kids.extend((uuid, r) for r in p.children)
            elif p.update and child_key:
                self.reindex_later.append(uuid)
                continue
            if p.deleted:
                text = ""
            else:  # what indexing.record_text gives the saved record
                text = indexing.search_text(self.spec, v, p.children, names.get(v.get("counterpart"), ""))
            index_rows.append((uuid, kind, data[self.date_at], row_site, text))
        cur = DB.cursor()
        if inserts:
            cur.executemany(self.insert_sql, inserts)
        if updates:
            cur.executemany(self.update_sql, updates)
        if self.child_model is not None and (kids or drop):
            _write_children(cur, self.child_model, self.fk_name, drop, kids)
        # Rows made here with new uuids cannot be in the index yet: skip looking for them.
        search_index.index_rows(DB, index_rows, fresh=not any(p.uuid for p in planned))
        self.result.created += len(inserts)
        self.result.updated += len(updates)

    def finish(self) -> None:
        model = self.model
        for i in range(0, len(self.reindex_later), 500):
            indexing.reindex(DB, model.select().where(model.uuid.in_(self.reindex_later[i : i + 500])))
        if self.kind == "letter":
            _mark_answered(DB.cursor(), self.replies, self.now, self.user)
        events.emit(events.Change("import", self.kind, detail=IMPORTED_ROWS.compose(
            file=self.path.name, created=self.result.created, updated=self.result.updated)))


def _mark_answered(cur, replies: dict[str, dt.date], now: str, user: str) -> None:
    """A reply in the file marks the letter it answers as answered (as a form's save does)."""
    ids = list(replies)
    waiting = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        waiting += [u for (u,) in cur.execute(
            f"SELECT uuid FROM letter WHERE answered_on IS NULL AND uuid IN ({','.join('?' * len(chunk))})", chunk)]
    if not waiting:
        return
    clock, first = session.clock(), session.reserve_seq(len(waiting))
    cur.executemany("UPDATE letter SET answered_on = ?, updated_at = ?, version = ?, changed_by = ?, seq = ? "
                    "WHERE uuid = ?", [(replies[u].isoformat(), now, clock.tick(), user, first + i, u)
                                       for i, u in enumerate(waiting)])


def _create_unit(kind: str, name_vi: str, name_zh: str) -> str:
    """A counterpart or gate named in the file: part of importing the records, so a records
    permission suffices (``registry.create`` asks for the administrator's)."""
    model = m.CounterpartUnit if kind == "counterpart" else m.BorderGate
    row = model(name_vi=name_vi, name_zh=name_zh)
    row.uuid = None
    row.site = None
    session.stamp(row, new=True)
    row.save(force_insert=True)
    indexing.reindex(DB, [row])
    events.emit(events.Change("create", kind, row.uuid, None, registry.to_dict(row)))
    return row.uuid


def _create_marker(number: str) -> None:
    """A marker number the file names that the registry does not hold (its names are the registry's to add)."""
    row = m.BoundaryMarker(number=number)
    row.uuid = None
    row.site = None
    session.stamp(row, new=True)
    row.save(force_insert=True)
    indexing.reindex(DB, [row])
    events.emit(events.Change("create", "marker", row.uuid, None, registry.to_dict(row)))


def _write_children(cur, child_model, fk_name: str, drop: list[tuple], kids: list[tuple[str, dict]]) -> None:
    table = child_model._meta.table_name
    fk_col = child_model._meta.fields[fk_name].column_name
    if drop:
        cur.executemany(f'DELETE FROM "{table}" WHERE "{fk_col}" = ?', drop)
    fields = [f for f in child_model._meta.sorted_fields if f.name not in ("id", fk_name)]
    sql = (f'INSERT INTO "{table}" ("{fk_col}", {", ".join(chr(34) + f.column_name + chr(34) for f in fields)}) '
           f'VALUES (?, {", ".join("?" * len(fields))})')
    cur.executemany(sql, [(uuid, *(_db(r[f.name]) if f.name in r else _db(_default(f)) for f in fields))
                          for uuid, r in kids])
