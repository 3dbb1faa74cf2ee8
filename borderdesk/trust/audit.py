"""The audit trail: an append-only, hash-chained log of everything done to the records.

Every entry belongs to the chain of one site and holds its position there
(``seq`` = 1, 2, 3 …), the time in UTC, who acted, what was done to which
object, the object before and after (canonical JSON), and two hashes:
``prev_hash`` (the hash of the entry before it, or 64 zeros for the first)
and ``hash`` = SHA-256 of the canonical serialization of all of the entry's
fields *including* ``prev_hash``. Editing, removing or reordering an entry
by hand therefore breaks the chain at that entry, and :func:`verify` names it.

Entries are written by a listener on :mod:`borderdesk.services.events` (installed
by the database setup through :func:`install`), so
they are appended inside the very transaction of the change they describe:
an entry exists exactly when its change does. Headquarters receives each
post's entries in the sync bundles (:func:`export_entries`,
:func:`import_foreign_entries`) and checks each post's chain with
:func:`verify_chain`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Iterable

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import _
from borderdesk.services import events, session
from borderdesk.store.models import DB

GENESIS = "0" * 64
#: the columns that travel and are hashed, in their canonical order
FIELDS = ("site", "seq", "ts", "user", "action", "kind", "uuid", "before", "after", "detail", "prev_hash")
_HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class BrokenEntry:
    """Where a chain stops being trustworthy, and why (a translated sentence)."""

    site: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return _("audit entry {seq} of site {site}: {reason}").format(
            seq=self.seq, site=self.site or "-", reason=self.reason
        )


def canonical_json(obj) -> str | None:
    """The one serialization of a before/after snapshot: sorted keys, no spaces, UTF-8 kept."""
    if obj is None:
        return None
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(entry: dict) -> str:
    """SHA-256 (hex) over the canonical serialization of an entry's fields, ``prev_hash`` included."""
    payload = json.dumps([entry.get(f) for f in FIELDS], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def utc_timestamp(moment: dt.datetime | None = None) -> str:
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _table_exists() -> bool:
    # Cached per database object: the listener runs on every write.
    db = DB.obj
    if db is None:
        return False
    cached = getattr(db, "_bd_audit_table", None)
    if cached is None:
        cached = bool(
            db.execute_sql("SELECT 1 FROM sqlite_master WHERE type='table' AND name='audit_entry'").fetchone()
        )
        if cached:  # a missing table may appear after migrations; only cache the positive answer
            db._bd_audit_table = True
    return cached


def local_site() -> str:
    return session._shared.get("site") or ""


def _last(site: str) -> tuple[int, str]:
    row = DB.execute_sql(
        'SELECT seq, hash FROM audit_entry WHERE site = ? ORDER BY seq DESC LIMIT 1', (site,)
    ).fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(
    action: str,
    kind: str,
    uuid: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
    detail: str = "",
    user: str | None = None,
) -> dict:
    """Append one entry to this site's chain (inside the caller's transaction, or its own)."""
    with DB.atomic():
        site = local_site()
        seq, prev = _last(site)
        entry = {
            "site": site,
            "seq": seq + 1,
            "ts": utc_timestamp(),
            "user": user or session.current_user(),
            "action": action,
            "kind": kind,
            "uuid": uuid,
            "before": canonical_json(before),
            "after": canonical_json(after),
            "detail": detail or "",
            "prev_hash": prev,
        }
        entry["hash"] = entry_hash(entry)
        _insert([entry])
        DB.execute_sql(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
            (f"{_HEAD_KEY}:{site}", f"{entry['seq']}:{entry['hash']}"),
        )
    return entry


def _insert(entries: Iterable[dict], ignore: bool = False) -> None:
    cols = FIELDS + ("hash",)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    sql = f'{verb} INTO audit_entry ({", ".join(chr(34) + c + chr(34) for c in cols)}) VALUES ({", ".join("?" * len(cols))})'
    cur = DB.cursor()
    cur.executemany(sql, [tuple(e.get(c) for c in cols) for e in entries])


def _on_change(change: events.Change) -> None:
    if not _table_exists():
        return
    append(change.action, change.kind, change.uuid, change.before, change.after, change.detail)


def install() -> None:
    """Start writing the trail: the database setup (``borderdesk.app.open_database``) calls this."""
    if not events.is_subscribed(_on_change):
        events.subscribe(_on_change)


def document_printed(kind: str, detail: str, uuid: str | None = None) -> None:
    """Note in the trail that a document left the machine (printed, or written as a PDF)."""
    with DB.atomic():
        events.emit(events.Change("print", kind, uuid, detail=detail))


# --- reading -----------------------------------------------------------------------


def _row_dict(cur, row) -> dict:
    return {d[0]: v for d, v in zip(cur.description, row)}


def _local_midnight_utc(day: dt.date) -> str:
    # Users pick dates on their own clock (UTC+7 on the border); entries are stamped in UTC.
    local = dt.datetime.combine(day, dt.time.min).astimezone()
    return utc_timestamp(local)


def list_entries(
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    user: str | None = None,
    action: str | None = None,
    site: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Entries newest first, filtered by local calendar dates (inclusive), user, action and site."""
    where, params = [], []
    if date_from:
        where.append("ts >= ?")
        params.append(_local_midnight_utc(date_from))
    if date_to:
        where.append("ts < ?")
        params.append(_local_midnight_utc(date_to + dt.timedelta(days=1)))
    if user:
        where.append('"user" = ?')
        params.append(user)
    if action:
        where.append("action = ?")
        params.append(action)
    if site is not None:
        where.append("site = ?")
        params.append(site)
    sql = "SELECT id, " + ", ".join(f'"{c}"' for c in FIELDS + ("hash",)) + " FROM audit_entry"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY ts DESC, id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    cur = DB.execute_sql(sql, params)
    out = []
    for row in cur.fetchall():
        d = _row_dict(cur, row)
        d["before"] = json.loads(d["before"]) if d["before"] else None
        d["after"] = json.loads(d["after"]) if d["after"] else None
        out.append(d)
    return out


def users_in_trail() -> list[str]:
    return [r[0] for r in DB.execute_sql('SELECT DISTINCT "user" FROM audit_entry ORDER BY "user"')]


def actions_in_trail() -> list[str]:
    return [r[0] for r in DB.execute_sql("SELECT DISTINCT action FROM audit_entry ORDER BY action")]


def sites_in_trail() -> list[str]:
    return [r[0] for r in DB.execute_sql("SELECT DISTINCT site FROM audit_entry ORDER BY site")]


# --- verifying ---------------------------------------------------------------------


def verify_chain(site: str) -> BrokenEntry | None:
    """Walk one site's chain in order; the first entry that does not hold, or None."""
    cur = DB.execute_sql(
        "SELECT " + ", ".join(f'"{c}"' for c in FIELDS + ("hash",)) + " FROM audit_entry WHERE site = ? ORDER BY seq",
        (site,),
    )
    expected_seq, prev = 1, GENESIS
    for row in cur:
        e = _row_dict(cur, row)
        if e["seq"] != expected_seq:
            if e["seq"] > expected_seq:
                return BrokenEntry(site, expected_seq, _("missing (removed, or not yet received)"))
            return BrokenEntry(site, e["seq"], _("appears twice"))
        if e["prev_hash"] != prev:
            return BrokenEntry(site, e["seq"], _("does not follow the entry before it (removed or reordered)"))
        if entry_hash(e) != e["hash"]:
            return BrokenEntry(site, e["seq"], _("was changed after it was written"))
        prev = e["hash"]
        expected_seq += 1
    head = DB.execute_sql("SELECT value FROM setting WHERE key = ?", (f"{_HEAD_KEY}:{site}",)).fetchone()
    if head:
        head_seq, _sep, head_hash = head[0].partition(":")
        if int(head_seq) >= expected_seq:
            return BrokenEntry(site, expected_seq, _("missing: the trail ends before its last recorded entry"))
        if int(head_seq) == expected_seq - 1 and head_hash != prev:
            return BrokenEntry(site, int(head_seq), _("was changed after it was written"))
    return None


def verify() -> BrokenEntry | None:
    """Verify this site's chain, then every other site's chain held here; the first break, or None."""
    own = local_site()
    sites = [own] + [s for s in sites_in_trail() if s != own]
    for site in sites:
        broken = verify_chain(site)
        if broken:
            return broken
    return None


def count(site: str | None = None) -> int:
    if site is None:
        return DB.execute_sql("SELECT COUNT(*) FROM audit_entry").fetchone()[0]
    return DB.execute_sql("SELECT COUNT(*) FROM audit_entry WHERE site = ?", (site,)).fetchone()[0]


# --- travelling in sync bundles --------------------------------------------------------


def export_entries(since_seq: int = 0, site: str | None = None) -> list[dict]:
    """This site's entries (or *site*'s) after *since_seq*, in chain order, exactly as stored.

    ``before``/``after`` stay the canonical JSON text they were hashed as, so the
    receiving side recomputes the same hashes.
    """
    site = local_site() if site is None else site
    cur = DB.execute_sql(
        "SELECT " + ", ".join(f'"{c}"' for c in FIELDS + ("hash",))
        + " FROM audit_entry WHERE site = ? AND seq > ? ORDER BY seq",
        (site, int(since_seq)),
    )
    return [_row_dict(cur, row) for row in cur.fetchall()]


def last_seq(site: str | None = None) -> int:
    return _last(local_site() if site is None else site)[0]


def import_foreign_entries(site: str, entries: list[dict]) -> dict:
    """Store another site's entries as they came (idempotent: an entry already held is skipped).

    Entries are not re-hashed or repaired: a chain tampered with at the post stays
    visibly broken here, and :func:`verify_chain` names the entry. An entry
    that differs from the one already held at the same position is a conflict
    (counted, the held one kept). Returns ``{"added", "skipped", "conflicts"}``.
    """
    if not site or site == local_site():
        raise BorderDeskError(_("audit entries of this site cannot be imported into its own trail"))
    rows = []
    for i, e in enumerate(entries):
        missing = [f for f in FIELDS + ("hash",) if f not in e]
        if missing or e.get("site") != site or not isinstance(e.get("seq"), int) or e["seq"] < 1:
            raise ValidationError({f"audit.{i}": _("not an audit entry of site {site}").format(site=site)})
        rows.append({f: e[f] for f in FIELDS + ("hash",)})
    added = skipped = conflicts = 0
    with DB.atomic():
        held = {
            r[0]: r[1]
            for r in DB.execute_sql("SELECT seq, hash FROM audit_entry WHERE site = ?", (site,)).fetchall()
        }
        new = []
        for e in rows:
            h = held.get(e["seq"])
            if h is None:
                new.append(e)
                held[e["seq"]] = e["hash"]
                added += 1
            elif h == e["hash"]:
                skipped += 1
            else:
                conflicts += 1
        _insert(new, ignore=True)
    return {"added": added, "skipped": skipped, "conflicts": conflicts}
