"""Attachments of records: attach, list, read, export, delete (a tombstone), restore, verify, purge.

The desk and the command line call these. A file is checked by its content
(PDF, JPEG, PNG, TIFF), limited to 25 MB, and stored once per content
(:mod:`borderdesk.store.attachment_store`). Only the site that owns a record
attaches to it (or deletes one of its attachments): the attachment travels
with the record to headquarters, and the trust rules of bundles are those of
the record.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from borderdesk.domain.errors import NotFound, ValidationError
from borderdesk.domain.kinds import kind_of
from borderdesk.i18n import N_, _
from borderdesk.services import events, records, session
from borderdesk.services.permissions import require
from borderdesk.services.attachment_files import (MAX_BYTES, MAX_SIDE, MIMES, AttachmentRefused, FileInfo,
                                                   check_size, downscale, inspect)
from borderdesk.store import attachment_store as store
from borderdesk.store import search_index
from borderdesk.store.attachment_store import Attachment
from borderdesk.store.models import DB

__all__ = ["MAX_BYTES", "MAX_SIDE", "AttachmentRefused", "KINDS", "attach", "attach_file", "list_for", "get",
           "read_bytes", "export", "delete", "restore", "verify_all", "purge", "to_dict", "prepare"]

#: what an attachment is, as the form and ``--kind`` name it
KINDS = {
    "scan": N_("Scan"),
    "signed_original": N_("Signed original"),
    "photo": N_("Photo"),
    "other": N_("Other"),
}
#: record kinds whose status says whether a signed original is attached
SIGNED_KINDS = ("talks", "meeting", "handover")


@dataclass
class Prepared:
    """A file read and checked, ready to attach (the desk asks about a large image in between)."""

    data: bytes
    info: FileInfo
    filename: str

    @property
    def oversized_image(self) -> bool:
        return self.info.oversized_image


def prepare(path: str | os.PathLike) -> Prepared:
    """Read and check a file: its size, then its type by content. Raises :class:`AttachmentRefused`."""
    p = Path(path)
    if not p.is_file():
        raise AttachmentRefused(_("{name} is not a file").format(name=p))
    check_size(p.stat().st_size, p.name)
    data = p.read_bytes()
    check_size(len(data), p.name)
    return Prepared(data, inspect(data, p.name), p.name)


def _owned_record(record_id: str):
    row = records.find(record_id)
    if row.site != session.site_code():
        raise AttachmentRefused(
            _("this record belongs to {site}: only {site} can attach files to it or remove them").format(
                site=row.site))
    return row


def _clean_kind(kind: str | None, mime: str) -> str:
    kind = kind or ("photo" if mime in ("image/jpeg", "image/png") else "scan")
    if kind not in KINDS:
        raise ValidationError({"kind": _("Not one of: {values}.").format(values=", ".join(KINDS))})
    return kind


def attach(record_id: str, prepared: Prepared, *, title: str = "", kind: str | None = None,
           reduce: bool = False) -> Attachment:
    """Attach a prepared file to a record; returns the attachment. *reduce*: shrink a large image."""
    require("records")
    row = _owned_record(record_id)
    if row.deleted:
        raise AttachmentRefused(_("this record is deleted: restore it before attaching files"))
    data, info = prepared.data, prepared.info
    if reduce and info.oversized_image:
        data, info = downscale(data, info)
    kind = _clean_kind(kind, info.mime)
    title = " ".join((title or "").split())[:300] or Path(prepared.filename).stem[:300]
    with DB.atomic():
        sha, _stored = store.put_blob(data)
        same = (Attachment.select().where((Attachment.record == row.uuid) & (Attachment.sha256 == sha)
                                          & (Attachment.deleted == False)).first())  # noqa: E712
        if same is not None:
            raise AttachmentRefused(_("this file is already attached to this record as “{title}”").format(
                title=same.title))
        att = Attachment(record=row.uuid, record_kind=row._meta.table_name, sha256=sha, size=len(data),
                         mime=info.mime, filename=prepared.filename[:255], title=title, kind=kind,
                         width=info.width, height=info.height, pages=info.pages)
        session.stamp(att, new=True)
        att.site = row.site
        att.save(force_insert=True)
        _index([att], row)
        events.emit(events.Change("create", "attachment", att.uuid, None, to_dict(att)))
    return att


def attach_file(record_id: str, path: str | os.PathLike, *, title: str = "", kind: str | None = None,
                reduce: bool = False) -> Attachment:
    return attach(record_id, prepare(path), title=title, kind=kind, reduce=reduce)


# --- reading ---------------------------------------------------------------------------


def get(attachment_id: str) -> Attachment:
    att = Attachment.get_or_none(Attachment.uuid == attachment_id)
    if att is None:
        raise NotFound(_("No attachment with the id {id}.").format(id=attachment_id))
    return att


def list_for(record_id: str, include_deleted: bool = False) -> list[Attachment]:
    q = Attachment.select().where(Attachment.record == record_id)
    if not include_deleted:
        q = q.where(Attachment.deleted == False)  # noqa: E712
    return list(q.order_by(Attachment.created_at, Attachment.uuid))


def held(att: Attachment) -> bool:
    """Are the bytes here? (They may still be on their way from the post.)"""
    return store.has_blob(att.sha256)


def read_bytes(attachment_id: str) -> bytes:
    """The attachment's content, checked against its SHA-256."""
    att = get(attachment_id)
    data = store.read_blob(att.sha256)
    if data is None:
        raise NotFound(_("The file of “{title}” has not arrived here yet.").format(title=att.title))
    import hashlib

    if hashlib.sha256(data).hexdigest() != att.sha256:
        raise AttachmentRefused(_("The stored file of “{title}” is damaged (its hash differs); "
                                  "restore a backup").format(title=att.title))
    return data


