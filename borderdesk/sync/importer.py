"""Take a bundle in: verify everything, show what it would do, then apply all of it or nothing."""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter, namedtuple
from dataclasses import dataclass, field
from pathlib import Path

from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.kinds import kind_of
from borderdesk.i18n import _
from borderdesk.services import events, indexing, session
from borderdesk.store import search_index
from borderdesk.store.clock import MAX_SKEW_MS, Version
from borderdesk.store.models import DB
from borderdesk.sync import (attachment_blobs, audit_link, authority, bundle, manifest_checks, require, restore,
                             row_checks, sites)
from borderdesk.sync.bundle import BundleRefused, OpenedBundle
from borderdesk.sync.exporter import log
from borderdesk.sync.merge import CONFLICTING, NEW, REJECTED, UNCHANGED, UPDATED, TablePlan, plan_table
from borderdesk.sync.tables import BY_NAME, TABLES, TableSpec, defaults, valid_version

#: registry tables under the kind names the registry service announces changes with
REGISTRY_EVENT_KINDS = {"counterpart_unit": "counterpart", "border_gate": "gate", "boundary_marker": "marker"}



@dataclass
class Preview:
    source: str
    bundle_no: int
    since_seq: int
    upto_seq: int
    full: bool
    #: kind key -> outcome -> count (outcomes: new, updated, unchanged, conflicting, rejected)
    counts: dict[str, Counter] = field(default_factory=dict)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, uuid, reason)
    already_received: bool = False
    #: our coverage of the source's sequence, before this bundle: a hole before since_seq is a gap
    gap: tuple[int, int] | None = None
    missing_bundles: list[int] = field(default_factory=list)

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    def reject(self, table: str, uuid: str, reason: str) -> None:
        """Count a rejected row; the first :data:`MAX_LISTED` are listed (a hostile bundle may hold millions)."""
        spec = BY_NAME.get(table)
        key = table if spec is None or not spec.is_record or table == "talks" else kind_of(spec.model).key
        self.counts.setdefault(key, Counter())[REJECTED] += 1
        if len(self.rejected) < MAX_LISTED:
            self.rejected.append((table, uuid, reason))

    @property
    def changes(self) -> int:
        return self.total(NEW) + self.total(UPDATED) + self.total(CONFLICTING)


#: rows read, checked, planned and written at a time: memory stays bounded whatever the bundle's size
CHUNK_ROWS = 5000
#: rejected rows listed by id in a preview (all are counted)
MAX_LISTED = 1000


@dataclass
class _Run:
    """What an import accumulates over its chunks."""

    top: str | None = None  # the newest version seen
    rows: int = 0
    written: dict[str, tuple[TableSpec, set[str]]] = field(default_factory=dict)  # table -> kinds written


def _kind_key(spec: TableSpec, row: list) -> str:
    if not spec.is_record:
        return spec.table
    talks_kind = row[spec.columns.index("kind")] if spec.table == "talks" else None
    return kind_of(spec.model, talks_kind).key


def _loads(line: str):
    try:
        return json.loads(line)
    except ValueError:
        return None


def _table_chunks(opened: OpenedBundle, table: str, meta: dict):
    """(spec, same columns as ours, rows) for each chunk of the table's lines, checked and deduplicated."""
    spec = BY_NAME.get(table)
    cols = meta.get("columns") if isinstance(meta, dict) else None
    if spec is None or not isinstance(cols, list):
        raise BundleRefused(_("the bundle holds an unknown table: {name}").format(name=str(table)[:60]))
    unknown = [c for c in cols if c not in spec.columns]
    if unknown or not {"uuid", "version", "site", "deleted"} <= set(cols):
        raise BundleRefused(_("the bundle's table {name} has unknown columns").format(name=table))
    child_cols = meta.get("children") or []
    if spec.child and any(c not in spec.child.columns for c in child_cols):
        raise BundleRefused(_("the bundle's table {name} has unknown columns").format(name=table))
    name = f"rows/{table}.jsonl"
    if name not in opened.line_counts:
        raise BundleRefused(_("the bundle's files do not match its manifest"))
    same = list(cols) == list(spec.columns) and (not spec.child or list(child_cols) == list(spec.child.columns))
    for batch in opened.iter_lines(name, CHUNK_ROWS):
        lines = [line.decode("utf-8", "replace").strip() for line in batch]
        yield spec, same, _parse_lines(spec, cols, child_cols, lines)


