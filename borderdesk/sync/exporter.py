"""Make a bundle for one enrolled site: everything it has not acknowledged yet."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from borderdesk import __version__
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import events, session
from borderdesk.store.models import DB
from borderdesk.sync import audit_link, bundle, require, sites
from borderdesk.sync.tables import TABLES, TableSpec

#: Extension point: functions ``fn(peer, since_seq, upto_seq) -> {name: bytes}``
#: that add files (``audit/<name>.jsonl``) to every bundle (the audit trail
#: itself is added by :mod:`borderdesk.sync.audit_link`).
EXTRA_FILES: list[Callable[[sites.Peer, int, int], dict[str, bytes]]] = []


@dataclass
class ExportResult:
    path: Path
    destination: str
    bundle_no: int
    since_seq: int
    upto_seq: int
    counts: dict[str, int]
    size: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def current_seq() -> int:
    row = DB.execute_sql("SELECT value FROM setting WHERE key = 'seq'").fetchone()
    return int(row[0]) if row else 0


def _where(spec: TableSpec, peer: sites.Peer, full: bool) -> tuple[str, list]:
    """Which rows of *spec* go to *peer*: see docs/sync.md, "What a bundle holds"."""
    where, params = ["t.seq > ?", "t.seq <= ?"], []
    if not full:
        # A version made at the destination is already there (or something newer is).
        where.append("t.version NOT LIKE ?")
        params.append(f"%@{peer.code}")
    if spec.is_record and peer.kind == "post" and session.is_headquarters():
        # Headquarters sends a post its own records (corrected here) and
        # headquarters' records, never the other posts'.
        where.append("t.site IN (?, ?)")
        params += [peer.code, session.site_code()]
    return " AND ".join(where), params


def _rows(spec: TableSpec, peer: sites.Peer, since: int, upto: int, full: bool) -> list[str]:
    where, extra = _where(spec, peer, full)
    params = [since, upto] + extra
    cols = ", ".join(f't."{c}"' for c in spec.columns)
    rows = DB.execute_sql(f'SELECT {cols} FROM "{spec.table}" t WHERE {where} ORDER BY t.seq', params).fetchall()
    if not rows:
        return []
    kids: dict[str, list] = {}
    if spec.child:
        c = spec.child
        ccols = ", ".join(f'k."{x}"' for x in c.columns)
        q = (f'SELECT k."{c.fk}", {ccols} FROM "{c.model._meta.table_name}" k '
             f'JOIN "{spec.table}" t ON t.uuid = k."{c.fk}" WHERE {where} ORDER BY k."{c.fk}", k.position, k.id')
        for r in DB.execute_sql(q, params):
            kids.setdefault(r[0], []).append(list(r[1:]))
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if spec.child:
        return [dumps(list(r) + [kids.get(r[0], [])]) for r in rows]
    return [dumps(r) for r in rows]


def export_bundle(destination: str, out: str | os.PathLike, *, full: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Write a bundle for *destination* to *out* and remember that it was sent."""
    from borderdesk.store.migrations import schema_version

    require("bundles.export")
    peer = sites.get_peer(destination)
    if peer is None:
        raise BorderDeskError(_("site {code} is not enrolled here: enrol it first ('site add FILE')").format(
            code=destination))
    me = session.site_code()
    files: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    tables: dict[str, dict] = {}
    with DB.atomic():  # one consistent snapshot of every table
        st = DB.execute_sql("SELECT bundles_sent, acked_upto FROM sync_state WHERE peer = ?",
                            (peer.code,)).fetchone() or (0, 0)
        bundle_no, since = st[0] + 1, (0 if full else st[1])
        upto = current_seq()
        ack = sites.ack_for(peer.code)
        for i, spec in enumerate(TABLES):
            lines = _rows(spec, peer, since, upto, full)
            if progress:
                progress(i + 1, len(TABLES))
            if not lines:
                continue
            name = f"rows/{spec.table}.jsonl"
            files[name] = ("\n".join(lines) + "\n").encode("utf-8")
            counts[spec.table] = len(lines)
            tables[spec.table] = {"columns": list(spec.columns),
                                  "children": list(spec.child.columns) if spec.child else None}
        files.update(audit_link.export_files(peer, since, upto, full))
        for extra in EXTRA_FILES:
            files.update(extra(peer, since, upto))
    manifest = {
        "format_version": bundle.FORMAT_VERSION,
        "schema_version": schema_version(),
        "app_version": __version__,
        "source": me,
        "source_kind": session.site_kind(),
        "destination": peer.code,
        "bundle_no": bundle_no,
        "since_seq": since,
        "upto_seq": upto,
        "full": bool(full),
        "ack": {"upto": ack, "audit": audit_link.held_upto(peer.code)},
        "counts": counts,
        "tables": tables,
    }
    size = bundle.write_bundle(out, manifest, files, peer)
    with DB.atomic():
        DB.execute_sql(
            "UPDATE sync_state SET bundles_sent = ?, sent_upto = ?, last_export_at = datetime('now') WHERE peer = ?",
            (bundle_no, upto, peer.code))
        log("export", peer.code, bundle_no, str(out), "", counts)
        events.emit(events.Change("bundle_export", "bundle", None, None,
                                  {"destination": peer.code, "bundle_no": bundle_no, "counts": counts}, str(out)))
    return ExportResult(Path(out), peer.code, bundle_no, since, upto, counts, size)


def log(action: str, peer: str, bundle_no: int | None, file: str, message: str, counts: dict | None = None) -> None:
    DB.execute_sql(
        "INSERT INTO sync_log (action, peer, bundle_no, file, message, counts) VALUES (?, ?, ?, ?, ?, ?)",
        (action, peer, bundle_no, file, message, json.dumps(counts or {}, ensure_ascii=False)))
