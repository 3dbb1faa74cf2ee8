"""Backups of a headquarters' PostgreSQL database, and putting one back into an empty database.

``pg_dump`` (custom format) when the machine has one as new as the server; otherwise a
logical export BorderDesk writes and reads itself (``.bdexport``: a zip of one JSON-lines file
per table and a manifest with the schema version and every table's row count). Either is
restored into an empty database (``borderdesk --db postgresql://…/NEW restore FILE``), then
the desk or ``--db`` points at it: the live database is never overwritten in place. Scheduled
backups of a server are its administrator's (``pg_dump`` from cron, WAL archiving).
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import peewee as pw
from platformdirs import user_data_dir

from borderdesk.i18n import _
from borderdesk.store import migrations, pg_sql, postgres, transfer
from borderdesk.store.target import ServerUrl
from borderdesk.trust.backup import BackupError

EXPORT_FORMAT = "borderdesk-export-1"


def default_dir(url: ServerUrl) -> Path:
    return Path(user_data_dir("BorderDesk", appauthor=False)) / "backups" / url.name


def pg_tool(name: str, db: pw.Database) -> str | None:
    """``pg_dump``/``pg_restore`` of a major version at least the server's, or None."""
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                                                   key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
                                                   reverse=True)), None)
    if not found:
        return None
    out = subprocess.run([str(found), "--version"], capture_output=True, text=True, timeout=30).stdout
    mo = re.search(r"(\d+)\.", out)
    server = int(db.execute_sql("SHOW server_version_num").fetchone()[0]) // 10000
    return str(found) if mo and int(mo.group(1)) >= server else None


def make(db: pw.Database, url: ServerUrl, to: str | os.PathLike | None = None, logical: bool = False) -> Path:
    """Back the server database up into *to*; returns the file written."""
    folder = Path(to) if to else default_dir(url)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    tool = None if logical else pg_tool("pg_dump", db)
    dest = folder / f"{url.name}-{stamp}.{'dump' if tool else 'bdexport'}"
    tmp = dest.with_name(dest.name + ".partial")
    if tool:
        proc = subprocess.run([tool, "--format=custom", "--no-owner", "--file", str(tmp), "--dbname", url.url],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise BackupError(_("pg_dump failed: {error}").format(error=proc.stderr.strip()[-300:]))
    else:
        _export(db, tmp)
    os.replace(tmp, dest)
    return dest


def _tables(db: pw.Database) -> list[str]:
    skip = set(pg_sql.FTS_COLUMNS)
    rows = db.execute_sql("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                          "ORDER BY tablename").fetchall()
    return [r[0] for r in rows if r[0] not in skip]


def _cell(v):
    return {"$b64": base64.b64encode(bytes(v)).decode()} if isinstance(v, (bytes, memoryview)) else v


def _uncell(v):
    return base64.b64decode(v["$b64"]) if isinstance(v, dict) else v


def _export(db: pw.Database, dest: Path) -> None:
    counts = {}
    # inside a transaction, so under the writers' lock: no save commits while the tables are read,
    # and every table is of the same moment
    with db.atomic(), zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for table in _tables(db):
            cols = transfer._columns_server(db, table)
            cur = db.execute_sql(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}"')
            n = 0
            with z.open(f"{table}.jsonl", "w") as fh:
                fh.write((json.dumps(cols) + "\n").encode())
                while rows := cur.fetchmany(transfer.BATCH):
                    fh.write("".join(json.dumps([_cell(v) for v in r], ensure_ascii=False) + "\n"
                                     for r in rows).encode())
                    n += len(rows)
            counts[table] = n
        z.writestr("manifest.json", json.dumps({"format": EXPORT_FORMAT, "schema": migrations.schema_version(),
                                                "tables": counts}))


def restore_into(url: ServerUrl, file: str | os.PathLike) -> dict[str, int]:
    """Put the backup *file* into the empty server database *url*; returns its tables' row counts."""
    file = Path(file)
    db = postgres.open_server(url.url)
    try:
        db.connect()
        blank = db.execute_sql("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                               ).fetchone()[0] == 0
        if not blank and not _empty_schema(db):
            raise BackupError(_("{url} is not empty: a backup is restored into a new database").format(url=url))
        if file.suffix == ".dump":
            tool = pg_tool("pg_restore", db)
            if tool is None:
                raise BackupError(_("restoring {file} needs pg_restore (PostgreSQL's client programs)").format(file=file))
            if not blank:
                raise BackupError(_("{url} is not empty: a backup is restored into a new database").format(url=url))
            db.close()
            proc = subprocess.run([tool, "--no-owner", "--exit-on-error", "--single-transaction", "--dbname", url.url,
                                   str(file)], capture_output=True, text=True)
            if proc.returncode != 0:
                raise BackupError(_("pg_restore failed: {error}").format(error=proc.stderr.strip()[-300:]))
            db.connect()
            return {t: db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(db)}
        return _load(db, file)
    finally:
        db.close()


def _empty_schema(db: pw.Database) -> bool:
    try:
        return transfer.is_empty(db)
    except pw.ProgrammingError:  # tables of something else
        return False


def _load(db: pw.Database, file: Path) -> dict[str, int]:
    try:
        z = zipfile.ZipFile(file)
        manifest = json.loads(z.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise BackupError(_("{file} is not a BorderDesk backup").format(file=file)) from None
    if manifest.get("format") != EXPORT_FORMAT or manifest.get("schema", 0) > migrations.schema_version():
        raise BackupError(_("{file} was made by another BorderDesk version").format(file=file))
    postgres.prepare_server(db)
    migrations.run_migrations(db)
    got = {}
    with z, db.atomic():
        for table in _tables(db):
            db.execute_sql(f'DELETE FROM "{table}"')  # the migrations' own rows: the backup's replace them
        names = [n[: -len(".jsonl")] for n in z.namelist() if n.endswith(".jsonl")]
        refers = {"delegation_member", "handover_person", "patrol_marker"}
        for table in sorted(names, key=lambda t: t in refers):
            with z.open(f"{table}.jsonl") as fh:
                cols = json.loads(fh.readline())
                sql = f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) ' \
                      f'VALUES ({", ".join("?" * len(cols))})'
                batch, n = [], 0
                for line in fh:
                    batch.append([_uncell(v) for v in json.loads(line)])
                    if len(batch) >= transfer.BATCH:
                        db.cursor().executemany(sql, batch)
                        n, batch = n + len(batch), []
                db.cursor().executemany(sql, batch)
                got[table] = n + len(batch)
        db.execute_sql("INSERT INTO search_fts (rowid, body) SELECT id, body FROM search_doc")
        db.execute_sql("INSERT INTO tm_fts (rowid, vi_body, zh_body) SELECT id, vi_body, zh_body FROM tm_unit")
        transfer._advance_sequences(db)
        if got != manifest["tables"]:
            raise BackupError(_("{file} is incomplete: its row counts do not match its manifest").format(file=file))
    return got