def _parse_lines(spec: TableSpec, cols: list, child_cols: list, lines: list[str]) -> list[list]:
    """The rows of one chunk in our column order, every text through the boundary and every value
    held to the spec (:mod:`row_checks`): a line or a row that breaks it refuses the bundle."""
    n = len(cols)
    width = n + (1 if spec.child else 0)
    try:  # one parse for the whole chunk; line by line only when some line is broken
        parsed = json.loads("[" + ",".join(lines) + "]")
        if len(parsed) != len(lines):
            raise ValueError
    except ValueError:
        parsed = [_loads(line) for line in lines]
    if not all(type(r) is list and len(r) == width for r in parsed):
        raise BundleRefused(_("the bundle's table {name} holds a line that is not a row").format(name=spec.table))
    if list(cols) == list(spec.columns):
        rows = [raw[:n] for raw in parsed]
    else:  # an older bundle: the columns it lacks take their defaults
        pos = [cols.index(c) if c in cols else None for c in spec.columns]
        fill = defaults(spec.model, spec.columns)
        rows = [[raw[p] if p is not None else fill[i] for i, p in enumerate(pos)] for raw in parsed]
    row_checks.enforce(spec.table, spec.model, spec.columns, rows, [row[0] for row in rows])
    vi = spec.columns.index("version")
    for row in rows:
        if not row[0] or not valid_version(row[vi]):
            raise row_checks.refuse(spec.table, row[0], "uuid" if not row[0] else "version",
                                    _("a value of the wrong type"))
    if spec.child:
        c = spec.child
        cw = len(child_cols)
        for row, raw in zip(rows, parsed):
            if type(raw[n]) is not list or not all(type(k) is list and len(k) == cw for k in raw[n]):
                raise row_checks.refuse(spec.table, row[0], c.name, _("its attached list is malformed"))
        if list(child_cols) == list(c.columns):
            kids = [[k[:] for k in raw[n]] for raw in parsed]
        else:
            cpos = [child_cols.index(x) if x in child_cols else None for x in c.columns]
            cfill = defaults(c.model, c.columns)
            kids = [[[k[p] if p is not None else cfill[i] for i, p in enumerate(cpos)] for k in raw[n]]
                    for raw in parsed]
        flat = [k for ks in kids for k in ks]
        owners = [row[0] for row, ks in zip(rows, kids) for _k in ks]
        row_checks.enforce(c.model._meta.table_name, c.model, c.columns, flat, owners)
        for row, ks in zip(rows, kids):
            row.append(ks)
    best: dict[str, list] = {}
    for row in rows:
        prev = best.get(row[0])
        if prev is None or row[vi] > prev[vi]:
            best[row[0]] = row
    return list(best.values())


def _reject_duplicate_codes(spec: TableSpec, rows: list[list], preview: Preview) -> list[list]:
    """A post code must stay unique: another site's row claiming a code we hold under another uuid is refused."""
    if spec.table != "post":
        return rows
    ci = spec.columns.index("code")
    keep = []
    for row in rows:
        other = DB.execute_sql("SELECT uuid FROM post WHERE code = ? AND uuid != ?", (row[ci], row[0])).fetchone()
        if other:
            preview.reject(spec.table, row[0], _("post code {code} is already used here").format(code=row[ci]))
        else:
            keep.append(row)
    return keep


