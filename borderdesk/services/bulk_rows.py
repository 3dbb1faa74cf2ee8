"""Write stamped records with ``executemany``: their child rows and search-index entries too.

The demo and the benchmark's million records go through here instead of one
service call per row (peewee's ``insert_many`` and per-row saves are an order of
magnitude slower). Each row is stamped as ``session.stamp`` would: a new uuid,
the site, created/updated times, a clock version, the user, and a sequence
number from ``session.reserve_seq``.
"""
from __future__ import annotations

import datetime as dt
import random
import uuid as _uuid

import peewee as pw

from borderdesk.domain.kinds import KINDS
from borderdesk.services import indexing, session
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.store.models import DB


class _Table:
    """Column order, defaults and INSERT statement of one table."""

    def __init__(self, model) -> None:
        fields = [f for f in model._meta.sorted_fields if f.name != "id"]
        self.cols = [f.column_name for f in fields]
        self.defaults = {}
        for f in fields:
            d = f.default
            self.defaults[f.column_name] = None if (d is None or callable(d)) else (int(d) if isinstance(d, bool) else d)
        #: columns whose Python values (date, datetime, bool) become text or 0/1 here
        self.dates = [f.column_name for f in fields if isinstance(f, (pw.DateField, pw.DateTimeField))]
        quoted = ", ".join(f'"{c}"' for c in self.cols)
        self.sql = f'INSERT INTO "{model._meta.table_name}" ({quoted}) VALUES ({", ".join("?" * len(self.cols))})'
        self.rows: list[tuple] = []

    def add(self, values: dict) -> None:
        row = self.defaults.copy()
        row.update(values)
        for c in self.dates:
            v = row[c]
            if v is not None:
                row[c] = str(v)  # date: 2025-03-14; datetime: 2025-03-14 08:30:00, as peewee stores them
        self.rows.append(tuple(map(row.__getitem__, self.cols)))


_MODEL_OF_KIND = {"talks": m.Talks, "meeting": m.Talks, "letter": m.Letter, "hotline_call": m.HotlineCall,
                  "patrol": m.JointPatrol, "handover": m.Handover, "case": m.Case, "friendship": m.FriendshipActivity}
_CHILD_MODEL = {s.child.model._meta.table_name: s.child.model for s in KINDS.values() if s.child}


class BulkWriter:
    """Stamps records like ``session.stamp`` does and writes them with ``executemany``,
    with their child rows and their search-index entries (the same text ``indexing`` builds)."""

    def __init__(self, cp_names: dict[str, str]) -> None:
        self.cp_names = cp_names
        self.tables = {t: _Table(model) for t, model in
                       {**{k: v for k, v in _MODEL_OF_KIND.items() if k != "meeting"}, **_CHILD_MODEL}.items()}
        self.index: list[tuple] = []
        self.clock = session.clock()
        self.user = session.current_user()
        self.seq_next, self.seq_end = 0, -1
        self.written = 0
        self.by_kind: dict[str, int] = {}

    def _seq(self) -> int:
        if self.seq_next > self.seq_end:
            self.seq_next = session.reserve_seq(5000)
            self.seq_end = self.seq_next + 4999
        self.seq_next += 1
        return self.seq_next - 1

    def add(self, kind: str, values: dict, children: list[dict], site: str, when: dt.datetime) -> str:
        uid = str(_uuid.uuid4())
        values = {**values, "uuid": uid, "site": site, "created_at": when, "updated_at": when,
                  "version": self.clock.tick(), "changed_by": self.user, "deleted": 0, "seq": self._seq()}
        table = "talks" if kind == "meeting" else kind
        self.tables[table].add(values)
        if children:
            child = KINDS[kind].child
            t = self.tables[child.model._meta.table_name]
            fk = child.model._meta.fields[child.fk].column_name
            for i, c in enumerate(children):
                t.add({**c, fk: uid, "position": i})
        self.index.append((uid, kind, values["date"].isoformat(), site, self._text(kind, values, children)))
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        return uid

    def _text(self, kind: str, values: dict, children: list[dict]) -> str:
        return indexing.search_text(KINDS[kind], values, children, self.cp_names.get(values.get("counterpart") or "", ""))

    def flush(self) -> None:
        cur = DB.cursor()
        for t in self.tables.values():
            if t.rows:
                cur.executemany(t.sql, t.rows)
                t.rows = []
        if self.index:
            search_index.index_rows(DB, self.index, fresh=True)
            self.written += len(self.index)
            self.index = []

    def close(self) -> None:
        self.flush()
        # hand back the sequence numbers reserved and not used
        if self.seq_next <= self.seq_end:
            session.set_setting("seq", str(self.seq_next - 1))


def counterpart_names() -> dict[str, str]:
    return {u: f"{vi} {zh}".strip() for u, vi, zh in
            DB.execute_sql("SELECT uuid, name_vi, name_zh FROM counterpart_unit")}


def created_at(d: dt.date, rnd: random.Random) -> dt.datetime:
    # entered the same day, in office hours (Vietnam is UTC+7)
    return dt.datetime(d.year, d.month, d.day, rnd.randint(1, 10), rnd.randint(0, 59), rnd.randint(0, 59))
