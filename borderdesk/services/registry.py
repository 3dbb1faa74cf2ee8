"""The registry: posts, counterpart units, gates, markers, officers.

Each entry carries a Vietnamese and a Chinese name and travels between sites
like a record. Merging two duplicates of a counterpart moves every record of
the one onto the other and leaves the duplicate as a tombstone.
"""
from __future__ import annotations

import re
from typing import Any


from borderdesk.domain import kinds as K
from borderdesk.domain.text import close_matches as _close_matches, fold, nfc
from borderdesk.domain.errors import NotFound, ValidationError
from borderdesk.domain.validation import Checker
from borderdesk.i18n import N_, _
from borderdesk.services import changes, events, indexing, session
from borderdesk.services.record_rules import clean_field
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.permissions import require


#: registry kind -> (model, label, its fields): the same field spec as the record kinds'
REGISTRY = K.REGISTRY


def _model(kind: str):
    try:
        return REGISTRY[kind][0]
    except KeyError:
        raise ValidationError({"kind": _("Unknown registry kind: {kind}.").format(kind=kind)}) from None


def to_dict(row) -> dict:
    d = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.__data__.items()}
    d["id"] = row.uuid
    return d


def _clean(kind: str, data: dict, uuid: str | None) -> dict:
    model, _label, fields = REGISTRY[kind]
    c = Checker()
    out: dict[str, Any] = {}
    for f in fields:
        clean_field(c, f, model, data, out)
    if kind == "post" and out.get("code"):
        code = out["code"]
        if not all(ch.isalnum() or ch in "-_" for ch in code) or not code.isascii():
            c.fail("code", _("Use only Latin letters, digits, '-' and '_' in the code."))
        clash = m.Post.select().where(m.Post.code == code)
        if uuid:
            clash = clash.where(m.Post.uuid != uuid)
        if clash.exists():
            c.fail("code", _("Another post already has this code."))
    if c.errors:
        raise ValidationError(c.errors)
    return out


def check(kind: str, data: dict, uuid: str | None = None) -> dict:
    """The cleaned values of an entry, checked as :func:`create` would, writing nothing."""
    _model(kind)
    return _clean(kind, data, uuid)


def get(kind: str, uuid: str):
    model = _model(kind)
    row = model.get_or_none(model.uuid == uuid)
    if row is None:
        raise NotFound(_("No registry entry with the id {id}.").format(id=uuid))
    return row


def list_entries(kind: str, *, include_deleted: bool = False, text: str | None = None,
                 offset: int = 0, limit: int | None = None) -> list:
    model = _model(kind)
    q = model.select()
    if not include_deleted:
        q = q.where(model.deleted == False)  # noqa: E712
    if text:
        text = nfc(text.strip())
        conds = [getattr(model, f).contains(text) for f in ("name_vi", "name_zh", "code", "number") if f in model._meta.fields]
        if conds:
            expr = conds[0]
            for cond in conds[1:]:
                expr |= cond
            q = q.where(expr)
    order = model.code if kind == "post" else (model.number if kind == "marker" else model.name_vi.collate("VI"))
    q = q.order_by(order)
    if limit is not None:
        q = q.limit(limit).offset(offset)
    return list(q)


def create(kind: str, data: dict):
    require("registry")
    model = _model(kind)
    values = _clean(kind, data, None)
    with DB.atomic():
        row = model(**values)
        changes.save(row, kind, "create", None, to_dict)
    return row


def update(kind: str, uuid: str, data: dict):
    require("registry")
    row = get(kind, uuid)
    merged = {**to_dict(row), **data}
    values = _clean(kind, merged, uuid)
    with DB.atomic():
        before = to_dict(row)
        for k, v in values.items():
            setattr(row, k, v)
        changes.save(row, kind, "update", before, to_dict)
    return row


def _set_deleted(kind: str, uuid: str, deleted: bool):
    require("registry")
    return changes.set_deleted(get(kind, uuid), kind, deleted, to_dict)


def delete(kind: str, uuid: str):
    return _set_deleted(kind, uuid, True)


def restore(kind: str, uuid: str):
    return _set_deleted(kind, uuid, False)


