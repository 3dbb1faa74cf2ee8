"""Building the translation memory whole: the first opening after its migration, and repair.

A million records hold millions of uses of a few hundred thousand sentences, so the
build is set-based and goes in steps that each commit:

1. *start* (one transaction): the memory's tables emptied and their indexes dropped,
   the registry's names and the glossary written, and ``tm_build`` noted: the last
   sequence number the build reads (``upto``), where it stands and how far it has to go;
2. *passes* over each record table (talks with their delegations' roles), :data:`CHUNK`
   rows at a time in rowid order: each chunk, one transaction, splits its fields into segments
   (a text seen before costs one look-up), numbers its new units itself, writes units
   and uses with ``executemany`` and notes where it stopped. A chunk holds the write
   lock for a fraction of a second: the desk saves between two chunks;
3. *finish* (one transaction): the indexes made once over the whole tables, the
   full-text index built from the units, ``tm_seq`` set and ``tm_build`` taken away.

Killed anywhere, the build loses at most its current chunk (rolled back) and goes on
where it stopped the next time; until *finish* commits, :func:`.memory.is_built` is
False and nothing is read from the half-built tables. Rows written meanwhile (by the
officer, a bundle) have a sequence number above ``upto``: the ordinary catch-up reads
them when the build is done.
"""
from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Callable

from borderdesk.services.translation import memory
from borderdesk.services.translation.text import fts_body
from borderdesk.store.models import DB

#: rows of a record table read, learnt and written in one transaction
CHUNK = 5000
_INDEXES = ("tm_unit_keys", "tm_unit_zh_key", "tm_use_source", "tm_use_unit")
#: how far the build of this process has got, read by other threads (the suggestions meanwhile)
_here = {"done": 0, "total": 0}

Progress = Callable[[int, int], bool]


def _digest(vk: str, zk: str) -> bytes:
    return hashlib.blake2b(f"{vk}\0{zk}".encode(), digest_size=12).digest()


class _BulkWriter(memory._Writer):
    """Every unit known by a digest of its keys; new ones numbered here and written in bulk."""

    def __init__(self) -> None:
        super().__init__()
        self.known: dict[bytes, int] = {}
        self.new: list[tuple] = []
        self.next_id = 1

    def load(self) -> None:
        """The units already written (a build going on where it stopped, or another process's chunks)."""
        self.known = {_digest(vk, zk): i for i, vk, zk in self.cur.execute("SELECT id, vi_key, zh_key FROM tm_unit")}
        self.next_id = max(self.known.values(), default=0) + 1
        self.raw.clear()
        self.fields.clear()

    def _stored(self, k: tuple[str, str], vi: str, zh: str) -> int:
        d = _digest(*k)
        uid = self.known.get(d)
        if uid is None:
            uid = self.known[d] = self.next_id
            self.next_id += 1
            self.new.append((uid, k[0], k[1], vi, zh, fts_body(vi, "vi"), fts_body(zh, "zh")))
        return uid

    def flush(self) -> None:
        if self.new:
            self.cur.executemany("INSERT INTO tm_unit (id, vi_key, zh_key, vi, zh, vi_body, zh_body) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?)", self.new)
            self.new = []
        super().flush()


def _passes() -> list[tuple[str, str, Callable]]:
    """(table, the chunk's query: rowid > ? AND seq <= ? … LIMIT ?, what learns its rows without their rowid)."""
    out = []
    for model, is_talks, pairs in memory._record_tables():
        sql = (memory.record_select(model, is_talks, pairs, with_rowid=True)
               + " WHERE rowid > ? AND seq <= ? ORDER BY rowid LIMIT ?")
        out.append((model._meta.table_name, sql, partial(_learn, model=model, is_talks=is_talks, pairs=pairs)))
    return out


def _learn(w: _BulkWriter, rows, model, is_talks: bool, pairs) -> None:
    rows = [r[1:] for r in rows]
    memory.learn_rows(w, rows, model, is_talks, pairs)
    if is_talks:
        memory.learn_roles(w, rows)


def _count(name: str, upto: int) -> int:
    return DB.execute_sql(f'SELECT count(*) FROM "{name}" WHERE seq <= ?', (upto,)).fetchone()[0]


def _state() -> dict | None:
    raw = memory._setting("tm_build")
    return json.loads(raw) if raw else None


def _note(state: dict) -> None:
    memory._set("tm_build", json.dumps(state, sort_keys=True))


