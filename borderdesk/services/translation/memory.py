"""The translation memory's tables, filled from the database's own bilingual texts and kept in step.

``tm_unit`` holds each distinct pair of segments once (keyed by both languages'
keys, numbers written as ``0``), with the bodies its full-text index ``tm_fts``
reads (folded Vietnamese words, Chinese bigrams). ``tm_use`` says where each unit
was seen: the record, registry entry or glossary term, its date and its *tier*:

- 1.00 talks and meetings whose minutes were signed (they carry a minutes number,
  given at the first final print and synced with the record, #14), headquarters'
  registry names and headquarters' glossary rows;
- 0.95 the glossary shipped with the program;
- 0.90 a post's own registry names; 0.85 other records; 0.80 talks and meetings
  whose minutes have no number (drafts).

Every synced row written takes the next sequence number; the memory remembers the
last one it read (``tm_seq``) and :func:`catch_up` reads what came after, whatever
wrote it (a form, a spreadsheet, a bundle, the demo). :func:`install` hooks it to
the change notifications explicitly (``borderdesk.app.open_database`` calls it);
:mod:`.suggest` also catches up before it answers, so a suggestion never comes
from a stale memory.

A memory never filled (just made by its migration) is built whole by :mod:`.build`,
in chunks that each commit and say how far they got: the desk builds it in the
background, the command line with a progress line, and a build killed half-way
goes on where it stopped. Until it is complete nothing is read from it
(:func:`is_built`) and a suggestion asked meanwhile raises :class:`NotReady`.
"""
from __future__ import annotations

import threading
from typing import Iterable

import peewee as pw

from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
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


class NotReady(BorderDeskError):
    """The memory is being built: no suggestion until it is complete."""

    def __init__(self, percent: int) -> None:
        super().__init__(_("The translation memory is being built ({percent} %): suggestions come when it is "
                           "done.").format(percent=percent))
        self.percent = percent


#: held while this process builds the memory (a worker thread of the desk, the command line)
BUILDING = threading.Lock()


def is_built() -> bool:
    """True when the memory holds everything up to ``tm_seq`` (never while a build is unfinished)."""
    return _setting("tm_seq") is not None and _setting("tm_build") is None


# --- what each source holds ---------------------------------------------------------------------


