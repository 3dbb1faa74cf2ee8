"""Records: create, update, delete, restore, get, list, count — one transaction each.

``kind`` is a key of :data:`borderdesk.domain.kinds.KINDS`. Data comes in as
plain dicts (what a form or a spreadsheet row holds); rows go out as model
instances, and :func:`to_dict` makes them JSON-able for the CLI and bundles.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import peewee as pw

from borderdesk.domain.errors import NotFound, ValidationError
from borderdesk.domain.kinds import KINDS, KindSpec, kind_of
from borderdesk.domain.validation import Checker
from borderdesk.i18n import _
from borderdesk.services import changes
from borderdesk.services.record_rules import clean
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.store.models import DB
from borderdesk.services.permissions import require

IDENTITY_FIELDS = ("uuid", "site", "created_at", "updated_at", "version", "changed_by", "deleted", "seq")


def spec_for(kind: str) -> KindSpec:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValidationError({"kind": _("Unknown record kind: {kind}.").format(kind=kind)}) from None


def _base_query(spec: KindSpec):
    q = spec.model.select()
    if spec.talks_kind:
        q = q.where(spec.model.kind == spec.talks_kind)
    return q


# --- reading --------------------------------------------------------------------------


def get(kind: str, uuid: str, include_deleted: bool = True):
    spec = spec_for(kind)
    row = _base_query(spec).where(spec.model.uuid == uuid).first()
    if row is None or (row.deleted and not include_deleted):
        raise NotFound(_("No {kind} with the id {id}.").format(kind=_(spec.label).lower(), id=uuid))
    return row


def find(uuid: str):
    """A record of any kind by its id (``list --json`` prints these ids)."""
    for model in m.RECORD_MODELS:
        row = model.get_or_none(model.uuid == uuid)
        if row is not None:
            return row
    raise NotFound(_("No record with the id {id}.").format(id=uuid))


def children_of(row) -> list[dict]:
    spec = kind_of(row)
    if not spec.children:
        return []
    model = spec.child.model
    fk = getattr(model, spec.child.fk)
    out = []
    for child in model.select().where(fk == row.uuid).order_by(model.position):
        d = child.__data__.copy()
        d.pop("id", None)
        d.pop(spec.child.fk, None)
        out.append(d)
    return out


def _jsonable(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def to_dict(row, with_children: bool = True) -> dict[str, Any]:
    """The record as plain data: ``id``, ``kind``, ``date``, every field, and its child rows."""
    spec = kind_of(row)
    d = {k: _jsonable(v) for k, v in row.__data__.items()}
    out = {"id": row.uuid, "kind": spec.key}
    out.update(d)
    if with_children and spec.children:
        out[spec.children] = children_of(row)
    return out


#: the records that wait for an answer: (due date, answered on, asked when) columns
def _apply_filters(spec: KindSpec, q, *, date_from=None, date_to=None, counterpart=None, status=None, site=None,
                   deleted=False, text=None, today: dt.date | None = None, **choices):
    model = spec.model
    # a choice of any kind's filters (``direction``, ``category`` …); a kind without it ignores it
    unknown = set(choices) - {f.name for k in KINDS.values() for f in k.filter_fields}
    if unknown:
        raise TypeError(f"unknown filter: {', '.join(sorted(unknown))}")
    if deleted is not None:
        if status in ("pending", "overdue") and spec.deadline:
            # "+deleted" keeps SQLite's planner off the (deleted, date) indexes: the open items'
            # partial indexes (migration 12) find the few hundred among a million (4 s → 30 ms)
            q = q.where(pw.Expression(pw.NodeList((pw.SQL("+"), model.deleted), glue=""), "=", bool(deleted)))
        else:
            q = q.where(model.deleted == bool(deleted))
    if date_from:
        q = q.where(model.date >= date_from)
    if date_to:
        q = q.where(model.date <= date_to)
    if counterpart:
        q = q.where(model.counterpart == counterpart)
    if site:
        q = q.where(model.site == site)
    mine = {f.name for f in spec.filter_fields}
    for name, value in choices.items():
        if value and name in mine:
            q = q.where(getattr(model, name) == value)
    if status and spec.deadline:
        d = spec.deadline
        due, answered, asked = getattr(model, d.due), getattr(model, d.answered), getattr(model, d.asked)
        waiting = asked.is_null(False) & answered.is_null()
        if status == "pending":
            q = q.where(waiting)
        elif status == "overdue":
            q = q.where(waiting & (due < (today or dt.date.today())))
        elif status == "answered":
            q = q.where(answered.is_null(False))
    if text:
        query = search_index.build_query(text)
        if query:
            # The full-text index drives the query, newest match first: FTS5 walks
            # its doclist backwards and stops at the page's end, so "bien phong"
            # over a million records costs a page, not a million lookups.
            q = (q.join(_DOC, on=(_DOC.uuid == model.uuid)).join(_FTS, on=(_FTS.rowid == _DOC.id))
                 .where(pw.Expression(_FTS.body, "MATCH", query) & (_DOC.kind == spec.key)))
            q._text_search = True
    return q


_DOC = pw.Table("search_doc", ("id", "uuid", "kind"))
_FTS = pw.Table("search_fts", ("rowid", "body"))


def _is_text_search(q) -> bool:
    return getattr(q, "_text_search", False)


#: what any list may be sorted by; each kind adds the columns its spec marks (``ListColumn.sort``)
SORTABLE = ("date", "created_at", "updated_at")


def list_records(kind: str, *, order: str = "-date", offset: int = 0, limit: int | None = 50, **filters) -> list:
    """One page of records, newest first by default. Filters: see :func:`count`."""
    spec = spec_for(kind)
    model = spec.model
    q = _apply_filters(spec, _base_query(spec), **filters)
    desc = order.startswith("-")
    name = order.lstrip("-")
    if name not in SORTABLE and name not in spec.sortable:
        name = "date"
    col = getattr(model, name)
    if _is_text_search(q):
        q = q.order_by(_FTS.rowid.desc())  # what was typed: the most recently written matches first
    else:
        # rowid breaks ties so that pages never overlap or skip.
        q = q.order_by(col.desc(), pw.SQL("rowid DESC")) if desc else q.order_by(col.asc(), pw.SQL("rowid"))
    if limit is not None:
        q = q.limit(limit).offset(offset)
        if offset >= DEEP_OFFSET and not _is_text_search(q):
            return _deep_page(model, q)
    return list(q)


#: Past this offset a page is read in two steps (see :func:`_deep_page`).
DEEP_OFFSET = 1000


def _deep_page(model, q) -> list:
    """A page far down a list: skip the offset in the covering index, then read only the page's rows.

    Reading whole rows while skipping 100,000 of them took 500 ms at a million records;
    skipping index entries and reading 200 rows takes 30 ms.
    """
    keys = [k for (k,) in q.select(pw.SQL("rowid")).tuples()]
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = model.select(model, pw.SQL("rowid").alias("_rowid")).where(pw.SQL(f"rowid IN ({marks})", keys))
    by_key = {r._rowid: r for r in rows}
    return [by_key[k] for k in keys if k in by_key]


def count(kind: str, *, cap: int | None = None, **filters) -> int:
    """How many records match: ``date_from``, ``date_to`` (inclusive), ``counterpart``, ``direction``,
    ``category``, ``outcome``, ``status`` (pending/overdue/answered), ``site``, ``deleted``
    (False: live, True: deleted only, None: both), ``text`` (search).

    With ``cap``, a search stops counting past ``cap`` and returns ``cap + 1`` ("more than cap"):
    a list needs no exact count of every record that mentions "biên phòng".
    """
    spec = spec_for(kind)
    q = _apply_filters(spec, _base_query(spec), **filters)
    if not _is_text_search(q):
        return q.count()
    # Keep the ORDER BY: it makes the full-text index the outer loop (peewee's count() drops it).
    q = q.select(pw.SQL("1")).order_by(_FTS.rowid.desc())
    if cap is not None:
        q = q.limit(cap + 1)
    sql, params = q.sql()
    return DB.execute_sql(f"SELECT count(*) FROM ({sql}) AS matches", params).fetchone()[0]


def iter_records(kind: str, **filters) -> Iterable:
    """Every matching record in date order, streamed (for exports)."""
    spec = spec_for(kind)
    q = _apply_filters(spec, _base_query(spec), **filters).order_by(spec.model.date, pw.SQL("rowid"))
    return q.iterator()


# --- writing --------------------------------------------------------------------------


def _check_refs(c: Checker, values: dict) -> None:
    for name in ("counterpart", "gate", "in_reply_to"):
        if values.get(name) is not None and not isinstance(values[name], str):
            c.fail(name, _("Not a reference to the registry."))
            values[name] = None
    cp = values.get("counterpart")
    if cp and not m.CounterpartUnit.select().where(
            (m.CounterpartUnit.uuid == cp) & (m.CounterpartUnit.deleted == False)).exists():  # noqa: E712
        c.fail("counterpart", _("This counterpart unit is not in the registry."))
    gate = values.get("gate")
    if gate and not m.BorderGate.select().where(
            (m.BorderGate.uuid == gate) & (m.BorderGate.deleted == False)).exists():  # noqa: E712
        c.fail("gate", _("This border gate is not in the registry."))
    reply = values.get("in_reply_to")
    if reply and not m.Letter.select().where(m.Letter.uuid == reply).exists():
        c.fail("in_reply_to", _("The letter this one answers was not found."))


def _derive(kind: str, values: dict) -> None:
    """Fields computed from others: the verification deadline in working days."""
    if kind == "handover":
        req = values.get("verification_requested")
        if req:
            from borderdesk.services import calendar

            values["verification_due"] = calendar.verification_due(req, values.get("verification_side") or "vn")
        else:
            values["verification_due"] = None


def validate(kind: str, data: dict, children: list[dict] | None = None) -> tuple[dict, list[dict] | None]:
    """Clean and check a form's data without saving; raises :class:`ValidationError`."""
    spec_for(kind)
    c = Checker()
    values, rows = clean(kind, data, children, c)
    _check_refs(c, values)
    if c.errors:
        raise ValidationError(c.errors)
    _derive(kind, values)
    return values, rows


