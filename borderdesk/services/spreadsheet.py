"""Spreadsheet import and export of records (CSV or XLSX, by the file's extension).

An import is all-or-nothing. Every row is first checked with the rules of
:func:`borderdesk.services.records.validate`; one bad row anywhere stops it
with its row number, column and reason, and nothing is written. Then every
row is written in one transaction with raw ``executemany`` (peewee's
``insert_many`` is 11–14× slower), stamped like a form's save (uuid, this
site, an HLC version each, the user, a reserved run of update sequence
numbers), with its child rows and its search-index entry.

A row whose ``id`` names a record of this database updates that record (the
columns the file has replace the record's fields; the others stay), so an
export re-imports to the same records; a row with an unknown ``id`` creates
the record under that id; a row without one creates a new record. Columns:
``docs/spreadsheet.md`` and :mod:`borderdesk.services.spreadsheet_columns`.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import peewee as pw

from borderdesk.domain import kinds as K
from borderdesk.domain.text import fold
from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.validation import Checker
from borderdesk.i18n import _, current_language
from borderdesk.services import events, indexing, records, registry, session
from borderdesk.services.record_rules import clean
from borderdesk.services.spreadsheet_columns import (
    IDENTITY, REQUIRED, VOCABULARIES, ChildCellError, Layout, converter, field_value, header_key, layout,
    parse_children, vocabulary_key)
from borderdesk.services.spreadsheet_export import export_file  # noqa: F401 - the export, re-exported here
from borderdesk.services.spreadsheet_files import Cancelled, read_rows
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.store.models import DB, utcnow
from borderdesk.services.permissions import require

#: ``progress(done, total, text)``; returning False asks the work to stop
Progress = Callable[[int, int, str], Any]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_SPECIAL = ("id", "counterpart", "counterpart_zh", "gate", "gate_zh")
_BATCH = 5000


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell (row 1 is usually the header)."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("row {row}, column {column}: {reason}").format(row=self.row, column=self.column, reason=self.reason)


@dataclass
class PreviewRow:
    number: int
    action: str  # create | update
    values: dict[str, Any]  # the field values it will save
    children: list[dict] | None  # None: an update that leaves the child rows as they are
    counterpart: str = ""  # the counterpart's name, for display
    gate: str = ""  # the border gate's name, for display


@dataclass
class Preview:
    kind: str
    path: Path
    headers: list[str]
    columns: dict[str, str]  # header in the file -> field it fills
    ignored: list[str]  # headers of columns the import does not read
    rows: list[PreviewRow]
    problems: list[Problem]
    new_counterparts: list[str]
    new_gates: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def creates(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def updates(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    counterparts_created: list[str] = field(default_factory=list)
    gates_created: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated


class ImportFailed(BorderDeskError):
    """The file has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else ""
        more = len(self.problems) - 1
        super().__init__(first + (" " + _("(and {n} more problems)").format(n=more) if more > 0 else ""))


@dataclass
class _Planned:
    number: int
    uuid: str | None
    update: bool
    values: dict
    children: list[dict] | None
    site: str = ""
    deleted: bool = False


def _tick(progress: Progress | None, done: int, total: int, text: str) -> None:
    if progress is not None and progress(done, total, text) is False:
        raise Cancelled(_("The import was cancelled; nothing was written."))


# --- reading and checking ------------------------------------------------------------------


