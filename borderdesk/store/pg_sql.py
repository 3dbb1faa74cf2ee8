"""The SQL BorderDesk writes for SQLite, said in PostgreSQL's words.

The services, sync and trust layers write their bulk and bookkeeping SQL once, in SQLite's
dialect (``?`` parameters, ``INSERT OR IGNORE``, ``datetime('now')``, the frozen DDL of the
migrations, FTS5's statements). On a headquarters' PostgreSQL server each statement goes
through :func:`translate` once (cached) instead of being written twice:

* ``?`` → ``%s`` and a ``%`` inside a string literal → ``%%`` (psycopg's parameter style);
* ``INSERT OR IGNORE`` → ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` → ``ON CONFLICT (key)
  DO UPDATE`` on the table's primary key (:data:`REPLACE_KEYS`);
* ``datetime('now')``, scalar ``max(a, b)``/``min(a, b)``, ``instr``, ``temp.``, ``sqlite_master``,
  ``COLLATE VI`` → their PostgreSQL equivalents;
* DDL: SQLite's loose types → PostgreSQL's (dates stay ISO text, as SQLite stores them, so
  every comparison, hash and bundle reads the same characters on both backends); every synced
  table gets a ``rowid`` column (SQLite's implicit one: list order ties and deep pages use it);
* FTS5: a virtual table becomes a real one with a GIN-indexed ``tsvector`` per column, computed
  by ``bd_search_text`` (unaccent, then anything not a letter or digit is a space: FTS5's
  ``unicode61 remove_diacritics 2`` tokens); ``x MATCH ?`` → ``x_tsv @@ bd_fts_query(?)``, which
  reads the same query strings ``search_index.build_query`` writes for FTS5; its maintenance
  commands (``'delete'``, ``'delete-all'``, ``'automerge'``) become a DELETE or nothing.

A statement this module does not know how to say (an ``INSERT OR REPLACE`` on a table
without a known key, a PRAGMA) raises :class:`Untranslatable`: callers branch on the
backend for those (``store.dialect``), nothing is silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


class Untranslatable(ValueError):
    """A SQLite statement with no PostgreSQL translation here (a bug to fix where it is written)."""


#: ``INSERT OR REPLACE`` targets and their primary keys.
REPLACE_KEYS = {"setting": ("key",), "sync_peer": ("code",)}

#: Tables whose ``id`` the database assigns (an ``INSERT`` through a cursor reports it as ``lastrowid``).
ID_TABLES = frozenset({"search_doc", "tm_unit", "sync_conflict", "sync_log", "sync_proof_block", "audit_entry",
                       "attachment_chunk", "delegation_member", "handover_person", "patrol_marker"})

_NOW = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
_MASTER = ("(SELECT 'table'::text AS type, tablename::text AS name FROM pg_catalog.pg_tables "
           "WHERE schemaname = current_schema() UNION ALL SELECT 'view', viewname::text FROM pg_catalog.pg_views "
           "WHERE schemaname = current_schema()) AS sqlite_master")

#: The helper functions the translated statements call (made by ``store.postgres.prepare_server``).
#: Every name inside is qualified with the schema (``{schema}``): pg_dump and pg_restore run with an
#: empty search_path, and a generated column calling an unqualified name would not restore.
FUNCTIONS = (
    # unaccent is STABLE (its dictionary could change); an index needs IMMUTABLE: the dictionary
    # named explicitly, in a function of our own, is the documented way.
    """CREATE OR REPLACE FUNCTION {schema}.bd_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$""",
    # FTS5's unicode61 tokens: letters and digits, without their marks; everything else separates.
    """CREATE OR REPLACE FUNCTION {schema}.bd_search_text(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT regexp_replace({schema}.bd_unaccent($1), '[^[:alnum:]]+', ' ', 'g') $$""",
    # search_index.build_query's FTS5 strings: "tok" "tok"* "a" + "b" AND OR ( ) col : (...)
    """CREATE OR REPLACE FUNCTION {schema}.bd_fts_query(text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT to_tsquery('simple', {schema}.bd_unaccent(
           replace(replace(replace(
             regexp_replace(regexp_replace(regexp_replace($1, '^\\w+ : ', ''),
               '"((?:[^"]|"")*)"\\*', '''\\1'':*', 'g'),
               '"((?:[^"]|"")*)"', '''\\1''', 'g'),
             ' + ', ' <-> '), ' AND ', ' & '), ' OR ', ' | '))) $$""",
)


@dataclass(frozen=True)
class Translated:
    sql: str
    #: how many of the caller's parameters the statement takes (None: all)
    params: int | None = None
    #: the table whose assigned ``id`` a cursor reports as ``lastrowid`` (``RETURNING id`` was added)
    returns_id: bool = False


# --- a lexer that knows string literals, quoted names and comments ----------------------------

_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\?|%|[^'"?%-]+|-""")


def _outside_literals(sql: str, fn) -> str:
    """Apply *fn* to the parts of *sql* outside string literals and quoted names; drop comments;
    ``?`` becomes ``%s`` and ``%`` (in a literal or not) ``%%``."""
    out, plain = [], []

    def flush():
        if plain:
            out.append(fn("".join(plain)))
            plain.clear()

    for m in _TOKEN.finditer(sql):
        t = m.group()
        if t.startswith("'") or t.startswith('"'):
            flush()
            out.append(t.replace("%", "%%"))
        elif t.startswith("--"):
            continue
        elif t == "?":
            flush()
            out.append("%s")
        elif t == "%":
            # peewee's own statements carry %s already; any other % is a literal one
            plain.append("%")
        else:
            plain.append(t)
    flush()
    return "".join(out)


_PG_TYPES = [
    (re.compile(r'((?:"id"|\bid)\s+)INTEGER(\s+NOT NULL)?\s+PRIMARY KEY(\s+AUTOINCREMENT)?'), r"\1BIGSERIAL PRIMARY KEY"),
    (re.compile(r"\bVARCHAR\(\d+\)"), "TEXT"),
    (re.compile(r"\bDATETIME\b"), "TEXT"),
    (re.compile(r"(?<=[\"\w] )DATE\b"), "TEXT"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\)\s*WITHOUT ROWID\s*$"), ")"),
]

_SYNCED = re.compile(r'^\s*CREATE TABLE (?:IF NOT EXISTS )?("?[\w]+"?)\s*\(\s*"uuid" VARCHAR\(36\) NOT NULL PRIMARY KEY,')
_VIRTUAL = re.compile(r"^\s*CREATE VIRTUAL TABLE (IF NOT EXISTS )?(\w+) USING fts5\((.*)\)\s*$", re.S)
_VOCAB = re.compile(r"^\s*CREATE VIRTUAL TABLE (IF NOT EXISTS )?(\w+) USING fts5vocab\((\w+),\s*'row'\)\s*$", re.S)
_FTS_CMD = re.compile(r"^\s*INSERT INTO (\w+)\s*\(\s*\1\s*(?:,\s*(\w+)\s*)?(?:,[^)]*)?\)\s*VALUES\s*\(\s*'([\w-]+)'", re.S)
_MATCH = re.compile(r'((?:"?\w+"?\.)?"?\w+"?)\s+MATCH\s+%s')
_OR = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO ((?:\w+\.)?\"?(\w+)\"?)\s*\(([^)]*)\)", re.S)
_INSERT = re.compile(r'^\s*INSERT INTO "?(\w+)"?\s*\(')


def _ddl(sql: str) -> str:
    head = sql.lstrip()[:40].upper()
    if not (head.startswith("CREATE TABLE") or head.startswith("ALTER TABLE") or head.startswith("CREATE TEMP")):
        return sql
    synced = _SYNCED.match(sql)
    for pat, rep in _PG_TYPES:
        sql = pat.sub(rep, sql)
    if synced:  # SQLite's implicit rowid, made explicit
        sql = sql.rstrip().rstrip(")") + ", rowid BIGSERIAL)"
    return sql


def fts_tables(sql: str) -> list[str] | None:
    """The statements an FTS5 (or fts5vocab) ``CREATE VIRTUAL TABLE`` becomes, or None."""
    m = _VIRTUAL.match(sql)
    if m:
        ine, name, body = m.groups()
        cols = [c.strip() for c in body.split(",") if c.strip() and "=" not in c]
        parts = ", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in cols)
        tsv = ", ".join(f"{c}_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', bd_search_text({c}))) STORED"
                        for c in cols)
        stmts = [f"CREATE TABLE {ine or ''}{name} (rowid BIGINT PRIMARY KEY, {parts}, {tsv})"]
        stmts += [f"CREATE INDEX {ine or ''}{name}_{c}_gin ON {name} USING gin ({c}_tsv)" for c in cols]
        return stmts
    m = _VOCAB.match(sql)
    if m:
        ine, name, of = m.groups()
        # fts5vocab 'row': each term, the documents holding it, its occurrences
        return [f"CREATE OR REPLACE VIEW {name} AS SELECT word AS term, ndoc AS doc, nentry AS cnt "
                f"FROM ts_stat('SELECT {_all_tsv_of(of)} FROM {of}')"]
    return None


#: The columns of each FTS5 table the migrations make (for MATCH on the whole table).
FTS_COLUMNS = {"search_fts": ("body",), "tm_fts": ("vi_body", "zh_body")}


def _all_tsv_of(table: str) -> str:
    return " || ".join(f"{c}_tsv" for c in FTS_COLUMNS[table])


def _match(mo: re.Match) -> str:
    ref = mo.group(1)
    bare = ref.strip('"')
    if bare in FTS_COLUMNS:
        target = "(" + " || ".join(f"{bare}.{c}_tsv" for c in FTS_COLUMNS[bare]) + ")"
    else:  # alias.column (peewee's), or a column of the table in FROM
        target = ref[:-1] + '_tsv"' if ref.endswith('"') else ref + "_tsv"
    return f"{target} @@ bd_fts_query(%s)"


def _plain(text: str) -> str:
    text = re.sub(r"\b(max|min)\(\s*([\w.]+)\s*,", lambda m: ("greatest(" if m.group(1) == "max" else "least(")
                  + m.group(2) + ",", text)
    text = re.sub(r"\binstr\(", "strpos(", text)
    text = re.sub(r"\btemp\.", "pg_temp.", text)
    text = re.sub(r"\bsqlite_master\b", _MASTER, text)
    text = re.sub(r"\bCOLLATE VI\b", 'COLLATE "vi-x-icu"', text)
    return text


def _fix_now(sql: str) -> str:
    # datetime('now') has its literal inside: match it on the whole statement before lexing
    return sql.replace("datetime('now')", "\x00NOW\x00")


@lru_cache(maxsize=4096)
def translate(sql: str) -> Translated:
    """The PostgreSQL statement for one SQLite statement (see the module's docstring)."""
    stripped = sql.strip()
    if stripped[:6].upper() == "PRAGMA":
        raise Untranslatable(f"PRAGMA on PostgreSQL: {stripped[:60]}")
    if stripped.upper().startswith("CREATE VIRTUAL TABLE"):
        stmts = fts_tables(stripped)
        if stmts is None:
            raise Untranslatable(stripped[:80])
        return Translated(";\n".join(stmts))
    params = None
    cmd = _FTS_CMD.match(sql)
    if cmd and cmd.group(1) in FTS_COLUMNS:
        table, second, verb = cmd.groups()
        if verb == "delete":  # (table, rowid, columns…) VALUES ('delete', rowid, old values…)
            return Translated(f"DELETE FROM {table} WHERE rowid = %s", params=1)
        if verb == "delete-all":
            return Translated(f"DELETE FROM {table}")
        if verb in ("automerge", "optimize", "merge", "crisismerge", "usermerge"):
            return Translated("SELECT 1", params=0)  # GIN keeps its own pending list
        raise Untranslatable(f"FTS5 command {verb!r} on PostgreSQL")
    suffix = ""
    mo = _OR.match(sql)
    if mo:
        verb, target, table, cols = mo.groups()
        sql = "INSERT INTO " + target.replace("main.", "") + " (" + cols + ")" + sql[mo.end():]
        if verb == "IGNORE":
            suffix = " ON CONFLICT DO NOTHING"
        else:
            keys = REPLACE_KEYS.get(table)
            if keys is None:
                raise Untranslatable(f"INSERT OR REPLACE INTO {table}: no key known")
            names = [c.strip().strip('"') for c in cols.split(",")]
            sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in names if c not in keys)
            suffix = f" ON CONFLICT ({', '.join(keys)}) " + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
    sql = _fix_now(sql)
    out = _outside_literals(sql, _plain)
    out = out.replace("\x00NOW\x00", _NOW)
    out = _MATCH.sub(_match, out)
    out = _ddl(out) + suffix
    returns_id = False
    ins = _INSERT.match(out)
    if ins and ins.group(1) in ID_TABLES and "RETURNING" not in out.upper() and "ON CONFLICT" not in out \
            and " SELECT " not in out.upper():
        out += " RETURNING id"
        returns_id = True
    return Translated(out, params=params, returns_id=returns_id)