def export(attachment_id: str, out: str | os.PathLike) -> Path:
    """Write the attachment to *out* (whole or not at all)."""
    data = read_bytes(attachment_id)
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=".borderdesk-", dir=str(out.parent.resolve()))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return out


def suggested_name(att: Attachment) -> str:
    name = att.filename or att.title or att.uuid
    ext = MIMES.get(att.mime, "")
    if ext and not name.lower().endswith((ext, ".jpeg", ".tiff")):
        name += ext
    return name


def to_dict(att: Attachment) -> dict:
    d = {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in att.__data__.items()}
    d.pop("seq", None)
    d["id"] = att.uuid
    return d


def has_signed_original(record_id: str) -> bool:
    return (Attachment.select().where((Attachment.record == record_id) & (Attachment.kind == "signed_original")
                                      & (Attachment.deleted == False)).exists())  # noqa: E712


def signed_originals(record_ids) -> set[str]:
    """Which of these records have a signed original attached."""
    ids = list(record_ids)
    out: set[str] = set()
    for i in range(0, len(ids), 500):
        q = (Attachment.select(Attachment.record)
             .where(Attachment.record.in_(ids[i: i + 500]) & (Attachment.kind == "signed_original")
                    & (Attachment.deleted == False)))  # noqa: E712
        out.update(a.record for a in q)
    return out


def missing_signed_minutes(limit: int = 50, before: dt.date | None = None) -> list:
    """Talks held (up to *before*, today by default) with no signed original attached, newest first."""
    from borderdesk.store import models as m

    signed = (Attachment.select(Attachment.record)
              .where((Attachment.kind == "signed_original") & (Attachment.deleted == False)))  # noqa: E712
    q = (m.Talks.select().where((m.Talks.kind == "talks") & (m.Talks.deleted == False)  # noqa: E712
                                & (m.Talks.date <= (before or dt.date.today())) & m.Talks.uuid.not_in(signed))
         .order_by(m.Talks.date.desc()))
    if session.has_site() and not session.is_headquarters():
        q = q.where(m.Talks.site == session.site_code())
    return list(q.limit(limit))


def count_missing_signed_minutes(before: dt.date | None = None) -> int:
    from borderdesk.store import models as m

    signed = (Attachment.select(Attachment.record)
              .where((Attachment.kind == "signed_original") & (Attachment.deleted == False)))  # noqa: E712
    q = m.Talks.select().where((m.Talks.kind == "talks") & (m.Talks.deleted == False)  # noqa: E712
                               & (m.Talks.date <= (before or dt.date.today())) & m.Talks.uuid.not_in(signed))
    if session.has_site() and not session.is_headquarters():
        q = q.where(m.Talks.site == session.site_code())
    return q.count()


# --- writing ---------------------------------------------------------------------------


