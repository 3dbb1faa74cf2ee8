"""What the search index holds for each object: the text a person would look for."""
from __future__ import annotations

from typing import Iterable, Iterator, Mapping

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


def search_text(spec: KindSpec, values: Mapping, children: Iterable | None = None,
                counterpart_name: str = "") -> str:
    """The text the search index holds for a record: its searchable fields (the spec says which),
    its counterpart's names, its child rows' searchable fields; single spaces. Every path that
    writes a record (a form, a spreadsheet, a bundle, the demo) indexes this same text."""
    parts = [str(values.get(c) or "") for c in spec.text_fields]
    parts.append(counterpart_name)
    if spec.child is not None and children:
        cols = columns_of(f for f in spec.child.fields if f.searchable)
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