class _Units:
    """Counterpart (or gate) cells -> uuids: matched by Vietnamese or Chinese name, new ones planned."""

    def __init__(self, kind: str = "counterpart") -> None:
        self.kind = kind
        self.model = m.CounterpartUnit if kind == "counterpart" else m.BorderGate
        self.cache: dict[tuple[str, str], str | None] = {}
        self.new: dict[str, tuple[str, str]] = {}  # placeholder uuid -> (name_vi, name_zh)
        self._new_by_name: dict[str, str] = {}
        self._folded: list[tuple[str, str, str]] | None = None
        self.names: dict[str, str] = {}  # uuid -> name to show

    def _scan(self, name: str) -> str | None:
        # Matched as registry.match does: "ĐỒN", "Don" and a decomposed "Đồn" find "Đồn".
        if self._folded is None:
            u = self.model
            self._folded = [(r.uuid, fold(r.name_vi), fold(r.name_zh))
                            for r in u.select(u.uuid, u.name_vi, u.name_zh).where(u.deleted == False)]  # noqa: E712
        f = fold(name)
        return next((u for u, vi, zh in self._folded if f in (vi, zh)), None)

    def resolve(self, name: str, name_zh: str) -> tuple[str | None, str | None]:
        """``(uuid or placeholder, problem)`` for the names in one row."""
        name, name_zh = name.strip(), name_zh.strip()
        if not name and not name_zh:
            return None, None
        key = (name, name_zh)
        if key in self.cache:
            return self.cache[key], None
        uuid = None
        if _UUID.match(name) and self.model.select().where(
                (self.model.uuid == name.lower()) & (self.model.deleted == False)).exists():  # noqa: E712
            uuid = name.lower()
        for candidate in (name, name_zh):
            if uuid is None and candidate:
                row = registry.find_counterpart(candidate) if self.kind == "counterpart" else None
                uuid = row.uuid if row is not None else self._scan(candidate)
        if uuid is None:
            c = Checker()
            vi = c.text("name", name or name_zh, max_len=200)
            zh = c.text("name", name_zh or (name if _has_han(name) else ""), max_len=200)
            if c.errors:
                return None, c.errors["name"]
            folded = fold(vi)
            uuid = self._new_by_name.get(folded)
            if uuid is None:
                uuid = session.new_uuid()
                self._new_by_name[folded] = uuid
                self.new[uuid] = (vi, zh)
        self.cache[key] = uuid
        return uuid, None

    def display(self, uuid: str | None) -> str:
        """The unit's name in the interface's language (Chinese when it speaks Chinese)."""
        if not uuid:
            return ""
        if uuid not in self.names:
            row = self.model.get_or_none(self.model.uuid == uuid) if uuid not in self.new else None
            vi, zh = self.new[uuid] if uuid in self.new else ((row.name_vi, row.name_zh) if row else ("", ""))
            self.names[uuid] = (zh or vi) if current_language() == "zh" else (vi or zh)
        return self.names[uuid]


def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def _existing(kind: str, ids: list[str]) -> tuple[dict[str, Any], set[str]]:
    """Rows of this kind with these ids, and the ids taken by records of another kind."""
    spec = records.spec_for(kind)
    model = spec.model
    found: dict[str, Any] = {}
    elsewhere: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in model.select().where(model.uuid.in_(chunk)):
            if spec.talks_kind and r.kind != spec.talks_kind:
                elsewhere.add(r.uuid)
            else:
                found[r.uuid] = r
        rest = [u for u in chunk if u not in found]
        for other in m.RECORD_MODELS:
            if other is model or not rest:
                continue
            elsewhere.update(u for (u,) in other.select(other.uuid).where(other.uuid.in_(rest)).tuples())
    return found, elsewhere


def _map_headers(lay: Layout, headers: list[str], header_row: int):
    """``({field: (index, header)}, ignored headers, problems)``."""
    colmap: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for i, h in enumerate(headers):
        key = header_key(h)
        if not key:
            continue
        target = lay.accepts.get(key)
        if target is None:
            ignored.append(h)
            continue
        if target in colmap:
            prev_key = header_key(colmap[target][1])
            if prev_key == target or key != target:  # the field's own name wins over a short name
                if prev_key == key:
                    problems.append(Problem(header_row, h, _("This column appears twice.")))
                else:
                    ignored.append(h)
                continue
            ignored.append(colmap[target][1])
        colmap[target] = (i, h)
    for name in REQUIRED.get(lay.kind, ("date",)):
        if name not in colmap:
            problems.append(Problem(header_row or 1, name, _("This column is missing.")))
    return colmap, ignored, problems


def _problem_for(lay: Layout, colmap: dict[str, tuple[int, str]], number: int, key: str, msg: str) -> Problem:
    head, _sep, rest = key.partition(".")
    if head == K.KINDS[lay.kind].children and lay.child_column:
        column = colmap.get(lay.child_column, (0, lay.child_column))[1]
        if rest:
            index, _sep, sub = rest.partition(".")
            where = _("entry {n}").format(n=int(index) + 1) if index.isdigit() else index
            msg = f"{where}{' (' + sub + ')' if sub else ''}: {msg}"
        return Problem(number, column, msg)
    return Problem(number, colmap.get(key, (0, key))[1], msg)


