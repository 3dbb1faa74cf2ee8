"""A private PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder, on a free port.

As pytest-postgresql and testing.postgresql do, without either: one cluster per test session,
a migrated template database made once, and every test's database copied from it
(``CREATE DATABASE … TEMPLATE``, a file copy: no migration per test). PostgreSQL refuses to
run as root, so under root the cluster belongs to ``nobody``. Without PostgreSQL (``initdb`` not
found) the tests that need it are skipped with a message; on CI (``CI=true``) they fail instead:
CI must run them (``scripts/setup.sh`` installs ``postgresql-15``).
"""
from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    pass


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return versions[-1] if versions else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """``with Cluster() as c: c.url("name")``; :meth:`new_database` copies the template."""

    def __init__(self, parent: str | None = None) -> None:
        self.initdb, self.pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise ClusterUnavailable("PostgreSQL is not installed (initdb, pg_ctl not found): "
                                     "apt-get install postgresql-15, or run scripts/setup.sh test")
        self.root = Path(tempfile.mkdtemp(prefix="bd-pg-", dir=parent))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb and postgres refuse root: the cluster belongs to nobody
            shutil.chown(self.root, "nobody", "nogroup")
            self.as_user = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        self._n = itertools.count(1)
        self.running = False

    def _run(self, *cmd: str) -> None:
        proc = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True, timeout=120, cwd=self.root)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterUnavailable(f"{Path(cmd[0]).name} failed: {proc.stderr.strip()[-1500:]} {tail}")

    def start(self, durable: bool = False) -> "Cluster":
        """*durable*: a commit waits for the disk, as SQLite's ``synchronous=full`` does (the
        benchmarks); the tests skip that wait."""
        self._run(self.initdb, "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust",
                  "-U", "postgres", "--no-sync")
        tuning = "-c shared_buffers=256MB " if durable else \
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {tuning}-c max_connections=60"
        self._run(self.pg_ctl, "-D", str(self.data), "-o", opts, "-l", str(self.root / "server.log"), "-w",
                  "-t", "60", "start")
        self.running = True
        atexit.register(self.stop)  # a session that ends without its teardown (-x, Ctrl+C) leaves no server
        return self

    def stop(self) -> None:
        if self.running:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (a copy of *template* when given); returns its name."""
        name = f"bd_test_{os.getpid()}_{next(self._n)}"
        self.sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def __enter__(self) -> "Cluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