#: the names an entry of each kind is found by (a marker by its number too)
MATCHED_BY = {"counterpart": ("name_vi", "name_zh"), "gate": ("name_vi", "name_zh"),
              "marker": ("number", "name_vi", "name_zh")}


def _names(kind: str) -> dict[str, tuple[str, ...]]:
    model = _model(kind)
    cols = [getattr(model, f) for f in MATCHED_BY[kind]]
    # In Python, over a registry of a few hundred entries at most: SQLite's lower() folds
    # ASCII only, and knows nothing of diacritics or Unicode forms.
    q = model.select(model.uuid, *cols).where(model.deleted == False).order_by(model.created_at)  # noqa: E712
    return {row[0]: tuple(row[1:]) for row in q.tuples()}


def match(kind: str, name: str):
    """The live entry of *kind* (counterpart, gate, marker) that *name* names, or None.

    Case, diacritics and the Unicode form do not matter: "Muong Khuong", "Mường Khương"
    and its decomposed spelling find the same gate.
    """
    key = fold(name or "")
    if not key:
        return None
    for uuid, names in _names(kind).items():
        if any(fold(n) == key for n in names if n):
            return _model(kind).get(_model(kind).uuid == uuid)
    return None


def close_matches(kind: str, name: str, limit: int = 5) -> list:
    """Live entries whose names come close to *name* (best first), to offer when it names none."""
    found = _close_matches(name, _names(kind), limit)
    model = _model(kind)
    rows = {r.uuid: r for r in model.select().where(model.uuid.in_(found))} if found else {}
    return [rows[u] for u in found if u in rows]


def marker_number(typed: str) -> str:
    """The number in a marker's name as an officer types it: "Mốc 1118", "cột mốc 94/1", "1118号界碑"."""
    text = nfc(typed).strip()
    text = re.sub(r"^(?:cột\s+mốc|mốc|cot\s+moc|moc|marker)\s*", "", text, flags=re.IGNORECASE)
    return re.sub(r"\s*号(?:界碑)?$", "", text) or typed.strip()


def find_counterpart(name: str):
    """The live counterpart unit named *name* (in either language; see :func:`match`), or None."""
    return match("counterpart", name)


def counterpart_name(uuid: str | None, lang: str = "vi") -> str:
    if not uuid:
        return ""
    row = m.CounterpartUnit.get_or_none(m.CounterpartUnit.uuid == uuid)
    if row is None:
        return ""
    return (row.name_zh or row.name_vi) if lang.startswith("zh") else (row.name_vi or row.name_zh)


def counterpart_names() -> dict[str, tuple[str, str]]:
    """uuid -> (name_vi, name_zh) of every counterpart, deleted ones too (old records keep their names)."""
    cu = m.CounterpartUnit
    return {r.uuid: (r.name_vi, r.name_zh) for r in cu.select(cu.uuid, cu.name_vi, cu.name_zh)}


def merge_counterparts(keep_uuid: str, duplicate_uuid: str) -> int:
    """Move every record of *duplicate* onto *keep*, then delete the duplicate. Returns records moved."""
    require("registry")
    if keep_uuid == duplicate_uuid:
        raise ValidationError({"duplicate": _("Choose two different units to merge.")})
    keep = get("counterpart", keep_uuid)
    dup = get("counterpart", duplicate_uuid)
    if keep.deleted or dup.deleted:
        raise ValidationError({"duplicate": _("A deleted unit cannot be merged.")})
    moved = 0
    with DB.atomic():
        for model in m.RECORD_MODELS:
            rows = list(model.select().where(model.counterpart == dup.uuid))
            for row in rows:
                row.counterpart = keep.uuid
                session.stamp(row, new=False)
                row.save()
            indexing.reindex(DB, rows)
            moved += len(rows)
        # Fill in names the kept entry lacks from the duplicate.
        changed = False
        for f in ("name_zh", "province", "unit_type"):
            if not getattr(keep, f) and getattr(dup, f):
                setattr(keep, f, getattr(dup, f))
                changed = True
        if changed:
            session.stamp(keep, new=False)
            keep.save()
            indexing.reindex(DB, [keep])
        _set_deleted("counterpart", dup.uuid, True)
        events.emit(events.Change("merge", "counterpart", keep.uuid, {"duplicate": dup.uuid}, {"moved": moved}))
    return moved