def _plan(path: str | os.PathLike, kind: str, progress: Progress | None = None):
    records.spec_for(kind)  # an unknown kind is refused before the file is read
    lay = layout(kind)
    header_row, headers, body = read_rows(path)
    if not headers:
        raise ImportFailed([Problem(1, "date", _("The file has no header row and no records."))])
    colmap, ignored, problems = _map_headers(lay, headers, header_row)
    columns = {h: f for f, (_i, h) in colmap.items()}
    preview = Preview(kind, Path(path), headers, columns, ignored, [], problems, [])
    if problems:
        return preview, [], {}

    def cell(cells: list, name: str) -> Any:
        i = colmap[name][0]
        return cells[i] if i < len(cells) else None

    # The ids first: the records they name are loaded in one pass, not one query a row.
    ids: dict[str, int] = {}
    if "id" in colmap:
        for number, cells in body:
            u = str(cell(cells, "id") or "").strip().lower()
            if not u:
                continue
            if not _UUID.match(u):
                problems.append(Problem(number, colmap["id"][1], _("This is not a record id.")))
            elif u in ids:
                problems.append(Problem(number, colmap["id"][1],
                                        _("The same id is on row {row} already.").format(row=ids[u])))
            else:
                ids[u] = number
    found, elsewhere = _existing(kind, list(ids)) if ids else ({}, set())
    letters: set[str] = set()
    if kind == "letter" and "in_reply_to" in colmap:
        letters = set(ids)
        targets = {str(cell(c, "in_reply_to") or "").strip().lower() for _n, c in body} - {""}
        targets = list(targets - letters)
        for i in range(0, len(targets), 500):
            letters.update(u for (u,) in m.Letter.select(m.Letter.uuid).where(m.Letter.uuid.in_(targets[i:i + 500])).tuples())
    cps = _Units("counterpart")
    units_of = {"counterpart": cps, "gate": _Units("gate")}
    plain = [(f, colmap[f][0], converter(lay, f)) for f in colmap
             if f not in _SPECIAL and f != lay.child_column and f in lay.fields]
    vocab_fields = [f for f, _i, _c in plain if f in VOCABULARIES.get(kind, {})]
    child_col = lay.child_column if lay.child_column in colmap else None
    c = Checker()
    planned: list[_Planned] = []
    total = len(body)
    for n, (number, cells) in enumerate(body):
        if n % 1000 == 0:
            _tick(progress, n, total, _("Checking row {row}").format(row=number))
        bad: list[Problem] = []
        width = len(cells)
        data: dict[str, Any] = {f: conv(cells[i] if i < width else None) for f, i, conv in plain}
        for f in vocab_fields:
            data[f] = vocabulary_key(kind, f, data[f])
        for ref, units in units_of.items():
            if ref in colmap or ref + "_zh" in colmap:
                name = field_value(lay, "", cell(cells, ref)) if ref in colmap else ""
                name_zh = field_value(lay, "", cell(cells, ref + "_zh")) if ref + "_zh" in colmap else ""
                data[ref], why = units.resolve(name, name_zh)
                if why:
                    bad.append(Problem(number, colmap.get(ref, colmap.get(ref + "_zh"))[1], why))
        children = None
        if child_col:
            try:
                children = parse_children(child_col, cell(cells, child_col))
            except ChildCellError as exc:
                bad.append(Problem(number, colmap[child_col][1], str(exc)))
                children = []
        uuid = str(cell(cells, "id") or "").strip().lower() if "id" in colmap else ""
        old = found.get(uuid)
        if uuid and uuid in elsewhere:
            bad.append(Problem(number, colmap["id"][1], _("This id belongs to a record of another kind.")))
        if old is not None:
            data = {**records.to_dict(old, with_children=False), **data}
        c.errors = {}
        values, rows = clean(kind, data, children, c)
        reply = values.get("in_reply_to")
        if reply and reply.lower() not in letters:
            c.fail("in_reply_to", _("The letter this one answers was not found."))
        bad.extend(_problem_for(lay, colmap, number, k, v) for k, v in c.errors.items())
        if bad:
            problems.extend(bad)
            continue
        records._derive(kind, values)
        planned.append(_Planned(number, uuid or None, old is not None, values, rows,
                                site=old.site if old is not None else "", deleted=bool(old and old.deleted)))
        preview.rows.append(PreviewRow(number, "update" if old is not None else "create", values, rows,
                                       cps.display(values.get("counterpart")),
                                       units_of["gate"].display(values.get("gate"))))
    # Rows of a file in the order they were found, whatever pass found them.
    problems.sort(key=lambda p: p.row)
    preview.new_counterparts = [vi for vi, _zh in cps.new.values()]
    preview.new_gates = [vi for vi, _zh in units_of["gate"].new.values()]
    _tick(progress, total, total, _("Checked {n} rows").format(n=total))
    return preview, planned, {"counterpart": cps.new, "gate": units_of["gate"].new}


def preview(path: str | os.PathLike, kind: str, progress: Progress | None = None) -> Preview:
    """Read and check a spreadsheet without writing anything: its rows, and every problem."""
    return _plan(path, kind, progress)[0]


# --- writing ------------------------------------------------------------------------------


