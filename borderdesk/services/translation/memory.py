"""The translation memory's tables, filled from the database's own bilingual texts and kept in step.

``tm_unit`` holds each distinct pair of segments once (keyed by both languages'
keys, numbers written as ``0``), with the bodies its full-text index ``tm_fts``
reads (folded Vietnamese words, Chinese bigrams). ``tm_use`` says where each unit
was seen: the record, registry entry or glossary term, its date and its *tier*:

- 1.00 minutes whose document was printed (signed), headquarters' registry names
  and headquarters' glossary rows;
- 0.95 the glossary shipped with the program;
- 0.90 a post's own registry names; 0.85 other records; 0.80 talks and meetings
  whose minutes were never printed (drafts).

Every synced row written takes the next sequence number; the memory remembers the
last one it read (``tm_seq``) and :func:`catch_up` reads what came after, whatever
wrote it (a form, a spreadsheet, a bundle, the demo). :func:`install` hooks it to
the change notifications explicitly (``borderdesk.app.open_database`` calls it,
after filling a memory its migration just made); :mod:`.suggest` also catches up before it answers, so a suggestion
never comes from a stale memory.
"""
from __future__ import annotations

from typing import Iterable

import peewee as pw

from borderdesk.domain.kinds import KINDS
from borderdesk.services import events
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.translation import glossary
from borderdesk.services.translation.text import aligned_segments, fts_body, vi_key, zh_key

DDL = (
    """CREATE TABLE IF NOT EXISTS tm_unit (
        id INTEGER PRIMARY KEY,
        vi_key TEXT NOT NULL, zh_key TEXT NOT NULL,
        vi TEXT NOT NULL, zh TEXT NOT NULL,
        vi_body TEXT NOT NULL, zh_body TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS tm_unit_keys ON tm_unit (vi_key, zh_key)",
    "CREATE INDEX IF NOT EXISTS tm_unit_zh_key ON tm_unit (zh_key)",
    """CREATE TABLE IF NOT EXISTS tm_use (
        source TEXT NOT NULL, unit_id INTEGER NOT NULL, tier REAL NOT NULL,
        date TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, field TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX IF NOT EXISTS tm_use_source ON tm_use (source)",
    "CREATE INDEX IF NOT EXISTS tm_use_unit ON tm_use (unit_id, tier, date)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS tm_fts USING fts5(
        vi_body, zh_body, content='tm_unit', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    # how many units hold each word or bigram: a suggestion asks the index for the rarest first
    "CREATE VIRTUAL TABLE IF NOT EXISTS tm_vocab USING fts5vocab(tm_fts, 'row')",
)

_USE_INDEXES = ("tm_use_source", "tm_use_unit")
SIGNED, SHIPPED, LOCAL_NAME, RECORD, DRAFT = 1.0, 0.95, 0.9, 0.85, 0.8
#: a unit longer than this is not a segment worth suggesting whole
MAX_SEGMENT = 600


def create_tables(db: pw.Database) -> None:
    for stmt in DDL:
        db.execute_sql(stmt)


def _setting(key: str) -> str | None:
    row = DB.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set(key: str, value) -> None:
    DB.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, str(value)))


def current_seq() -> int:
    return int(_setting("seq") or 0)


def has_tables() -> bool:
    return DB.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'tm_unit'").fetchone() is not None


# --- what each source holds ---------------------------------------------------------------------


