"""Which tables travel in a bundle, their columns, and how a row is checked on arrival.

Rows travel as the database holds them (dates as ISO text, booleans as 0/1),
in the column order the manifest names, so neither side converts anything it
does not have to. ``seq`` never travels: it is each database's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import peewee as pw

from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import N_
from borderdesk.store import models as m
from borderdesk.store.attachment_store import Attachment
from borderdesk.store.clock import Version

#: registry kinds as shown in previews and counts
REGISTRY_LABELS = {
    "post": N_("Posts"),
    "counterpart_unit": N_("Counterpart units"),
    "border_gate": N_("Border gates"),
    "boundary_marker": N_("Boundary markers"),
    "officer": N_("Officers"),
    "holiday_correction": N_("Holiday corrections"),
    "glossary_term": N_("Glossary terms"),
    "attachment": N_("Attachments"),
}


@dataclass(frozen=True)
class ChildSpec:
    name: str  # collection name in the row: members, people, markers
    model: type
    fk: str  # column pointing at the parent's uuid
    columns: tuple[str, ...]  # without id and fk


@dataclass(frozen=True)
class TableSpec:
    table: str
    model: type
    columns: tuple[str, ...]  # every column but seq; uuid first
    child: ChildSpec | None
    is_record: bool


def _columns(model, skip=("seq",)) -> tuple[str, ...]:
    return tuple(f.column_name for f in model._meta.sorted_fields if f.column_name not in skip)


def _child(name: str, model, fk_field) -> ChildSpec:
    fk = fk_field.column_name
    return ChildSpec(name, model, fk, _columns(model, skip=("id", fk)))


_CHILDREN = {spec.model: _child(spec.child.name, spec.child.model, spec.child.model._meta.fields[spec.child.fk])
             for spec in KINDS.values() if spec.child}

TABLES: tuple[TableSpec, ...] = tuple(
    TableSpec(model._meta.table_name, model, _columns(model), _CHILDREN.get(model), model in m.RECORD_MODELS)
    # the glossary is headquarters' terminology, carried like the registry
    for model in m.REGISTRY_MODELS + (m.GlossaryTerm,) + m.RECORD_MODELS
) + (TableSpec("attachment", Attachment, _columns(Attachment), None, False),)  # the bytes: attachments_link
BY_NAME = {t.table: t for t in TABLES}
#: columns that say who/when, not what: two versions differing only here hold the same content
IDENTITY_COLUMNS = frozenset({"version", "updated_at", "changed_by", "created_at"})

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")


def _checker(field: pw.Field):
    nullable = field.null

    def ok_none(v):
        return v is None and nullable

    if isinstance(field, pw.BooleanField):
        return lambda v: ok_none(v) or v in (0, 1, True, False)
    if isinstance(field, (pw.IntegerField, pw.BigIntegerField)):
        return lambda v: ok_none(v) or (isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**62)
    if isinstance(field, pw.DateTimeField):
        return lambda v: ok_none(v) or (isinstance(v, str) and bool(_DATETIME.match(v)))
    if isinstance(field, pw.DateField):
        return lambda v: ok_none(v) or (isinstance(v, str) and bool(_DATE.match(v)))
    limit = getattr(field, "max_length", None) or 1_000_000
    return lambda v: ok_none(v) or (isinstance(v, str) and len(v) <= limit)


def _column_checker(field: pw.Field):
    """The same rule as :func:`_checker`, over a whole column at once (C-level loops: the bulk path)."""
    nullable = field.null

    def present(col):
        return [v for v in col if v is not None] if nullable else col

    def typed(col, kinds) -> bool:
        return set(map(type, col)) <= kinds

    if isinstance(field, pw.BooleanField):
        allowed = {0, 1, None} if nullable else {0, 1}
        return lambda col: typed(col, {int, bool, type(None)}) and set(col) <= allowed
    if isinstance(field, (pw.IntegerField, pw.BigIntegerField)):
        def ints(col):
            v = present(col)
            return typed(v, {int}) and max(map(abs, v), default=0) < 2**62
        return ints
    if isinstance(field, (pw.DateTimeField, pw.DateField)):
        pattern = _DATETIME if isinstance(field, pw.DateTimeField) else _DATE

        def dates(col):
            v = present(col)
            return typed(v, {str}) and all(map(pattern.match, v))
        return dates
    limit = getattr(field, "max_length", None) or 1_000_000

    def strings(col):
        v = present(col)
        return typed(v, {str}) and max(map(len, v), default=0) <= limit
    return strings


def column_checkers(model, columns) -> list:
    by_col = {f.column_name: f for f in model._meta.sorted_fields}
    return [_column_checker(by_col[c]) for c in columns]


def checkers(model, columns) -> list:
    by_col = {f.column_name: f for f in model._meta.sorted_fields}
    return [_checker(by_col[c]) for c in columns]


def defaults(model, columns) -> list:
    """What a column missing from an older bundle takes."""
    by_col = {f.column_name: f for f in model._meta.sorted_fields}
    out = []
    for c in columns:
        f = by_col[c]
        d = f.default() if callable(f.default) else f.default
        out.append(f.db_value(d) if d is not None else None)
    return out


def version_site(version: str) -> str:
    return version.rpartition("@")[2]


def valid_version(text) -> bool:
    try:
        Version.parse(text)
        return True
    except (ValueError, AttributeError, TypeError):
        return False
