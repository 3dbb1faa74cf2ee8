"""What the search index holds for each object: the text a person would look for."""
from __future__ import annotations

from typing import Iterable, Iterator, Mapping, Sequence

import peewee as pw

from borderdesk.domain.fields import columns_of
from borderdesk.domain.kinds import KINDS, REGISTRY, KindSpec, kind_of
from borderdesk.store import attachment_store
from borderdesk.store import models as m
from borderdesk.store import migrations, search_index

#: registry models in the index, under their kind names, with the columns searched
REGISTRY_KINDS = {
    kind: (model, columns_of(f for f in fields if f.searchable)) for kind, (model, _label, fields) in REGISTRY.items()
}


def _counterpart_names(uuids) -> dict[str, str]:
    uuids = {u for u in uuids if u}
    if not uuids:
        return {}
    out = {}
    ids = list(uuids)
    for i in range(0, len(ids), 500):
        q = m.CounterpartUnit.select(m.CounterpartUnit.uuid, m.CounterpartUnit.name_vi, m.CounterpartUnit.name_zh)
        for c in q.where(m.CounterpartUnit.uuid.in_(ids[i : i + 500])):
            out[c.uuid] = f"{c.name_vi} {c.name_zh}".strip()
    return out


#: id of a kind's spec -> (the spec, the record's searched columns, its child rows' searched columns):
#: read from the spec once, not for each of the 100,000 records of an import (a spec replaced by
#: another, a field added, is read again)
_TEXT_COLUMNS: dict[int, tuple[KindSpec, tuple[str, ...], tuple[str, ...]]] = {}


def _text_columns(spec: KindSpec) -> tuple[tuple[str, ...], tuple[str, ...]]:
    got = _TEXT_COLUMNS.get(id(spec))
    if got is None or got[0] is not spec:
        kids = columns_of(f for f in spec.child.fields if f.searchable) if spec.child is not None else ()
        got = _TEXT_COLUMNS[id(spec)] = (spec, spec.text_fields, kids)
    return got[1], got[2]


def search_text(spec: KindSpec, values: Mapping, children: Iterable | None = None,
                counterpart_name: str = "") -> str:
    """The text the search index holds for a record: its searchable fields (the spec says which),
    its counterpart's names, its child rows' searchable fields; single spaces. Every path that
    writes a record (a form, a spreadsheet, a bundle, the demo) indexes this same text."""
    own, cols = _text_columns(spec)
    parts = [str(values.get(c) or "") for c in own]
    parts.append(counterpart_name)
    if spec.child is not None and children:
        for r in children:  # dicts (a form, a file) or rows (the database, a bundle)
            get = r.get if isinstance(r, Mapping) else (lambda c, r=r: getattr(r, c, ""))
            parts.extend(str(get(c) or "") for c in cols)
    return " ".join(" ".join(parts).split())


def record_text(row, counterpart_name: str = "", children: bool = True) -> str:
    spec = kind_of(row)
    kids = getattr(row, spec.children) if children and spec.children else None
    return search_text(spec, row.__data__, kids, counterpart_name)


def record_index_rows(rows) -> list[tuple]:
    rows = list(rows)
    names = _counterpart_names(getattr(r, "counterpart", None) for r in rows)
    out = []
    for r in rows:
        spec = kind_of(r)
        text = "" if r.deleted else record_text(r, names.get(r.counterpart, ""))
        out.append((r.uuid, spec.key, r.date.isoformat() if r.date else None, r.site, text))
    return out


def record_index_rows_of_lists(model, columns: Sequence[str], child_columns: Sequence[str] | None,
                               rows: Iterable[list]) -> list[tuple]:
    """:func:`record_index_rows` for rows as lists (a bundle's): ``columns`` then, with
    ``child_columns``, the list of child rows; the same text, no model objects made."""
    pos = {c: i for i, c in enumerate(columns)}
    n = len(columns)
    rows = list(rows)
    cpi, di = pos.get("counterpart"), pos.get("date")
    ki = pos.get("kind") if model is m.Talks else None  # talks and meetings share a table
    names = _counterpart_names(r[cpi] for r in rows) if cpi is not None else {}
    specs: dict[str | None, KindSpec] = {}
    out = []
    for r in rows:
        sub = r[ki] if ki is not None else None
        spec = specs.get(sub) or specs.setdefault(sub, kind_of(model, sub))
        if r[pos["deleted"]]:
            text = ""
        else:
            kids = [dict(zip(child_columns, k)) for k in r[n]] if child_columns is not None else None
            text = search_text(spec, dict(zip(columns, r)), kids, names.get(r[cpi], "") if cpi is not None else "")
        date = r[di] if di is not None else None
        out.append((r[pos["uuid"]], spec.key, (date.isoformat() if hasattr(date, "isoformat") else date) or None,
                    r[pos["site"]], text))
    return out


def registry_index_rows(rows) -> list[tuple]:
    out = []
    for r in rows:
        for kind, (model, fields) in REGISTRY_KINDS.items():
            if isinstance(r, model):
                text = "" if r.deleted else " ".join(str(getattr(r, f) or "") for f in fields).strip()
                out.append((r.uuid, kind, None, r.site, text))
    return out


def reindex(db: pw.Database, rows) -> None:
    """Bring the index in step with these rows (records or registry entries)."""
    rows = list(rows)
    recs = [r for r in rows if isinstance(r, m.Record)]
    regs = [r for r in rows if not isinstance(r, m.Record)]
    search_index.index_rows(db, record_index_rows(recs) + registry_index_rows(regs))


def rebuild(db: pw.Database) -> None:
    """Index every live object from scratch, through the current code (repair, and after migrations)."""
    with db.atomic():
        search_index.rebuild(db, all_index_rows(db))
        migrations.search_rebuild_done(db)


def rebuild_if_pending(db: pw.Database) -> bool:
    """Rebuild once when a migration asked for it (after the last one ran). True when it ran."""
    if not migrations.search_rebuild_pending(db):
        return False
    rebuild(db)
    return True


def all_index_rows(db: pw.Database) -> Iterator[tuple]:
    for model, fields in REGISTRY_KINDS.values():
        yield from registry_index_rows(model.select().where(model.deleted == False))  # noqa: E712
    seen = set()
    for spec in KINDS.values():
        if spec.model in seen:
            continue
        seen.add(spec.model)
        model = spec.model
        q = model.select().where(model.deleted == False).order_by(model.date)  # noqa: E712
        batch = []
        for r in q.iterator():
            batch.append(r)
            if len(batch) >= 2000:
                yield from record_index_rows(batch)
                batch = []
        yield from record_index_rows(batch)
    yield from attachment_store.index_rows_all()
