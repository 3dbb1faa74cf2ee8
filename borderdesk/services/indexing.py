"""What the search index holds for each object: the text a person would look for."""
from __future__ import annotations

from typing import Iterator

import peewee as pw

from borderdesk.domain.kinds import KINDS, kind_of
from borderdesk.store import models as m
from borderdesk.store import search_index

#: registry models in the index, under these kind names
REGISTRY_KINDS = {
    "counterpart": (m.CounterpartUnit, ("name_vi", "name_zh", "province", "notes")),
    "gate": (m.BorderGate, ("name_vi", "name_zh", "pair_vi", "pair_zh", "province")),
    "marker": (m.BoundaryMarker, ("number", "name_vi", "name_zh", "section")),
    "officer": (m.Officer, ("name_vi", "name_zh", "position_vi", "position_zh")),
    "post": (m.Post, ("code", "name_vi", "name_zh", "province")),
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


def _child_text(row) -> str:
    if isinstance(row, m.Talks):
        return " ".join(f"{p.name_vi} {p.name_zh} {p.role_vi} {p.role_zh}" for p in row.members)
    if isinstance(row, m.Handover):
        return " ".join(f"{p.name} {p.document} {p.address}" for p in row.people)
    if isinstance(row, m.JointPatrol):
        return " ".join(p.marker for p in row.markers)
    return ""


def record_text(row, counterpart_name: str = "", children: bool = True) -> str:
    spec = kind_of(row)
    parts = [str(getattr(row, f) or "") for f in spec.text_fields]
    if counterpart_name:
        parts.append(counterpart_name)
    if children and spec.children:
        parts.append(_child_text(row))
    return " ".join(" ".join(parts).split())


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
    from borderdesk.services import attachments  # imported here: it imports the record services

    yield from attachments.index_rows_all()