class _Writer:
    """Units and uses written in bulk, units found by key through one dict for the whole run."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str], int] = {}
        self.raw: dict[tuple[str, str], int | None] = {}  # the same texts again: no keys to compute
        self.fields: dict[tuple[str, str], list] = {}  # the same field texts again: no splitting
        self.uses: list[tuple] = []  # one per (source, unit) already: a record's own are told apart as they come
        self.loose: list[tuple] = []  # the registry's and the glossary's, made unique at the flush
        self.seen: dict[str, set] = {}  # each talk's units of this batch, for its members' roles
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
        return self._stored(k, vi, zh)

    def _stored(self, k: tuple[str, str], vi: str, zh: str) -> int:
        """The unit of keys *k*, added when the memory has none."""
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

    def field_units(self, vi: str, zh: str) -> list[int]:
        """The units of a field pair (its lines and sentences): the same texts again cost one look-up."""
        got = self.fields.get((vi, zh))
        if got is None:
            if len(self.fields) > 100_000:
                self.fields.clear()
            got = self.fields[(vi, zh)] = [u for sv, sz in aligned_segments(vi, zh)
                                           if (u := self.unit(sv, sz)) is not None]
        return got

    def use(self, source: str, vi: str, zh: str, tier: float, date: str, kind: str, field: str) -> None:
        uid = self.unit(vi, zh)
        if uid is not None:
            self.loose.append((source, uid, tier, date or "", kind, field))

    def flush(self) -> None:
        rows = self.uses
        if self.loose:  # one use per (source, unit): the same name twice counts once
            seen = set()
            for u in self.loose:
                if (u[0], u[1]) not in seen:
                    seen.add((u[0], u[1]))
                    rows.append(u)
        if rows:
            self.cur.executemany("INSERT INTO tm_use (source, unit_id, tier, date, kind, field) VALUES (?, ?, ?, ?, ?, ?)",
                                 rows)
        self.uses, self.loose, self.seen = [], [], {}


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


def _record_tables():
    """(model, is talks, bilingual pairs) for each record table once."""
    seen: dict = {}
    for spec in KINDS.values():
        pairs = seen.setdefault(spec.model, [])
        for p in spec.bilingual:
            if p not in pairs:
                pairs.append(p)
    return [(model, model is m.Talks, tuple(pairs)) for model, pairs in seen.items()]


def record_table_names() -> list[str]:
    return [model._meta.table_name for model, _talks, _pairs in _record_tables()]


def record_select(model, is_talks: bool, pairs, with_rowid: bool = False) -> str:
    """The columns a record teaches: uuid, deleted, date, [kind, minutes number,] then each pair."""
    cols = ["uuid", "deleted", "date"] + (["kind", "minutes_number"] if is_talks else []) + [c for p in pairs for c in p]
    first = "rowid, " if with_rowid else ""
    return f'SELECT {first}{", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{model._meta.table_name}"'


def learn_rows(w: _Writer, rows, model, is_talks: bool, pairs) -> None:
    """The uses of these rows (as :func:`record_select` reads them); a tombstone teaches nothing."""
    off = 5 if is_talks else 3
    record_kind = None if is_talks else _kind_key(model)
    fields = [(off + 2 * i, fv[:-3]) for i, (fv, _fz) in enumerate(pairs)]
    uses = w.uses
    for r in rows:
        if r[1]:
            continue
        source, date, seen = r[0], str(r[2] or ""), set()
        if is_talks:
            kind = "meeting" if r[3] == "meeting" else "talks"
            tier = SIGNED if r[4] else DRAFT  # signed minutes carry their number
            w.seen[source] = seen
        else:
            kind, tier = record_kind, RECORD
        for i, field in fields:
            vi, zh = r[i], r[i + 1]
            if vi and zh:
                for uid in w.field_units(vi, zh):
                    if uid not in seen:  # the same sentence twice in a record counts once
                        seen.add(uid)
                        uses.append((source, uid, tier, date, kind, field))


#: the roles of delegation members ("Đồn trưởng" / "站长"), learnt with their talks
_ROLES_SELECT = "SELECT talks_id, role_vi, role_zh FROM delegation_member WHERE talks_id IN ({marks})"


def learn_roles(w: _Writer, talks_rows) -> None:
    """The members' roles of these talks (rows as :func:`record_select` reads them, just learnt by
    :func:`learn_rows`): the talk's weight and date, each unit once with the talk's own."""
    talks = {r[0]: (SIGNED if r[4] else DRAFT, str(r[2] or ""), "meeting" if r[3] == "meeting" else "talks")
             for r in talks_rows if not r[1]}
    live = list(talks)
    for i in range(0, len(live), 500):
        chunk = live[i : i + 500]
        for talks_id, rv, rz in DB.execute_sql(_ROLES_SELECT.format(marks=",".join("?" * len(chunk))), chunk):
            if rv and rz:
                uid = w.unit(rv, rz)
                seen = w.seen.setdefault(talks_id, set())
                if uid is not None and uid not in seen:
                    seen.add(uid)
                    tier, date, kind = talks[talks_id]
                    w.uses.append((talks_id, uid, tier, date, kind, "role"))


def _records(w: _Writer, since: int, upto: int) -> int:
    n = 0
    for model, is_talks, pairs in _record_tables():
        rows = DB.execute_sql(record_select(model, is_talks, pairs) + " WHERE seq > ? AND seq <= ? ORDER BY seq",
                              (since, upto)).fetchall()
        if not rows:
            continue
        n += len(rows)
        forget([r[0] for r in rows])
        learn_rows(w, rows, model, is_talks, pairs)
        if is_talks:
            learn_roles(w, rows)
        w.flush()
    return n


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


def catch_up() -> int:
    """Read what was written since the memory last looked; returns the number of rows read.

    A memory not built yet is left to its build (:func:`.build.ensure`, the desk's
    background build), which reads everything: nothing is done here.
    """
    if not is_built():
        return 0
    done = int(_setting("tm_seq") or 0)
    upto = current_seq()
    glossary_changed = _setting("tm_glossary") != _glossary_stamp()
    if upto <= done and not glossary_changed:
        return 0
    with DB.atomic():
        if not is_built():  # a build began in another process meanwhile
            return 0
        w = _Writer()
        n = 0
        if upto > done:
            n += _registry(w, done, upto, fresh=False)
            n += _records(w, done, upto)
            _set("tm_seq", upto)
        if glossary_changed:
            _glossary(w, fresh=False)
    return n


# --- the hook -------------------------------------------------------------------------------------

_WRITES = {"create", "update", "delete", "restore", "import", "bundle_import", "merge", "restore_backup"}
_installed: list = []


def _on_change(change: events.Change) -> None:
    # a memory not built yet is left to its build (which reads everything), never built here
    if change.action in _WRITES and has_tables():
        catch_up()


def install() -> None:
    """Keep the memory in step with every write from now on (idempotent)."""
    if not _installed:
        _installed.append(events.subscribe(_on_change))


def uninstall() -> None:
    while _installed:
        _installed.pop()()

