"""The registry: posts, counterpart units, gates, markers, officers.

Each entry carries a Vietnamese and a Chinese name and travels between sites
like a record. Merging two duplicates of a counterpart moves every record of
the one onto the other and leaves the duplicate as a tombstone.
"""
from __future__ import annotations

from typing import Any


from borderdesk.domain import kinds as K
from borderdesk.domain.errors import NotFound, ValidationError
from borderdesk.domain.validation import Checker
from borderdesk.i18n import N_, _
from borderdesk.services import changes, events, indexing, session
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.trust.accounts import require

#: registry kind -> (model, label, fields: name -> (required, vocabulary or None))
REGISTRY: dict[str, tuple[type, str, dict[str, tuple[bool, Any]]]] = {
    "post": (m.Post, N_("Posts"), {"code": (True, None), "name_vi": (True, None), "name_zh": (False, None),
                                   "province": (False, None), "kind": (False, ("post", "headquarters"))}),
    "counterpart": (m.CounterpartUnit, N_("Counterpart units"), {
        "name_vi": (True, None), "name_zh": (False, None), "unit_type": (False, K.UNIT_TYPES),
        "province": (False, None), "notes": (False, None)}),
    "gate": (m.BorderGate, N_("Border gates"), {
        "name_vi": (True, None), "name_zh": (False, None), "gate_type": (False, K.GATE_TYPES),
        "province": (False, None), "pair_vi": (False, None), "pair_zh": (False, None)}),
    "marker": (m.BoundaryMarker, N_("Boundary markers"), {
        "number": (True, None), "name_vi": (False, None), "name_zh": (False, None),
        "section": (False, None), "province": (False, None)}),
    "officer": (m.Officer, N_("Officers"), {
        "name_vi": (True, None), "name_zh": (False, None), "rank": (False, None),
        "position_vi": (False, None), "position_zh": (False, None), "post_code": (False, None)}),
}


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
    out = {}
    for name, (required, vocab) in fields.items():
        if vocab is not None:
            out[name] = c.choice(name, data.get(name), vocab, required=required, default=None if required else "")
        else:
            out[name] = c.text(name, data.get(name), required=required, multiline=name == "notes",
                               max_len=32 if name in ("code", "number", "post_code") else None)
    if kind == "post" and out.get("code"):
        code = out["code"]
        if not all(ch.isalnum() or ch in "-_" for ch in code) or not code.isascii():
            c.fail("code", _("Use only Latin letters, digits, '-' and '_' in the code."))
        clash = m.Post.select().where(m.Post.code == code)
        if uuid:
            clash = clash.where(m.Post.uuid != uuid)
        if clash.exists():
            c.fail("code", _("Another post already has this code."))
        out["kind"] = out.get("kind") or "post"
    if c.errors:
        raise ValidationError(c.errors)
    return out


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
        conds = [getattr(model, f).contains(text) for f in REGISTRY[kind][2] if f in ("name_vi", "name_zh", "code", "number")]
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


def find_counterpart(name: str):
    """The live counterpart unit whose Vietnamese or Chinese name is *name* (any case), or None."""
    name = (name or "").strip()
    if not name:
        return None
    # SQLite's lower() folds ASCII only ("ĐỒN" would not find "Đồn"): compare in Python,
    # over a registry of a few hundred units at most.
    folded = name.casefold()
    cu = m.CounterpartUnit
    for unit in cu.select().where(cu.deleted == False).order_by(cu.created_at):  # noqa: E712
        if unit.name_vi.casefold() == folded or unit.name_zh == name:
            return unit
    return None


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
