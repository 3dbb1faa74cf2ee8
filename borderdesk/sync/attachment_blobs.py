"""Attachments travel with their records: the rows as the table ``attachment``, the bytes as ``blobs/<sha256>``.

The attachment rows are a synced table like the registry's (tables.py): the
authority rules apply to them unchanged (a post sends only its own; an
attachment belongs to its record's site). A bundle carries the bytes of the
attachment rows it carries (those the destination has not acknowledged),
except contents the destination already acknowledged under another row. Each
file is named by its SHA-256 and checked against it before it is stored
(a mismatch refuses the whole bundle). Bytes are stored as they arrive: an
attachment row whose bytes come in a later part shows "not arrived yet"
meanwhile, bytes whose row comes later wait for it.

A bundle is kept within a size the user sets (``sync_max_mb``, 200 MB by
default, ``bundle export --max-mb``): the bytes that do not fit go into
numbered parts beside it (``X.part2.bdb`` …), each a signed bundle of its own
holding only files, imported like any bundle, in any order.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading

from borderdesk.i18n import _
from borderdesk.services import session
from borderdesk.store import attachment_store as store
from borderdesk.store.models import DB
from borderdesk.sync import bundle, sites
from borderdesk.sync.bundle import BundleRefused, OpenedBundle

BLOB = re.compile(r"^blobs/([0-9a-f]{64})$")
DEFAULT_MAX_MB = 200
SETTING = "sync_max_mb"
#: room left in the main file for the rows, the audit trail and the zip's own bytes
ROWS_SHARE = 0.1
_pending = threading.local()


def max_bytes() -> int:
    try:
        mb = float(session.get_setting(SETTING, str(DEFAULT_MAX_MB)))
    except (TypeError, ValueError):
        mb = DEFAULT_MAX_MB
    return int(max(mb, 30) * 1024 * 1024)  # at least a 25 MB file and its rows


def set_max_mb(mb: float) -> None:
    from borderdesk.domain.errors import BorderDeskError

    if mb < 30:
        raise BorderDeskError(_("a bundle must hold at least 30 MB (one 25 MB attachment and its record)"))
    if mb * 1024 * 1024 > bundle.MAX_FILE:
        raise BorderDeskError(_("a bundle may hold at most {n} MB (a larger file is refused on import)").format(
            n=bundle.MAX_FILE // 1024 // 1024))
    with DB.atomic():
        session.set_setting(SETTING, f"{mb:g}")


def _filter(peer: sites.Peer, full: bool) -> tuple[str, list]:
    where, params = [], []
    if not full:
        where.append("a.version NOT LIKE ?")
        params.append(f"%@{peer.code}")
    if peer.kind == "post" and session.is_headquarters():
        where.append("a.site IN (?, ?)")  # the same rule as the records': a post gets its own and ours
        params += [peer.code, session.site_code()]
    return "".join(f" AND {w}" for w in where), params


def _contents(peer: sites.Peer, since: int, upto: int, full: bool) -> list[tuple[str, int]]:
    """(sha256, size) of the contents this bundle should carry, oldest row first, each once."""
    extra, params = _filter(peer, full)
    rows = DB.execute_sql(
        "SELECT a.sha256, b.size FROM attachment a JOIN attachment_blob b ON b.sha256 = a.sha256 "
        f"WHERE a.seq > ? AND a.seq <= ? AND a.deleted = 0{extra} ORDER BY a.seq", [since, upto] + params).fetchall()
    out, seen = [], set()
    for sha, size in rows:
        if sha in seen:
            continue
        seen.add(sha)
        # Already at the destination under a row it acknowledged: not sent again.
        if not full and DB.execute_sql(
                f"SELECT 1 FROM attachment a WHERE a.sha256 = ? AND a.seq <= ? AND a.deleted = 0{extra} LIMIT 1",
                [sha, since] + params).fetchone():
            continue
        out.append((sha, size))
    return out


def export_files(peer: sites.Peer, since: int, upto: int) -> dict[str, bytes]:
    """The bytes that fit in the main file; the rest waits in ``_pending`` for :func:`write_parts`."""
    full = getattr(_pending, "full", False)
    budget = int(max_bytes() * (1 - ROWS_SHARE))
    files, used, rest = {}, 0, []
    for sha, size in _contents(peer, since, upto, full):
        if used + size <= budget:
            files[f"blobs/{sha}"] = store.read_blob(sha)
            used += size
        else:
            rest.append((sha, size))
    _pending.rest = (peer.code, rest)
    return files


def import_files(opened: OpenedBundle) -> int:
    """Inside the import's transaction: store each file after checking it against its name. Returns how many."""
    _check_owners(opened)
    stored = 0
    for name, data in opened.files.items():
        mo = BLOB.match(name)
        if not mo:
            continue
        if hashlib.sha256(data).hexdigest() != mo.group(1):
            raise BundleRefused(_("the bundle's attachment {sha} does not match its SHA-256: the bundle is refused")
                                .format(sha=mo.group(1)[:12]))
        store.put_blob(data, mo.group(1))
        stored += 1
    _index_rows(opened)
    return stored


def _rows(opened: OpenedBundle):
    """The bundle's attachment rows (lists in its manifest's column order), read as a stream."""
    for batch in opened.iter_lines("rows/attachment.jsonl", 2000):
        for line in batch:
            try:
                row = json.loads(line)
            except ValueError:
                continue  # refused or set aside by the row checks already
            if isinstance(row, list):
                yield row


def _check_owners(opened: OpenedBundle) -> None:
    """Only a record's own site attaches to it: an attachment claiming another site's record is hostile."""
    cols = ((opened.manifest.get("tables") or {}).get("attachment") or {}).get("columns") or []
    if not {"uuid", "site", "record", "record_kind"} <= set(cols):
        return  # no attachment rows (or refused by the table checks already)
    iu, isite, irec, ikind = (cols.index(c) for c in ("uuid", "site", "record", "record_kind"))
    from borderdesk.store import models as m

    tables = {model._meta.table_name for model in m.RECORD_MODELS}
    bad = []
    for row in _rows(opened):
        if len(row) <= max(iu, isite, irec, ikind) or row[ikind] not in tables:
            continue
        owner = DB.execute_sql(f'SELECT site FROM "{row[ikind]}" WHERE uuid = ?', (row[irec],)).fetchone()
        if owner is not None and owner[0] != row[isite]:
            bad.append(row[iu])
    if bad:
        raise BundleRefused(_("the bundle attaches files to records of another site ({ids}): it is refused").format(
            ids=", ".join(str(b)[:36] for b in bad[:3])))


def _index_rows(opened: OpenedBundle) -> None:
    """The attachment titles that arrived go into the search index."""
    cols = ((opened.manifest.get("tables") or {}).get("attachment") or {}).get("columns") or []
    if "uuid" not in cols:
        return
    from borderdesk.services import attachments
    from borderdesk.store.attachment_store import Attachment

    iu = cols.index("uuid")
    uuids = [row[iu] for row in _rows(opened) if len(row) > iu and isinstance(row[iu], str)]
    for i in range(0, len(uuids), 500):
        attachments._index(list(Attachment.select().where(Attachment.uuid.in_(uuids[i:i + 500]))))