def _start(w: _BulkWriter) -> dict:
    """Empty tables without their indexes, the registry and the glossary in, the plan noted."""
    memory.create_tables(DB)
    for name in _INDEXES:
        DB.execute_sql(f"DROP INDEX IF EXISTS {name}")
    DB.execute_sql("INSERT INTO tm_fts (tm_fts) VALUES ('delete-all')")
    for table in ("tm_use", "tm_unit"):  # emptied at once (SQLite's truncate: no row by row)
        DB.execute_sql(f"DELETE FROM {table}")
    DB.execute_sql("DELETE FROM setting WHERE key = 'tm_seq'")
    upto = memory.current_seq()
    w.load()
    memory._registry(w, -1, upto, fresh=True)
    memory._glossary(w, fresh=True)
    total = sum(_count(name, upto) for name, _sql, _learn in _passes())
    state = {"upto": upto, "pass": 0, "after": 0, "done": 0, "total": total}
    _note(state)
    return state


def percent() -> int:
    """How far the build has got, 0..99 (this process's build, else the one noted in the database)."""
    done, total = _here["done"], _here["total"]
    if not total:
        state = _state() if memory.has_tables() else None
        done, total = (state["done"], state["total"]) if state else (0, 0)
    return min(99, done * 100 // total) if total else 0


def ensure() -> int:
    """The memory complete and caught up before it is read: built here first when it never was (a small
    database, the command line); :class:`.memory.NotReady` while another thread of this process builds it."""
    if not memory.is_built() and not build():
        raise memory.NotReady(percent())
    return memory.catch_up()


def rebuild(progress: Progress | None = None) -> bool:
    """Forget the memory and build it again whole (repair)."""
    with DB.atomic():
        for key in ("tm_seq", "tm_build", "tm_glossary"):
            DB.execute_sql("DELETE FROM setting WHERE key = ?", (key,))
    return build(progress)


def build(progress: Progress | None = None) -> bool:
    """Build (or go on building) the memory until it is complete; True when it is.

    ``progress(done, total)`` is called after every chunk (records read of all there
    are); when it returns False the build stops there and goes on the next time. False
    also when another thread of this process is building it (see :func:`percent`).
    """
    if not memory.BUILDING.acquire(blocking=False):
        return False
    sqlite = getattr(DB.obj, "server", False) is not True
    try:
        if sqlite:  # a chunk lost to a power cut is built again: no flush to the disk at each of them
            synchronous = DB.execute_sql("PRAGMA synchronous").fetchone()[0]
            DB.execute_sql("PRAGMA synchronous = NORMAL")
        try:
            return _build(progress)
        finally:
            if sqlite:
                DB.execute_sql(f"PRAGMA synchronous = {int(synchronous)}")
    finally:
        memory.BUILDING.release()
        _here.update(done=0, total=0)


def _build(progress: Progress | None) -> bool:
    w = _BulkWriter()
    written = None  # the state this writer last noted: any other means someone else wrote units
    passes = _passes()
    while True:
        with DB.atomic():
            if memory.is_built():
                break
            state = _state()
            if state is None:
                state = _start(w)
            elif state != written:
                w.load()
            _here.update(done=state["done"], total=state["total"])
            if state["pass"] >= len(passes):
                _finish(state)
                if progress is not None:
                    progress(state["total"], state["total"])
                break
            _name, sql, learn = passes[state["pass"]]
            rows = DB.execute_sql(sql, (state["after"], state["upto"], CHUNK)).fetchall()
            if rows:
                learn(w, rows)
                w.flush()
                state = {**state, "after": rows[-1][0], "done": state["done"] + len(rows)}
            if len(rows) < CHUNK:
                state = {**state, "pass": state["pass"] + 1, "after": 0}
            _note(state)
            written = state
            _here.update(done=state["done"], total=state["total"])
        if progress is not None and not progress(state["done"], state["total"]):
            return False
    memory.catch_up()  # what was written while it was being built
    return True


def _finish(state: dict) -> None:
    memory.create_tables(DB)  # the indexes, made once over the whole tables
    # the full-text index in one statement (SQLite and a headquarters' PostgreSQL alike)
    DB.execute_sql("INSERT INTO tm_fts (rowid, vi_body, zh_body) SELECT id, vi_body, zh_body FROM tm_unit")
    if getattr(DB.obj, "server", False) is True:  # the units were numbered here: the server's serial goes on after
        DB.execute_sql("SELECT setval(pg_get_serial_sequence('tm_unit', 'id'), "
                       "coalesce((SELECT max(id) FROM tm_unit), 0) + 1, false)")
    memory._set("tm_seq", state["upto"])
    DB.execute_sql("DELETE FROM setting WHERE key = 'tm_build'")