def _run(opened: OpenedBundle, *, apply: bool) -> Preview:
    """Check and classify every row, a chunk at a time; with *apply*, write each chunk (the caller's transaction)."""
    man = opened.manifest
    try:
        since, upto, bundle_no = int(man["since_seq"]), int(man["upto_seq"]), int(man["bundle_no"])
        ack = int((man.get("ack") or {}).get("upto", 0))
        tables = man.get("tables") or {}
        if not isinstance(tables, dict):
            raise ValueError
    except (ValueError, TypeError, AttributeError):
        raise BundleRefused(_("the bundle's manifest cannot be read")) from None
    manifest_checks.check(opened)
    preview = Preview(opened.source, bundle_no, since, upto, bool(man.get("full")))
    preview.already_received = DB.execute_sql(
        "SELECT 1 FROM sync_received WHERE peer = ? AND digest = ?", (opened.source, opened.digest)).fetchone() is not None
    have = sites.ack_for(opened.source)
    if since > have:
        preview.gap = (have, since)
    got = {r[0] for r in DB.execute_sql("SELECT bundle_no FROM sync_received WHERE peer = ?", (opened.source,))}
    got.add(bundle_no)
    preview.missing_bundles = sorted(set(range(1, max(got) + 1)) - got)
    me = session.site_code()
    peer = sites.get_peer(opened.source)
    source_kind = peer.kind if peer else "post"
    proven = authority.load_proofs(opened, source_kind)
    block_ids = authority.store(proven, opened.source) if apply else {}
    run = _Run()
    violations: list[tuple[str, str, str]] = []
    n_violations = 0
    order = {t.table: i for i, t in enumerate(TABLES)}
    for table in sorted(tables, key=lambda t: order.get(t, -1)):
        for spec, same, rows in _table_chunks(opened, table, tables[table]):
            sorted_ = authority.sort_rows(spec, rows, source=opened.source, source_kind=source_kind, me=me,
                                          proven=proven, same_columns=same)
            if sorted_.violations:  # a signed bundle that lies is hostile as a whole: list them all, write nothing
                n_violations += len(sorted_.violations)
                violations += sorted_.violations[: MAX_LISTED - len(violations)]
                apply = False
            vi = spec.columns.index("version")
            seen, requests, top = [], [], None
            for row, conflict in requests_for(spec, sorted_.requests, me):
                seen.append((row[0], row[vi], None))
                top = max(top or row[vi], row[vi])
                if conflict is not None:
                    requests.append(conflict)
                preview.counts.setdefault(_kind_key(spec, row), Counter())[
                    CONFLICTING if conflict is not None else "unchanged"] += 1
            plan = plan_table(spec, _reject_duplicate_codes(spec, sorted_.rows, preview), ack=ack, me=me)
            si = spec.columns.index("site")
            for outcome, row in plan.outcomes:
                preview.counts.setdefault(_kind_key(spec, row), Counter())[outcome] += 1
                block = sorted_.blocks.get((row[0], row[vi]))
                if block is None and outcome != UNCHANGED and row[si] == opened.source:
                    block = authority.block_of(spec, row, proven, opened.source, same)
                seen.append((row[0], row[vi], block))
                top = max(top or row[vi], row[vi])
            if top is not None:
                _check_clock(opened.source, top)
                run.top = max(run.top or top, top)
            run.rows += len(plan.outcomes)
            if apply:
                _apply_chunk(opened, plan, requests, seen, block_ids, run)
    if violations:
        raise authority.refuse(opened.source, violations, n_violations)
    if apply:
        _finish(opened, preview, run)
    return preview


def _check_clock(source: str, newest: str) -> None:
    """A version more than a day ahead of this machine's clock is refused: it would rule every later edit."""
    v = Version.parse(newest)
    now = int(time.time() * 1000)
    if v.wall_ms > now + MAX_SKEW_MS:
        ahead = (v.wall_ms - now) // 86_400_000
        raise BundleRefused(_(
            "the bundle from {source} holds a change made at site {site} dated {days} days ahead of this "
            "computer's clock: the clock of site {site}'s computer (or this one) is probably wrong; correct it, "
            "then export again").format(source=source, site=v.site, days=ahead))


def requests_for(spec: TableSpec, rows: list[list], me: str):
    """(row, conflict row or None) for each correction request: None when it changes nothing or came before."""
    from borderdesk.sync.merge import _content, _stale, local_children, local_rows, row_json

    vi = spec.columns.index("version")
    local = local_rows(spec, [r[0] for r in rows])
    for row in rows:
        have = local.get(row[0])
        mine = None
        if have is not None:
            mine = have[0] + ([local_children(spec, row[0])] if spec.child else [])
        if _stale_request(row[0], row[vi]) or (mine is not None and _content(spec, mine) == _content(spec, row)):
            yield row, None
            continue
        yield row, (spec.table, row[0], mine[vi] if mine else "", row[vi], row_json(spec, row), "theirs")


def _stale_request(uuid: str, version: str) -> bool:
    return DB.execute_sql("SELECT 1 FROM sync_seen WHERE uuid = ? AND version = ?", (uuid, version)).fetchone() \
        is not None


def open_and_check(path: str | os.PathLike) -> OpenedBundle:
    """Verify a bundle (refusals are logged); nothing else is written."""
    try:
        return bundle.open_bundle(path)
    except BundleRefused as exc:
        with DB.atomic():
            log("refused", "", None, str(path), str(exc))
        raise


def preview_bundle(path: str | os.PathLike) -> tuple[OpenedBundle, Preview]:
    """Verify and classify without writing a record (``--dry-run`` and the GUI's preview)."""
    opened = open_and_check(path)
    return opened, _run(opened, apply=False)


