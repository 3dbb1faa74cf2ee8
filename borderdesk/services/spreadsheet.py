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

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from borderdesk.domain import kinds as K
from borderdesk.domain.text import fold, nfc
from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.validation import Checker
from borderdesk.i18n import _, current_language
from borderdesk.services import records, registry, session
from borderdesk.services.record_rules import clean
from borderdesk.services.spreadsheet_columns import (
    REQUIRED, VOCABULARIES, ChildCellError, Layout, converter, field_value, header_key, layout,
    parse_children, vocabulary_key)
from borderdesk.services.spreadsheet_export import export_file  # noqa: F401 - the export, re-exported here
from borderdesk.services.spreadsheet_files import Cancelled, Limits, Sheet, TooLarge, default_limits
from borderdesk.services.spreadsheet_write import Writer
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.store.models import DB
from borderdesk.services.permissions import require

#: ``progress(done, total, text)``; returning False asks the work to stop
Progress = Callable[[int, int, str], Any]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_SPECIAL = ("id", "counterpart", "counterpart_zh", "gate", "gate_zh")
_BATCH = 5000
#: rows a preview keeps to show (its counts cover every row)
PREVIEW_ROWS = 1000
#: problems listed (the others are counted)
MAX_PROBLEMS = 1000


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
    new_markers: list[str] = field(default_factory=list)
    creates: int = 0
    updates: int = 0
    more_problems: int = 0  # problems beyond the first MAX_PROBLEMS listed

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        """Rows ready to import (``rows`` holds the first :data:`PREVIEW_ROWS` of them)."""
        return self.creates + self.updates


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    counterparts_created: list[str] = field(default_factory=list)
    gates_created: list[str] = field(default_factory=list)
    markers_created: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated


class ImportFailed(BorderDeskError):
    """The file has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: list[Problem], unlisted: int = 0):
        self.problems = list(problems)
        self.unlisted = unlisted
        first = str(self.problems[0]) if self.problems else ""
        more = len(self.problems) - 1 + unlisted
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


#: what a boundary marker's number looks like: 1118, 94/1, 1119(2), 53A
_MARKER_NUMBER = re.compile(r"^\d[\dA-Za-z/().-]{0,31}$")


class _Markers:
    """Marker cells -> the registry's marker numbers, as a form's marker box does: a marker the
    registry holds (by its number or a name, whatever the case, accents or Unicode form) gives its
    number; a marker number it does not hold is planned as a new entry; other text is a problem."""

    def __init__(self) -> None:
        self.known: dict[str, str] | None = None  # folded number or name -> number
        self.new: dict[str, str] = {}  # folded number -> number, to add to the registry

    def resolve(self, typed: Any) -> tuple[str, str | None]:
        text = str(typed or "").strip()
        if not text:
            return "", None
        if self.known is None:
            bm = m.BoundaryMarker
            self.known = {}
            for number, *names in bm.select(bm.number, bm.name_vi, bm.name_zh).where(
                    bm.deleted == False).order_by(bm.created_at).tuples():  # noqa: E712
                for n in (number, *names):
                    if n:
                        self.known.setdefault(fold(n), number)
        for candidate in (text, registry.marker_number(text)):
            got = self.known.get(fold(candidate)) or self.new.get(fold(candidate))
            if got:
                return got, None
        number = registry.marker_number(text)
        if not _MARKER_NUMBER.match(number):
            return "", _("“{text}” is neither a boundary marker of the registry nor a marker number: "
                         "write its number (for example 1118 or 94/1).").format(text=text)
        self.new[fold(number)] = number
        return number, None


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


class _Check:
    """Checks the rows of a file batch by batch, remembering only what later rows need
    (the ids seen, the units named, the letters answered), never the rows themselves."""

    def __init__(self, kind: str, lay: Layout, colmap: dict[str, tuple[int, str]], preview: Preview) -> None:
        self.kind, self.lay, self.colmap, self.preview = kind, lay, colmap, preview
        self.units = {"counterpart": _Units("counterpart"), "gate": _Units("gate")}
        self.markers = _Markers()
        self.marker_field = "marker" in colmap and any(
            f.name == "marker" and f.ref == "marker" for f in K.KINDS[kind].fields)
        self.plain = [(f, colmap[f][0], converter(lay, f)) for f in colmap
                      if f not in _SPECIAL and f != lay.child_column and f in lay.fields]
        self.vocab_fields = [f for f, _i, _c in self.plain if f in VOCABULARIES.get(kind, {})]
        self.child_col = lay.child_column if lay.child_column in colmap else None
        self.ids: dict[str, int] = {}  # id in the file -> its row
        #: answered letter -> [(row, column)] not found yet: in a later row of the file, or a problem
        self.replies_pending: dict[str, list[int]] = {}
        self.c = Checker()

    def cell(self, cells: list, name: str) -> Any:
        i = self.colmap[name][0]
        return cells[i] if i < len(cells) else None

    def problem(self, p: Problem) -> None:
        pv = self.preview
        if len(pv.problems) < MAX_PROBLEMS:
            pv.problems.append(p)
        else:
            pv.more_problems += 1

    def batch(self, body: list[tuple[int, list]]) -> list[_Planned]:
        kind, colmap = self.kind, self.colmap
        # The ids first: the records they name are loaded in one query per batch, not one a row.
        batch_ids: list[str] = []
        if "id" in colmap:
            for number, cells in body:
                u = str(self.cell(cells, "id") or "").strip().lower()
                if not u:
                    continue
                if not _UUID.match(u):
                    self.problem(Problem(number, colmap["id"][1], _("This is not a record id.")))
                elif u in self.ids:
                    self.problem(Problem(number, colmap["id"][1],
                                         _("The same id is on row {row} already.").format(row=self.ids[u])))
                else:
                    self.ids[u] = number
                    batch_ids.append(u)
        found, elsewhere = _existing(kind, batch_ids) if batch_ids else ({}, set())
        letters: set[str] = set()
        if kind == "letter" and "in_reply_to" in colmap:
            targets = {str(self.cell(c, "in_reply_to") or "").strip().lower() for _n, c in body} - {""}
            targets = list(targets - self.ids.keys())
            for i in range(0, len(targets), 500):
                letters.update(u for (u,) in m.Letter.select(m.Letter.uuid).where(
                    m.Letter.uuid.in_(targets[i:i + 500])).tuples())
        units_of, lay, c = self.units, self.lay, self.c
        planned: list[_Planned] = []
        for number, cells in body:
            bad: list[Problem] = []
            width = len(cells)
            data: dict[str, Any] = {f: conv(cells[i] if i < width else None) for f, i, conv in self.plain}
            for f in self.vocab_fields:
                data[f] = vocabulary_key(kind, f, data[f])
            for ref, units in units_of.items():
                if ref in colmap or ref + "_zh" in colmap:
                    name = field_value(lay, "", self.cell(cells, ref)) if ref in colmap else ""
                    name_zh = field_value(lay, "", self.cell(cells, ref + "_zh")) if ref + "_zh" in colmap else ""
                    data[ref], why = units.resolve(name, name_zh)
                    if why:
                        bad.append(Problem(number, colmap.get(ref, colmap.get(ref + "_zh"))[1], why))
            children = None
            if self.child_col:
                try:
                    children = parse_children(self.child_col, self.cell(cells, self.child_col))
                except ChildCellError as exc:
                    bad.append(Problem(number, colmap[self.child_col][1], str(exc)))
                    children = []
            uuid = str(self.cell(cells, "id") or "").strip().lower() if "id" in colmap else ""
            old = found.get(uuid)
            if self.marker_field or children:
                self._markers(number, data, children, old, bad)
            if uuid and uuid in elsewhere:
                bad.append(Problem(number, colmap["id"][1], _("This id belongs to a record of another kind.")))
            if old is not None:
                data = {**records.to_dict(old, with_children=False), **data}
            c.errors = {}
            values, rows = clean(kind, data, children, c)
            reply = values.get("in_reply_to")
            if reply and reply.lower() not in letters and reply.lower() not in self.ids:
                # perhaps a letter further down the file: decided at the end
                self.replies_pending.setdefault(reply.lower(), []).append(number)
            bad.extend(_problem_for(lay, colmap, number, k, v) for k, v in c.errors.items())
            if bad:
                for p in bad:
                    self.problem(p)
                continue
            records._derive(kind, values)
            p = _Planned(number, uuid or None, old is not None, values, rows,
                         site=old.site if old is not None else "", deleted=bool(old and old.deleted))
            planned.append(p)
            pv = self.preview
            if p.update:
                pv.updates += 1
            else:
                pv.creates += 1
            if len(pv.rows) < PREVIEW_ROWS:
                pv.rows.append(PreviewRow(number, "update" if p.update else "create", values, rows,
                                          units_of["counterpart"].display(values.get("counterpart")),
                                          units_of["gate"].display(values.get("gate"))))
        return planned

    def _markers(self, number: int, data: dict, children: list | None, old, bad: list[Problem]) -> None:
        """The row's marker cells as registry numbers. Text that names no marker and is no number is
        a problem, unless the record already holds it (an export of older free text, imported again)."""
        kept: set[str] | None = None

        def held() -> set[str]:  # read only when a cell names nothing (rare): the stored markers
            out = set()
            if old is not None:
                if self.marker_field:
                    out.add(nfc(old.marker or "").strip())
                if children:
                    out.update(nfc(c.get("marker") or "").strip() for c in records.children_of(old))
            return out

        cells = []
        if self.marker_field:
            cells.append((data, "marker", self.colmap["marker"][1]))
        for child in children or ():
            if isinstance(child, dict) and "marker" in child:
                cells.append((child, "marker", self.colmap[self.child_col][1]))
        for holder, key, column in cells:
            text = nfc(str(holder.get(key) or "")).strip()
            value, why = self.markers.resolve(text)
            if why:
                kept = held() if kept is None else kept
                if text in kept:
                    value, why = text, None
            if why:
                bad.append(Problem(number, column, why))
            holder[key] = value

    def finish(self) -> None:
        column = self.colmap.get("in_reply_to", (0, "in_reply_to"))[1]
        for target, numbers in self.replies_pending.items():
            if target not in self.ids:
                for number in numbers:
                    self.problem(Problem(number, column, _("The letter this one answers was not found.")))
        self.preview.problems.sort(key=lambda p: p.row)  # in the file's order, whatever found them
        self.preview.new_counterparts = [vi for vi, _zh in self.units["counterpart"].new.values()]
        self.preview.new_gates = [vi for vi, _zh in self.units["gate"].new.values()]
        self.preview.new_markers = list(self.markers.new.values())


def _batches(rows, size: int):
    batch: list = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run(path: str | os.PathLike, kind: str, progress: Progress | None, write: bool,
         limits: Limits | None = None) -> tuple[Preview, ImportResult | None]:
    """Read, check and (``write``) write the file in batches of rows: one pass, one transaction,
    memory bounded by a batch. A problem anywhere stops the writing and rolls everything back;
    the checking goes on to the end, so every problem is listed (the first :data:`MAX_PROBLEMS`)."""
    records.spec_for(kind)  # an unknown kind is refused before the file is read
    lay = layout(kind)
    sheet = Sheet(path, limits)
    try:
        if not sheet.headers:
            raise ImportFailed([Problem(1, "date", _("The file has no header row and no records."))])
        colmap, ignored, problems = _map_headers(lay, sheet.headers, sheet.header_row)
        columns = {h: f for f, (_i, h) in colmap.items()}
        preview = Preview(kind, Path(path), sheet.headers, columns, ignored, [], problems, [])
        if problems:
            return preview, None
        check = _Check(kind, lay, colmap, preview)
        total = max(sheet.estimate - sheet.header_row, 0)
        writer = Writer(kind, check.units, Path(path), ImportResult(kind), check.markers) if write else None
        with DB.atomic() if write else contextlib.nullcontext(), \
                search_index.merges_deferred(DB) if write else contextlib.nullcontext():
            done = 0
            for body in _batches(sheet.body(), _BATCH):
                text = (_("Writing row {row}") if writer else _("Checking row {row}")).format(row=body[0][0])
                _tick(progress, done, total, text)
                planned = check.batch(body)
                if writer is not None and not preview.problems:
                    writer.write(planned)
                done += len(body)
            check.finish()
            if writer is not None:
                if preview.problems:
                    raise ImportFailed(preview.problems, preview.more_problems)  # rolls every batch back
                writer.finish()
        _tick(progress, done, done, (_("Imported {n} rows") if writer else _("Checked {n} rows")).format(n=done))
        return preview, writer.result if writer else None
    finally:
        sheet.close()


def preview(path: str | os.PathLike, kind: str, progress: Progress | None = None,
            limits: Limits | None = None) -> Preview:
    """Read and check a spreadsheet without writing anything: the first rows, the counts, every problem."""
    return _run(path, kind, progress, write=False, limits=limits)[0]


def import_file(path: str | os.PathLike, kind: str, progress: Progress | None = None,
                limits: Limits | None = None) -> ImportResult:
    """Import every row of a spreadsheet, or nothing: raises :class:`ImportFailed` with every problem
    (:class:`TooLarge` for a file past the limits)."""
    require("records")
    preview_, result = _run(path, kind, progress, write=True, limits=limits)
    if preview_.problems or result is None:
        raise ImportFailed(preview_.problems, preview_.more_problems)
    return result


__all__ = ["Problem", "Preview", "PreviewRow", "ImportResult", "ImportFailed", "Cancelled", "Limits", "TooLarge",
           "default_limits", "preview", "import_file", "export_file"]
