"""Attachments: their rows, and their bytes stored once per content inside the database.

An attachment row (:class:`Attachment`) is a synced row like a record: it has
its own identity, version and tombstone, belongs to one record (``record``, a
UUID) and names the content it shows by its SHA-256. The bytes live in
``attachment_blob`` (one row per distinct content) and ``attachment_chunk``
(the content cut into 1 MiB pieces): the same file attached twice, to one
record or to two, is stored once. Keeping the bytes in the database file
means they are encrypted with it (SQLCipher), copied by every backup, written
in the same transaction as the row that names them (a killed process leaves
both or neither), and checked by ``check``. docs/attachments.md has the
measurements behind this choice; migration 10 (store/migrations.py) makes the tables.
"""
from __future__ import annotations

import hashlib
from typing import Iterator

import peewee as pw

from borderdesk.store import models as m
from borderdesk.store.models import DB, Synced

#: Bytes per stored piece: small enough that reading one never holds a whole
#: 25 MB scan twice in memory, large enough that a scan is a few dozen rows.
CHUNK = 1024 * 1024


class Attachment(Synced):
    record = pw.CharField(max_length=36, index=True)  # the record's uuid
    record_kind = pw.CharField(max_length=32)  # the record's table (talks, letter, handover …)
    sha256 = pw.CharField(max_length=64, index=True)
    size = pw.BigIntegerField()
    mime = pw.CharField(max_length=40)  # application/pdf | image/jpeg | image/png | image/tiff
    filename = pw.CharField(max_length=255, default="")
    title = pw.CharField(max_length=300, default="")
    kind = pw.CharField(max_length=24, default="other")  # scan | signed_original | photo | other
    width = pw.IntegerField(null=True)
    height = pw.IntegerField(null=True)
    pages = pw.IntegerField(null=True)


# --- bytes -------------------------------------------------------------------------------


def has_blob(sha256: str) -> bool:
    return DB.execute_sql("SELECT 1 FROM attachment_blob WHERE sha256 = ?", (sha256,)).fetchone() is not None


def put_blob(data: bytes, sha256: str | None = None) -> tuple[str, bool]:
    """Store content once; returns ``(sha256, stored_now)``. Call inside the caller's transaction.

    With *sha256* given (what a bundle claims), the content must hash to it, else ValueError.
    """
    digest = hashlib.sha256(data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise ValueError("content does not match its hash")
    if has_blob(digest):
        return digest, False
    view = memoryview(data)
    n = 0
    for i in range(0, len(view), CHUNK):
        DB.execute_sql("INSERT INTO attachment_chunk (sha256, n, data) VALUES (?, ?, ?)",
                       (digest, n, bytes(view[i: i + CHUNK])))
        n += 1
    DB.execute_sql("INSERT INTO attachment_blob (sha256, size, chunks) VALUES (?, ?, ?)", (digest, len(data), n))
    return digest, True


def iter_blob(sha256: str) -> Iterator[bytes]:
    """The content's pieces in order (nothing if it is not held)."""
    cur = DB.execute_sql("SELECT data FROM attachment_chunk WHERE sha256 = ? ORDER BY n", (sha256,))
    for (piece,) in cur:
        yield bytes(piece)


def read_blob(sha256: str) -> bytes | None:
    if not has_blob(sha256):
        return None
    return b"".join(iter_blob(sha256))


def blob_digest(sha256: str) -> tuple[str, int]:
    """What the stored pieces of *sha256* really hash to, and their size."""
    h = hashlib.sha256()
    size = 0
    for piece in iter_blob(sha256):
        h.update(piece)
        size += len(piece)
    return h.hexdigest(), size


def all_blobs() -> list[tuple[str, int, int]]:
    return DB.execute_sql("SELECT sha256, size, chunks FROM attachment_blob ORDER BY sha256").fetchall()


def delete_blob(sha256: str) -> None:
    DB.execute_sql("DELETE FROM attachment_chunk WHERE sha256 = ?", (sha256,))
    DB.execute_sql("DELETE FROM attachment_blob WHERE sha256 = ?", (sha256,))


def table_exists() -> bool:
    return DB.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment'").fetchone() \
        is not None


def index_rows_all():
    """Search-index rows of every live attachment (for a rebuild of the index)."""
    if not table_exists():
        return []
    out = []
    for att in Attachment.select().where(Attachment.deleted == False).iterator():  # noqa: E712
        date = None
        for model in m.RECORD_MODELS:
            if model._meta.table_name == att.record_kind:
                rec = model.get_or_none(model.uuid == att.record)
                date = rec.date.isoformat() if rec is not None and rec.date else None
                break
        out.append((att.uuid, "attachment", date, att.site, " ".join(f"{att.title} {att.filename}".split())))
    return out