def import_bundle(path_or_opened, *, dry_run: bool = False) -> Preview:
    """Verify, then apply every row in one transaction: all of it or nothing."""
    opened = path_or_opened if isinstance(path_or_opened, OpenedBundle) else open_and_check(path_or_opened)
    try:
        if dry_run:
            return _run(opened, apply=False)
        require("bundles.export")  # carrying bundles is a commander's task, both ways
        with DB.atomic("IMMEDIATE"):
            again = _applied_before(opened)
            if again is not None:
                return again
            with search_index.merges_deferred(DB):  # FTS merges once, after the batches
                return _run(opened, apply=True)
    except BundleRefused as exc:  # refused on what it holds: logged once nothing of it is left
        with DB.atomic():
            log("refused", opened.source, None, str(opened.path), str(exc))
        raise


def _applied_before(opened: OpenedBundle) -> Preview | None:
    """The same bundle (same digest) applied already: nothing in it can change anything, so its rows
    are not read again; the preview counts what the first import wrote as unchanged."""
    man = opened.manifest
    row = DB.execute_sql(
        "SELECT l.counts FROM sync_received r JOIN sync_log l ON l.peer = r.peer AND l.bundle_no = r.bundle_no "
        "AND l.action = 'import' WHERE r.peer = ? AND r.digest = ? ORDER BY l.id DESC LIMIT 1",
        (opened.source, opened.digest)).fetchone()
    if row is None:
        return None
    try:
        before = json.loads(row[0] or "{}")
        preview = Preview(opened.source, int(man["bundle_no"]), int(man["since_seq"]), int(man["upto_seq"]),
                          bool(man.get("full")), already_received=True)
    except (ValueError, TypeError, KeyError):
        return None  # an unreadable earlier entry: classify the rows as for any bundle
    for kind, outcomes in before.items():
        c = preview.counts.setdefault(kind, Counter())
        for outcome, n in outcomes.items():
            c[REJECTED if outcome == REJECTED else "unchanged"] += int(n)
    log("import", opened.source, preview.bundle_no, str(opened.path), "",
        {k: dict(v) for k, v in preview.counts.items()})
    return preview


def _apply_chunk(opened: OpenedBundle, p: TablePlan, requests: list[tuple], seen: list[tuple],
                 block_ids: dict[int, int], run: _Run) -> None:
    """Write one chunk of a table (inside the import's transaction)."""
    spec = p.spec
    winners = len(p.inserts) + len(p.updates)
    seq = session.reserve_seq(winners) if winners else 0
    cur = DB.cursor()
    n = len(spec.columns)
    cols = ", ".join(f'"{c}"' for c in spec.columns)
    if p.inserts:
        params = []
        for row in p.inserts:
            params.append(row[:n] + [seq])
            seq += 1
        cur.executemany(f'INSERT INTO "{spec.table}" ({cols}, seq) VALUES ({",".join("?" * (n + 1))})', params)
    if p.updates:
        sets = ", ".join(f'"{c}" = ?' for c in spec.columns[1:])
        params = []
        for row in p.updates:
            params.append(row[1:n] + [seq, row[0]])
            seq += 1
        cur.executemany(f'UPDATE "{spec.table}" SET {sets}, seq = ? WHERE uuid = ?', params)
    if spec.child and (p.inserts or p.updates):
        c = spec.child
        ctable = c.model._meta.table_name
        cur.executemany(f'DELETE FROM "{ctable}" WHERE "{c.fk}" = ?', [(r[0],) for r in p.updates])
        ccols = ", ".join(f'"{x}"' for x in (c.fk,) + c.columns)
        kids = [[r[0]] + k for r in p.inserts + p.updates for k in r[n]]
        cur.executemany(f'INSERT INTO "{ctable}" ({ccols}) VALUES ({",".join("?" * (len(c.columns) + 1))})', kids)
    if p.conflicts:
        cur.executemany(
            "INSERT OR IGNORE INTO sync_conflict (kind, uuid, winning_version, losing_version, losing_row, lost_side,"
            " source) VALUES (?, ?, ?, ?, ?, ?, ?)", [c + (opened.source,) for c in p.conflicts])
    if requests:
        cur.executemany(
            "INSERT OR IGNORE INTO sync_conflict (kind, uuid, winning_version, losing_version, losing_row, lost_side,"
            " source, request) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", [c + (opened.source,) for c in requests])
    cur.executemany("INSERT INTO sync_seen (uuid, version, block) VALUES (?, ?, ?) ON CONFLICT (uuid, version) "
                    "DO UPDATE SET block = coalesce(sync_seen.block, excluded.block)",
                    [(u, v, block_ids.get(b) if b is not None else None) for u, v, b in seen])
    _reindex(spec, p.inserts, fresh=True)
    _reindex(spec, p.updates)
    if winners:
        vi = spec.columns.index("version")
        kinds = run.written.setdefault(spec.table, (spec, set()))[1]
        changes = []
        for row in p.inserts + p.updates:
            key = _kind_key(spec, row)
            kinds.add(key)
            changes.append((key, row[0], p.old_versions.get(row[0]), row[vi]))
        audit_link.record_changes(changes, f"{opened.source} #{opened.manifest.get('bundle_no')}")