def _db(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _default(f) -> Any:
    d = f.default
    return d() if callable(d) else d


def _write(kind: str, planned: list[_Planned], new_units: dict[str, dict[str, tuple[str, str]]], path: Path,
           progress: Progress | None) -> ImportResult:
    spec = records.spec_for(kind)
    model = spec.model
    data_fields = [f for f in model._meta.sorted_fields if f.name not in IDENTITY]
    data_names = [f.name for f in data_fields]
    defaults = [_db(_default(f)) for f in data_fields]
    date_idx = [i for i, f in enumerate(data_fields) if isinstance(f, (pw.DateField, pw.DateTimeField))]
    ident_cols = [model._meta.fields[n].column_name for n in IDENTITY]
    cols = ident_cols + [f.column_name for f in data_fields]
    insert_sql = (f'INSERT INTO "{model._meta.table_name}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                  f'VALUES ({", ".join("?" * len(cols))})')
    set_cols = [f.column_name for f in data_fields] + ["updated_at", "version", "changed_by", "seq"]
    update_sql = (f'UPDATE "{model._meta.table_name}" SET {", ".join(chr(34) + c + chr(34) + " = ?" for c in set_cols)} '
                  f'WHERE uuid = ?')
    date_at = data_names.index("date")  # already ISO text in the row's data
    result = ImportResult(kind)
    total = len(planned)
    with DB.atomic():
        remap: dict[str, str] = {}
        for unit_kind, created in (("counterpart", result.counterparts_created), ("gate", result.gates_created)):
            for placeholder, (vi, zh) in new_units[unit_kind].items():
                remap[placeholder] = _create_unit(unit_kind, vi, zh)
                created.append(vi)
        names = {u: f"{vi} {zh}".strip() for u, (vi, zh) in registry.counterpart_names().items()}
        site, user, now = session.site_code(), session.current_user(), str(utcnow())
        clock = session.clock()
        first_seq = session.reserve_seq(total) if total else 0
        cur = DB.cursor()
        child_key = spec.children
        child_model, fk_name = (spec.child.model, spec.child.fk) if spec.child else (None, None)
        reindex_later: list[str] = []
        for start in range(0, total, _BATCH):
            _tick(progress, start, total, _("Writing row {row}").format(row=planned[start].number))
            inserts, updates, index_rows, kids, drop = [], [], [], [], []
            for i, p in enumerate(planned[start : start + _BATCH], start=start):
                v = p.values
                for ref in ("counterpart", "gate"):
                    if v.get(ref) in remap:
                        v[ref] = remap[v[ref]]
                version, seq = clock.tick(), first_seq + i
                data = [v.get(n, d) for n, d in zip(data_names, defaults)]
                for j in date_idx:
                    if data[j] is not None:
                        data[j] = data[j].isoformat()
                if p.update:
                    updates.append((*data, now, version, user, seq, p.uuid))
                    uuid, row_site = p.uuid, p.site
                else:
                    uuid, row_site = p.uuid or session.new_uuid(), site
                    # in the order of IDENTITY
                    inserts.append((uuid, site, now, now, version, user, 0, seq, *data))
                if p.children is not None:
                    if p.update:
                        drop.append((uuid,))
                    kids.extend((uuid, r) for r in p.children)
                elif p.update and child_key:
                    reindex_later.append(uuid)
                    continue
                if p.deleted:
                    text = ""
                else:
                    text = indexing.search_text(spec, v, p.children, names.get(v.get("counterpart"), ""))
                index_rows.append((uuid, kind, data[date_at], row_site, text))
            if inserts:
                cur.executemany(insert_sql, inserts)
            if updates:
                cur.executemany(update_sql, updates)
            if child_model is not None and (kids or drop):
                _write_children(cur, child_model, fk_name, drop, kids)
            # Rows made here with new uuids cannot be in the index yet: skip looking for them.
            search_index.index_rows(DB, index_rows, fresh=not any(p.uuid for p in planned[start : start + _BATCH]))
            result.created += len(inserts)
            result.updated += len(updates)
        for i in range(0, len(reindex_later), 500):
            indexing.reindex(DB, model.select().where(model.uuid.in_(reindex_later[i : i + 500])))
        if kind == "letter":
            _mark_answered(cur, planned, now, user)
        events.emit(events.Change("import", kind, detail=f"{path.name}: {result.created} created, "
                                                         f"{result.updated} updated"))
    _tick(progress, total, total, _("Imported {n} rows").format(n=total))
    return result


def _mark_answered(cur, planned: list[_Planned], now: str, user: str) -> None:
    """A reply in the file marks the letter it answers as answered (as a form's save does)."""
    replies: dict[str, dt.date] = {}
    for p in planned:
        target = p.values.get("in_reply_to")
        if target:
            d = p.values["date"]
            replies[target] = min(replies.get(target, d), d)
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


def import_file(path: str | os.PathLike, kind: str, progress: Progress | None = None) -> ImportResult:
    """Import every row of a spreadsheet, or nothing: raises :class:`ImportFailed` with every problem."""
    require("records")
    preview_, planned, new_units = _plan(path, kind, progress)
    if preview_.problems:
        raise ImportFailed(preview_.problems)
    return _write(kind, planned, new_units, Path(path), progress)


__all__ = ["Problem", "Preview", "PreviewRow", "ImportResult", "ImportFailed", "Cancelled",
           "preview", "import_file", "export_file"]