def _write_children(spec: KindSpec, row, rows: list[dict]) -> None:
    model = spec.child.model
    fk_name = spec.child.fk
    model.delete().where(getattr(model, fk_name) == row.uuid).execute()
    for r in rows:
        model.create(**{fk_name: row.uuid, **r})


def _mark_answered(values: dict, row) -> None:
    """Recording a reply marks the letter it answers as answered."""
    target = values.get("in_reply_to")
    if not target:
        return
    letter = m.Letter.get_or_none(m.Letter.uuid == target)
    if letter is not None and letter.answered_on is None:
        before = to_dict(letter)
        letter.answered_on = row.date
        changes.save(letter, "letter", "update", before, to_dict)


def create(kind: str, data: dict, children: list[dict] | None = None):
    """Save a new record; returns it. Nothing is written when any field is wrong."""
    require("records")
    spec = spec_for(kind)
    values, rows = validate(kind, data, children)
    with DB.atomic():
        row = spec.model(**values)

        def dependants() -> None:
            if rows is not None:
                _write_children(spec, row, rows)
            if kind == "letter":
                _mark_answered(values, row)

        changes.save(row, kind, "create", None, to_dict, dependants)
    return row


def update(kind: str, uuid: str, data: dict, children: list[dict] | None = None):
    """Replace a record's fields (and child rows, when given) with *data*; returns it."""
    require("records")
    spec = spec_for(kind)
    row = get(kind, uuid)
    merged = {**to_dict(row, with_children=False), **data}
    values, rows = validate(kind, merged, children)
    with DB.atomic():
        before = to_dict(row)
        for k, v in values.items():
            setattr(row, k, v)

        def dependants() -> None:
            if rows is not None:
                _write_children(spec, row, rows)
            if kind == "letter":
                _mark_answered(values, row)

        changes.save(row, kind, "update", before, to_dict, dependants)
    return row


def _set_deleted(kind: str, uuid: str, deleted: bool):
    require("records")
    return changes.set_deleted(get(kind, uuid), kind, deleted, to_dict)


def delete(kind: str, uuid: str):
    """Mark a record deleted (a tombstone that travels in bundles); :func:`restore` undoes it."""
    return _set_deleted(kind, uuid, True)


def restore(kind: str, uuid: str):
    return _set_deleted(kind, uuid, False)


def duplicate_data(row) -> tuple[dict, list[dict] | None]:
    """A record's data and child rows, without identity, to start a new record from."""
    d = to_dict(row)
    spec = kind_of(row)
    kids = d.pop(spec.children, None) if spec.children else None
    for k in IDENTITY_FIELDS + ("id", "kind", "verification_due", "answered_on"):
        d.pop(k, None)
    return d, kids