def _finish(opened: OpenedBundle, preview: Preview, run: _Run) -> None:
    """The bundle's own bookkeeping, once every chunk is written."""
    cur = DB.cursor()
    restore.on_import(opened.source, opened.manifest, preview.bundle_no, opened.digest)
    cur.execute("INSERT OR IGNORE INTO sync_received (peer, bundle_no, since_seq, upto_seq, digest, rows) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (opened.source, preview.bundle_no, preview.since_seq, preview.upto_seq, opened.digest, run.rows))
    ack = int((opened.manifest.get("ack") or {}).get("upto", 0))
    cur.execute("UPDATE sync_state SET acked_upto = max(acked_upto, ?), last_import_at = datetime('now') "
                "WHERE peer = ?", (ack, opened.source))
    if run.top:
        session.clock().observe(run.top)
    audit_counts = audit_link.import_files(opened)
    audit_link.note_ack(opened.source, opened.manifest)
    attachment_blobs.import_files(opened)  # each file checked against its SHA-256 before it is stored
    counts = {k: dict(v) for k, v in preview.counts.items()}
    log("import", opened.source, preview.bundle_no, str(opened.path), "", counts)
    events.emit(events.Change("bundle_import", "bundle", None, None,
                              {"source": opened.source, "bundle_no": preview.bundle_no, "counts": counts,
                               "audit": audit_counts}, str(opened.path)))
    # One change per kind written, so open lists refresh (not one per row: an import may hold 100,000).
    for _spec, kinds in run.written.values():
        for key in sorted(kinds):
            events.emit(events.Change("bundle_import", REGISTRY_EVENT_KINDS.get(key, key), None, None, None,
                                      f"{opened.source} #{preview.bundle_no}"))


def _reindex(spec: TableSpec, rows: list[list], chunk: int = 5000, fresh: bool = False) -> None:
    """Feed the written rows to the search index: records just inserted straight from their lists,
    others as model objects (what indexing expects)."""
    if fresh and spec.is_record:
        child = spec.child.columns if spec.child else None
        for i in range(0, len(rows), chunk):
            search_index.index_rows(
                DB, indexing.record_index_rows_of_lists(spec.model, spec.columns, child, rows[i : i + chunk]),
                fresh=True)
        return
    n = len(spec.columns)
    date_cols = [i for i, c in enumerate(spec.columns) if c == "date"]
    model = spec.model
    child_row = namedtuple("ChildRow", spec.child.columns) if spec.child else None
    for i in range(0, len(rows), chunk):
        objs = []
        for row in rows[i : i + chunk]:
            vals = row[:n]
            for j in date_cols:
                vals[j] = dt.date.fromisoformat(vals[j]) if vals[j] else None
            obj = model.__new__(model)
            obj.__data__ = dict(zip(spec.columns, vals))
            obj._dirty = set()
            obj.__rel__ = {}
            if spec.child:
                # The children are in hand: hand them to the indexer instead of one query per record
                # (the backref accessor is a plain descriptor, so an instance attribute shadows it).
                obj.__dict__[spec.child.name] = [child_row(*k) for k in row[n]]
            objs.append(obj)
        if fresh:  # just inserted: nothing of theirs can be in the index yet
            make = indexing.record_index_rows if spec.is_record else indexing.registry_index_rows
            search_index.index_rows(DB, make(objs), fresh=True)
        else:
            indexing.reindex(DB, objs)


def inspect_bundle(path: str | os.PathLike) -> dict:
    """What a bundle says about itself: the envelope always, the manifest if it is for us and intact."""
    p = Path(path)
    header, size = bundle.peek_header(p)
    out = {"file": str(p), "size": size, "format": header.get("format"), "source": header["source"],
           "destination": header["destination"], "created": header.get("created")}
    peer = sites.get_peer(header["source"])
    out["source_fingerprint"] = peer.fingerprint if peer else None
    try:
        opened = bundle.open_bundle(p)
    except BorderDeskError as exc:
        out["verified"] = False
        out["problem"] = str(exc)
        return out
    man = opened.manifest
    out["verified"] = True
    for key in ("schema_version", "app_version", "bundle_no", "since_seq", "upto_seq", "full", "ack", "counts"):
        out[key] = man.get(key)
    return out