def _index(atts, record=None) -> None:
    rows = []
    for att in atts:
        rec = record
        if rec is None:
            try:
                rec = records.find(att.record)
            except NotFound:
                rec = None
        date = rec.date.isoformat() if rec is not None and rec.date else None
        text = "" if att.deleted else " ".join(f"{att.title} {att.filename}".split())
        rows.append((att.uuid, "attachment", date, att.site, text))
    search_index.index_rows(DB, rows)


def _set_deleted(attachment_id: str, deleted: bool) -> Attachment:
    require("records")
    att = get(attachment_id)
    _owned_record(att.record)
    if att.deleted == deleted:
        return att
    if not deleted and not held(att):
        raise AttachmentRefused(_("The file of “{title}” was purged; it cannot be restored.").format(title=att.title))
    with DB.atomic():
        before = to_dict(att)
        att.deleted = deleted
        session.stamp(att, new=False)
        att.save()
        _index([att])
        events.emit(events.Change("delete" if deleted else "restore", "attachment", att.uuid, before, to_dict(att)))
    return att


def delete(attachment_id: str) -> Attachment:
    """Tombstone an attachment (it travels; its bytes stay until :func:`purge`)."""
    return _set_deleted(attachment_id, True)


def restore(attachment_id: str) -> Attachment:
    return _set_deleted(attachment_id, False)


def retitle(attachment_id: str, title: str, kind: str | None = None) -> Attachment:
    require("records")
    att = get(attachment_id)
    _owned_record(att.record)
    with DB.atomic():
        before = to_dict(att)
        att.title = " ".join((title or "").split())[:300] or att.title
        att.kind = _clean_kind(kind or att.kind, att.mime)
        session.stamp(att, new=False)
        att.save()
        _index([att])
        events.emit(events.Change("update", "attachment", att.uuid, before, to_dict(att)))
    return att


# --- checking and purging ---------------------------------------------------------------


def verify_all() -> list[str]:
    """Every stored content re-hashed, every live attachment's content present: the problems found."""
    problems = []
    for sha, size, _chunks in store.all_blobs():
        real, real_size = store.blob_digest(sha)
        if real != sha or real_size != size:
            problems.append(_("attachment content {sha} is damaged (hash or size differs)").format(sha=sha[:12]))
    missing = (Attachment.select().where(Attachment.deleted == False)  # noqa: E712
               .where(Attachment.sha256.not_in(store_blob_shas())))
    for att in missing:
        problems.append(_("attachment “{title}” ({id}) has no stored content").format(title=att.title, id=att.uuid))
    return problems


def stored_summary() -> tuple[int, int]:
    """How many distinct contents are stored, and their bytes."""
    n, size = DB.execute_sql("SELECT count(*), coalesce(sum(size), 0) FROM attachment_blob").fetchone()
    return n, size


def store_blob_shas():
    import peewee as pw

    return pw.SQL("(SELECT sha256 FROM attachment_blob)")


def purge() -> tuple[int, int]:
    """Remove for good the bytes no live attachment of a live record shows. Returns (contents, bytes)."""
    require("restore")
    from borderdesk.store import models as m

    live_records = " UNION ALL ".join(f'SELECT uuid FROM "{model._meta.table_name}" WHERE deleted = 0'
                                      for model in m.RECORD_MODELS)
    with DB.atomic():
        rows = DB.execute_sql(
            "SELECT sha256, size FROM attachment_blob WHERE sha256 NOT IN (SELECT a.sha256 FROM attachment a "
            f"WHERE a.deleted = 0 AND a.record IN ({live_records}))").fetchall()
        for sha, _size in rows:
            store.delete_blob(sha)
    return len(rows), sum(size for _sha, size in rows)


def add_records_to_hits(hits: list[dict]) -> list[dict]:
    """Search hits of attachments name the record they belong to (``record``, ``record_kind``)."""
    ids = [h["id"] for h in hits if h.get("kind") == "attachment"]
    if not ids:
        return hits
    by_id = {a.uuid: a for a in Attachment.select().where(Attachment.uuid.in_(ids))}
    from borderdesk.store import models as m

    kinds = {model._meta.table_name: model for model in m.RECORD_MODELS}
    for h in hits:
        att = by_id.get(h["id"])
        if att is not None:
            h["record"] = att.record
            model = kinds.get(att.record_kind)
            rec = model.get_or_none(model.uuid == att.record) if model else None
            h["record_kind"] = kind_of(rec).key if rec is not None else att.record_kind
    return hits
