"""Make a bundle for one enrolled site: everything it has not acknowledged yet."""
from __future__ import annotations

import base64
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
from borderdesk.sync import attachment_blobs, audit_link, authority, bundle, proofs, require, restore, sites
from borderdesk.sync.tables import TABLES, TableSpec


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


def _where(spec: TableSpec, peer: sites.Peer, full: bool, since: int, upto: int,
           send_back: bool = False) -> tuple[str, list]:
    """Which rows of *spec* go to *peer*: see docs/sync.md, "What a bundle holds" and "Authority"."""
    me = session.site_code()
    where, params = ["t.seq > ?"], [since]
    if not full:
        # A version made at the destination is already there (or something newer is).
        where.append("t.version NOT LIKE ?")
        params.append(f"%@{peer.code}")
    writer = "substr(t.version, instr(t.version, '@') + 1)"
    if session.is_headquarters():
        # Rows written by their owner (ours, or relayed with the owner's proof), and our
        # correction requests for the destination's own rows.
        where.append(f"({writer} = t.site OR (t.site = ? AND {writer} = ?))")
        params += [peer.code, me]
    else:
        # A post sends only what it owns and wrote itself.
        where.append(f"({writer} = ? AND t.site = ?)")
        params += [me, me]
    if (spec.is_record or spec.table == "attachment") and peer.kind == "post" and session.is_headquarters():
        # Headquarters sends a post its own records (corrected here) and
        # headquarters' records, never the other posts'.
        where.append("t.site IN (?, ?)")
        params += [peer.code, me]
    clause = "(" + " AND ".join(where) + ")"
    if send_back:
        # The destination was restored from a backup: every row of its own we hold goes back.
        clause = f"({clause} OR (t.site = ? AND {writer} = ?))"
        params += [peer.code, peer.code]
    return f"t.seq <= ? AND {clause}", [upto] + params


class _Proofs:
    """The proof blocks a bundle carries: ours signed now, the relayed ones as their owners signed them."""

    def __init__(self, me: str):
        self.me = me
        self.own: list[bytes] = []
        self.relayed: set[int] = set()
        self._blocks: dict[int, tuple[str, bytes, set[bytes]]] = {}

    def keep(self, table: str, line: str, writer: str, block: int | None) -> bool:
        """Note the proof of a row about to be sent; False when it cannot be proven (it is not sent)."""
        h = proofs.row_hash(table, line)
        if writer == self.me:
            self.own.append(h)
            return True
        if block is None:
            return False
        if block not in self._blocks:
            got = proofs.load_blocks([block]).get(block)
            if got is None:
                return False
            self._blocks[block] = (got[0], got[1], set(proofs.split(got[2])))
        signer, _sig, hashes = self._blocks[block]
        if signer != writer or h not in hashes:  # stored differently than signed: never relay it
            return False
        self.relayed.add(block)
        return True

    def file(self) -> tuple[bytes | None, dict[str, str]]:
        lines = [json.dumps(b, separators=(",", ":")) for b in proofs.sign_blocks(self.me, self.own)]
        signers: dict[str, str] = {}
        for number in sorted(self.relayed):
            signer, sig, _hashes = self._blocks[number]
            raw = proofs.load_blocks([number])[number][2]
            lines.append(json.dumps(proofs.block_line(signer, sig, raw), separators=(",", ":")))
            key = authority._key_for(signer)
            if key is not None:
                signers[signer] = base64.b64encode(key).decode("ascii")
        if not lines:
            return None, signers
        return ("\n".join(lines) + "\n").encode("utf-8"), signers


def _rows(spec: TableSpec, peer: sites.Peer, since: int, upto: int, full: bool,
          proof: _Proofs | None = None, send_back: bool = False) -> list[str]:
    proof = proof or _Proofs(session.site_code())
    where, params = _where(spec, peer, full, since, upto, send_back)
    cols = ", ".join(f't."{c}"' for c in spec.columns)
    rows = DB.execute_sql(f'SELECT {cols}, s.block FROM "{spec.table}" t LEFT JOIN sync_seen s '
                          f'ON s.uuid = t.uuid AND s.version = t.version WHERE {where} ORDER BY t.seq',
                          params).fetchall()
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
    vi, si = spec.columns.index("version"), spec.columns.index("site")
    out = []
    for r in rows:
        row = list(r[:-1])
        if spec.child:
            row.append(kids.get(r[0], []))
        line = proofs.line_of(row)
        writer = row[vi].rpartition("@")[2]
        if writer != row[si] and writer == proof.me and session.is_headquarters():
            out.append(line)  # a correction request: ours, for the destination to accept or refuse
        elif proof.keep(spec.table, line, writer, r[-1]):
            out.append(line)
    return out


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
        proof = _Proofs(me)
        send_back = restore.owed(peer.code)
        for i, spec in enumerate(TABLES):
            lines = _rows(spec, peer, since, upto, full, proof, send_back)
            if progress:
                progress(i + 1, len(TABLES))
            if not lines:
                continue
            name = f"rows/{spec.table}.jsonl"
            files[name] = ("\n".join(lines) + "\n").encode("utf-8")
            counts[spec.table] = len(lines)
            tables[spec.table] = {"columns": list(spec.columns),
                                  "children": list(spec.child.columns) if spec.child else None}
        proof_file, signers = proof.file()
        if proof_file:
            files[authority.PROOFS_FILE] = proof_file
        files.update(audit_link.export_files(peer, since, upto, full))
        files.update(attachment_blobs.export_files(peer, since, upto))
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
        "signers": signers,
        "send_back_own": restore.asking(peer.code),
        "own_rows_back": send_back,
    }
    size = bundle.write_bundle(out, manifest, files, peer)
    with DB.atomic():
        DB.execute_sql(
            "UPDATE sync_state SET bundles_sent = ?, sent_upto = max(sent_upto, ?), last_export_at = datetime('now') WHERE peer = ?",
            (bundle_no, upto, peer.code))
        restore.after_export(peer.code, send_back)
        log("export", peer.code, bundle_no, str(out), "", counts)
        events.emit(events.Change("bundle_export", "bundle", None, None,
                                  {"destination": peer.code, "bundle_no": bundle_no, "counts": counts}, str(out)))
    return ExportResult(Path(out), peer.code, bundle_no, since, upto, counts, size)


def log(action: str, peer: str, bundle_no: int | None, file: str, message: str, counts: dict | None = None) -> None:
    DB.execute_sql(
        "INSERT INTO sync_log (action, peer, bundle_no, file, message, counts) VALUES (?, ?, ?, ?, ?, ?)",
        (action, peer, bundle_no, file, message, json.dumps(counts or {}, ensure_ascii=False)))

