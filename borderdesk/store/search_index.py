"""The full-text index over every record kind and the registry.

One FTS5 table with the ``unicode61 remove_diacritics 2`` tokenizer, so
"bien phong" finds "Biên phòng". Chinese has no spaces and most words are two
characters, which the trigram tokenizer cannot find; instead every run of Han
characters is written into the index as its overlapping bigrams followed by
its last character (交换情况 → 交换 换情 情况 况). A query of two or more Han
characters becomes the phrase of its bigrams, which matches exactly the texts
holding that substring; a single character becomes a prefix query, which
matches any bigram starting with it (and the run-final unigram).

``search_doc`` holds one row per indexed object (its kind, uuid, date, site,
the original text for display, and the prepared body the FTS table indexes
as external content). The services call :func:`index_rows` in the same
transaction as every write, so the index never lags.
"""
from __future__ import annotations

import contextlib
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

import peewee as pw

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
#: đ is a letter of its own in Unicode, not d with a diacritic: fold it by hand.
_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=8192)
def _han_tokens(run: str) -> str:
    # cached: the same Chinese names and phrases come back in row after row of a bulk write
    if len(run) == 1:
        return run
    grams = [run[i : i + 2] for i in range(len(run) - 1)]
    grams.append(run[-1])
    return " ".join(grams)


def _nfc(text: str) -> str:
    # unicode61 removes the diacritics of composed letters only: a decomposed (NFD) "ạ" would
    # stay "a" + a mark and never match. Texts and queries are composed first.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def prepare(text: str) -> str:
    """The body indexed for *text*."""
    text = _nfc(text)
    if "đ" in text or "Đ" in text:  # str.translate is slow on non-ASCII text; this is a bulk path
        text = text.replace("đ", "d").replace("Đ", "D")
    return _HAN.sub(lambda mo: f" {_han_tokens(mo.group())} ", text)


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def build_query(text: str) -> str | None:
    """An FTS5 query for what a user typed: every word must match; the last one as a prefix."""
    text = _nfc(text).translate(_FOLD)
    parts: list[str] = []
    pieces = [p for p in re.split(r"(\s+|[\u3000-\u303f\uff00-\uffef]+)", text) if p and not p.isspace()]
    words: list[tuple[str, bool]] = []  # (token, is_han)
    for piece in pieces:
        pos = 0
        for mo in _HAN.finditer(piece):
            if mo.start() > pos:
                words.append((piece[pos : mo.start()], False))
            words.append((mo.group(), True))
            pos = mo.end()
        if pos < len(piece):
            words.append((piece[pos:], False))
    for i, (word, is_han) in enumerate(words):
        last = i == len(words) - 1
        if is_han:
            if len(word) == 1:
                parts.append(_quote(word) + "*")
            else:
                grams = [word[j : j + 2] for j in range(len(word) - 1)]
                parts.append(" + ".join(_quote(g) for g in grams))
        else:
            # unicode61 splits on punctuation; keep only letters and digits of the word.
            sub = [t for t in re.split(r"[^\w]+", word) if t]
            for j, t in enumerate(sub):
                is_last = last and j == len(sub) - 1
                parts.append(_quote(t) + ("*" if is_last else ""))
    return " AND ".join(parts) if parts else None


#: The tables as migration 2 made them (benchmarks build a bare copy from these).
DDL = (
    """CREATE TABLE IF NOT EXISTS search_doc (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        date TEXT,
        site TEXT NOT NULL DEFAULT '',
        display TEXT NOT NULL,
        body TEXT NOT NULL)""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        body, content='search_doc', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
)


def remove(db: pw.Database, uuids: Iterable[str]) -> None:
    uuids = list(uuids)
    cur = db.cursor()
    for i in range(0, len(uuids), 500):
        chunk = uuids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        old = cur.execute(f"SELECT id, body FROM search_doc WHERE uuid IN ({marks})", chunk).fetchall()
        if old:
            cur.executemany("INSERT INTO search_fts(search_fts, rowid, body) VALUES('delete', ?, ?)", old)
            cur.executemany("DELETE FROM search_doc WHERE id = ?", [(r[0],) for r in old])


def index_rows(db: pw.Database, rows: Sequence[tuple[str, str, str | None, str, str]], fresh: bool = False) -> None:
    """(Re)index objects: each row is ``(uuid, kind, date_iso, site, display_text)``.

    A row with empty text is removed from the index. ``fresh``: the objects were just
    created and cannot be in the index yet (a bulk import skips looking for them).
    """
    if not rows:
        return
    if not fresh:
        remove(db, [r[0] for r in rows])
    cur = db.cursor()
    keep = [r for r in rows if r[4].strip()]
    if not keep:
        return
    cur.executemany(
        "INSERT INTO search_doc (uuid, kind, date, site, display, body) VALUES (?, ?, ?, ?, ?, ?)",
        [(u, k, d, s, text, prepare(text)) for (u, k, d, s, text) in keep],
    )
    # New rows took the highest ids; feed exactly those to the FTS table.
    first = cur.execute("SELECT max(id) FROM search_doc").fetchone()[0] - len(keep) + 1
    cur.execute(
        "INSERT INTO search_fts(rowid, body) SELECT id, body FROM search_doc WHERE id >= ?",
        (first,),
    )


@contextlib.contextmanager
def merges_deferred(db: pw.Database) -> Iterator[None]:
    """Around a bulk write, inside its transaction: FTS5 merges no segments while the batches go in
    (``automerge`` 0), then goes back to its default. FTS5 still merges a level once it holds 16
    segments (``crisismerge``), so the index never degrades; measured on 30,000 rows appended in
    batches of 5,000 to an index of 30,000: the FTS part 1.9 to 3 times faster. An ``optimize``
    at the end would rewrite the whole index (a million documents at headquarters): not done."""
    db.execute_sql("INSERT INTO search_fts(search_fts, rank) VALUES('automerge', 0)")
    try:
        yield
    finally:
        db.execute_sql("INSERT INTO search_fts(search_fts, rank) VALUES('automerge', 4)")


def rebuild(db: pw.Database, rows: Iterable[tuple]) -> None:
    """Index from scratch the objects *rows* describe (see :func:`index_rows`)."""
    db.execute_sql("DELETE FROM search_doc")
    db.execute_sql("INSERT INTO search_fts(search_fts) VALUES('delete-all')")
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 5000:
            index_rows(db, batch)
            batch = []
    index_rows(db, batch)


def search(db: pw.Database, text: str, limit: int = 50, kinds: Sequence[str] | None = None,
           site: str | None = None) -> list[dict]:
    """Newest matches first: ``{"id", "kind", "date", "site", "text"}``."""
    query = build_query(text)
    if not query:
        return []
    where = ["f.body MATCH ?"]  # the column of the table (PostgreSQL: its tsvector, store.pg_sql)
    params: list = [query]
    if kinds:
        where.append(f"d.kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if site:
        where.append("d.site = ?")
        params.append(site)
    params.append(int(limit))
    # ORDER BY the FTS rowid lets FTS5 walk its doclists backwards and stop at
    # the limit, instead of sorting every match: instant even for "bien".
    sql = (
        "SELECT d.uuid, d.kind, d.date, d.site, d.display FROM search_fts f "
        "JOIN search_doc d ON d.id = f.rowid WHERE " + " AND ".join(where) +
        " ORDER BY f.rowid DESC LIMIT ?"
    )
    rows = db.execute_sql(sql, params).fetchall()  # build_query quotes every token: no syntax error reaches here
    return [{"id": u, "kind": k, "date": d, "site": s, "text": t} for (u, k, d, s, t) in rows]