class _Writer:
    """Units and uses written in bulk, units found by key through one dict for the whole run."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.raw: dict[tuple[str, str], int | None] = {}  # the same texts again: no keys to compute
        self.fields: dict[tuple[str, str], list] = {}  # the same field texts again: no splitting
        self.uses: list[tuple] = []
        self.cur = DB.cursor()

    def unit(self, vi: str, zh: str) -> int | None:
        got = self.raw.get((vi, zh), -1)
        if got != -1:
            return got
        if len(self.raw) > 200_000:
            self.raw.clear()
        uid = self.raw[(vi, zh)] = self._unit(vi, zh)
        return uid

    def _unit(self, vi: str, zh: str) -> int | None:
        vi, zh = vi.strip(), zh.strip()
        if not vi or not zh or len(vi) > MAX_SEGMENT or len(zh) > MAX_SEGMENT:
            return None
        k = (vi_key(vi), zh_key(zh))
        if not k[0] or not k[1]:
            return None
        uid = self.ids.get(k)
        if uid is None:
            if len(self.ids) > 500_000:
                self.ids.clear()
            row = self.cur.execute("SELECT id FROM tm_unit WHERE vi_key = ? AND zh_key = ?", k).fetchone()
            if row:
                uid = row[0]
            else:
                vb, zb = fts_body(vi, "vi"), fts_body(zh, "zh")
                self.cur.execute("INSERT INTO tm_unit (vi_key, zh_key, vi, zh, vi_body, zh_body) VALUES (?, ?, ?, ?, ?, ?)",
                                 (k[0], k[1], vi, zh, vb, zb))
                uid = self.cur.lastrowid
                self.cur.execute("INSERT INTO tm_fts (rowid, vi_body, zh_body) VALUES (?, ?, ?)", (uid, vb, zb))
            self.ids[k] = uid
        return uid

    def segments(self, vi: str, zh: str) -> list[tuple[str, str]]:
        got = self.fields.get((vi, zh))
        if got is None:
            if len(self.fields) > 100_000:
                self.fields.clear()
            got = self.fields[(vi, zh)] = aligned_segments(vi, zh)
        return got

    def use(self, source: str, vi: str, zh: str, tier: float, date: str, kind: str, field: str) -> None:
        uid = self.unit(vi, zh)
        if uid is not None:
            self.uses.append((source, uid, tier, date or "", kind, field))

    def flush(self) -> None:
        if self.uses:
            # one use per (source, unit): the same sentence twice in a record counts once
            seen, rows = set(), []
            for u in self.uses:
                if (u[0], u[1]) not in seen:
                    seen.add((u[0], u[1]))
                    rows.append(u)
            self.cur.executemany("INSERT INTO tm_use (source, unit_id, tier, date, kind, field) VALUES (?, ?, ?, ?, ?, ?)",
                                 rows)
            self.uses = []


def forget(sources: Iterable[str]) -> None:
    """Take the uses of these sources out; units nobody uses any more go, with their index rows."""
    sources = list(sources)
    cur = DB.cursor()
    for i in range(0, len(sources), 500):
        chunk = sources[i : i + 500]
        marks = ",".join("?" * len(chunk))
        units = [r[0] for r in cur.execute(f"SELECT DISTINCT unit_id FROM tm_use WHERE source IN ({marks})", chunk)]
        if not units:
            continue
        cur.execute(f"DELETE FROM tm_use WHERE source IN ({marks})", chunk)
        for j in range(0, len(units), 500):
            part = units[j : j + 500]
            um = ",".join("?" * len(part))
            dead = cur.execute(f"SELECT id, vi_body, zh_body FROM tm_unit WHERE id IN ({um}) AND NOT EXISTS "
                               f"(SELECT 1 FROM tm_use WHERE unit_id = tm_unit.id)", part).fetchall()
            if dead:
                cur.executemany("INSERT INTO tm_fts (tm_fts, rowid, vi_body, zh_body) VALUES ('delete', ?, ?, ?)", dead)
                cur.executemany("DELETE FROM tm_unit WHERE id = ?", [(d[0],) for d in dead])


def _printed(uuids: list[str] | None) -> set[str]:
    """Records whose minutes were printed or saved as a PDF (the audit trail notes each)."""
    if uuids is not None and len(uuids) <= 500:
        if not uuids:
            return set()
        marks = ",".join("?" * len(uuids))
        q = f"SELECT DISTINCT uuid FROM audit_entry WHERE action = 'print' AND uuid IN ({marks})"
        return {r[0] for r in DB.execute_sql(q, uuids)}
    return {r[0] for r in DB.execute_sql("SELECT DISTINCT uuid FROM audit_entry WHERE action = 'print' AND uuid IS NOT NULL")}


def _record_tables():
    """(model, kind column or None, bilingual pairs) for each record table once."""
    seen: dict = {}
    for spec in KINDS.values():
        pairs = seen.setdefault(spec.model, [])
        for p in spec.bilingual:
            if p not in pairs:
                pairs.append(p)
    return [(model, model is m.Talks, tuple(pairs)) for model, pairs in seen.items()]


def _records(w: _Writer, since: int, upto: int, fresh: bool, signed: frozenset = frozenset()) -> int:
    n = 0
    for model, is_talks, pairs in _record_tables():
        table = model._meta.table_name
        cols = ["uuid", "deleted", "date"] + (["kind"] if is_talks else []) + [c for p in pairs for c in p]
        sql = (f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}" '
               "WHERE seq > ? AND seq <= ? ORDER BY seq")
        rows = DB.execute_sql(sql, (since, upto)).fetchall()
        if not rows:
            continue
        n += len(rows)
        if not fresh:
            forget([r[0] for r in rows])
        printed = (_printed([r[0] for r in rows] if len(rows) <= 500 else None) | signed) if is_talks else set()
        off = 4 if is_talks else 3
        for r in rows:
            if r[1]:
                continue  # a tombstone teaches nothing
            kind = (r[3] if r[3] == "meeting" else "talks") if is_talks else _kind_key(model)
            tier = (SIGNED if r[0] in printed else DRAFT) if is_talks else RECORD
            date = str(r[2] or "")
            for i, (fv, _fz) in enumerate(pairs):
                vi, zh = r[off + 2 * i], r[off + 2 * i + 1]
                if vi and zh:
                    field = fv[:-3]
                    for sv, sz in w.segments(vi, zh):
                        w.use(r[0], sv, sz, tier, date, kind, field)
        if model is m.Talks:
            _roles(w, [r[0] for r in rows if not r[1]], printed)
        w.flush()
    return n


def _roles(w: _Writer, uuids: list[str], printed: set[str]) -> None:
    """The roles of delegation members ("Đồn trưởng" / "站长") are learnt with their talks."""
    for i in range(0, len(uuids), 500):
        chunk = uuids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        q = (f"SELECT d.talks_id, d.role_vi, d.role_zh, t.date, t.kind FROM delegation_member d "
             f"JOIN talks t ON t.uuid = d.talks_id WHERE d.talks_id IN ({marks})")
        for talks_id, rv, rz, date, kind in DB.execute_sql(q, chunk):
            if rv and rz:
                w.use(talks_id, rv, rz, SIGNED if talks_id in printed else DRAFT, str(date or ""),
                      "meeting" if kind == "meeting" else "talks", "role")


def _kind_key(model) -> str:
    return next(spec.key for spec in KINDS.values() if spec.model is model)


_REGISTRY = (
    (m.BorderGate, "gate", (("name_vi", "name_zh"), ("pair_vi", "pair_zh"))),
    (m.CounterpartUnit, "counterpart", (("name_vi", "name_zh"),)),
    (m.Post, "post", (("name_vi", "name_zh"),)),
    (m.BoundaryMarker, "marker", (("name_vi", "name_zh"),)),
    (m.Officer, "officer", (("name_vi", "name_zh"), ("position_vi", "position_zh"))),
)


def _registry(w: _Writer, since: int, upto: int, fresh: bool) -> int:
    hq = {r[0] for r in DB.execute_sql("SELECT code FROM post WHERE kind = 'headquarters'")}
    n = 0
    for model, kind, pairs in _REGISTRY:
        q = model.select().where((model.seq > since) & (model.seq <= upto))
        rows = list(q)
        n += len(rows)
        if not fresh:
            forget([r.uuid for r in rows])
        for row in rows:
            if row.deleted:
                continue
            tier = SIGNED if row.site in hq else LOCAL_NAME
            for cv, cz in pairs:
                w.use(row.uuid, getattr(row, cv) or "", getattr(row, cz) or "", tier, "", kind, cv[:-3])
    w.flush()
    return n


def _glossary(w: _Writer, fresh: bool) -> None:
    """The glossary in force, written again whole (it is small)."""
    if not fresh:
        old = [r[0] for r in DB.execute_sql("SELECT DISTINCT source FROM tm_use WHERE kind = 'glossary'")]
        forget(old)
    for t in glossary.terms():
        tier = SHIPPED if t.source == "shipped" else SIGNED
        zh = t.forms("zh")[0] if t.forms("zh") else t.zh
        for vi in t.forms("vi"):
            w.use(f"glossary:{t.key}", vi, zh, tier, "", "glossary", t.key)
    w.flush()
    _set("tm_glossary", _glossary_stamp())


def _glossary_stamp() -> str:
    top = DB.execute_sql("SELECT max(seq) FROM glossary_term").fetchone()[0] or 0
    return f"{_shipped_digest()}:{top}"


_digest: list[str] = []


def _shipped_digest() -> str:
    if not _digest:  # the shipped file does not change while the program runs
        _digest.append(glossary.shipped_digest())
    return _digest[0]


def rebuild() -> None:
    """Fill the memory from scratch (the migration, and repair)."""
    for t in ("tm_use", "tm_unit"):
        DB.execute_sql(f"DELETE FROM {t}")
    DB.execute_sql("INSERT INTO tm_fts (tm_fts) VALUES ('delete-all')")
    upto = current_seq()
    # an index built once at the end costs less than one kept up row by row (millions of uses)
    for name in _USE_INDEXES:
        DB.execute_sql(f"DROP INDEX IF EXISTS {name}")
    w = _Writer()
    _registry(w, -1, upto, fresh=True)
    _glossary(w, fresh=True)
    _records(w, -1, upto, fresh=True)
    create_tables(DB)
    _set("tm_seq", upto)


def catch_up() -> int:
    """Read what was written since the memory last looked; returns the number of rows read.

    A memory never filled (just made by its migration) is built whole, in one transaction.
    """
    if _setting("tm_seq") is None:
        with DB.atomic():
            rebuild()
        return current_seq()
    done = int(_setting("tm_seq") or 0)
    upto = current_seq()
    glossary_changed = _setting("tm_glossary") != _glossary_stamp()
    if upto <= done and not glossary_changed:
        return 0
    with DB.atomic():
        w = _Writer()
        n = 0
        if upto > done:
            n += _registry(w, done, upto, fresh=False)
            n += _records(w, done, upto, fresh=False)
            _set("tm_seq", upto)
        if glossary_changed:
            _glossary(w, fresh=False)
    return n


def refresh_sources(uuids: Iterable[str]) -> None:
    """Weigh these records again (their minutes were just printed: signed now)."""
    uuids = [u for u in uuids if u]
    if not uuids:
        return
    marks = ",".join("?" * len(uuids))
    seqs = []
    for model in m.RECORD_MODELS:
        seqs += [r[0] for r in DB.execute_sql(f'SELECT seq FROM "{model._meta.table_name}" WHERE uuid IN ({marks})',
                                              uuids)]
    w = _Writer()
    for s in seqs:  # the print being noted may not be in the audit trail yet: these count as printed
        _records(w, s - 1, s, fresh=False, signed=frozenset(uuids))


# --- the hook -------------------------------------------------------------------------------------

_WRITES = {"create", "update", "delete", "restore", "import", "bundle_import", "merge", "restore_backup"}
_installed: list = []


def _on_change(change: events.Change) -> None:
    if not has_tables():
        return
    if change.action == "print" and change.uuid:
        refresh_sources([change.uuid])
    elif change.action in _WRITES:
        catch_up()


def install() -> None:
    """Keep the memory in step with every write from now on (idempotent)."""
    if not _installed:
        _installed.append(events.subscribe(_on_change))


def uninstall() -> None:
    while _installed:
        _installed.pop()()
