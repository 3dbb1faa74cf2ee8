"""Several sites in one test process: each a SQLite file (or, given *db*, a PostgreSQL URL), switched in turn.

``init_db`` rebinds the global database proxy and ``open_session`` reloads the
site identity, so ``site.use()`` makes that site the one every service writes to.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from borderdesk.services import session
from borderdesk.services import site as site_service
from borderdesk.store import models as m
from borderdesk.app import open_database
from borderdesk.store.models import DB
from borderdesk.sync import exporter, importer, sites
from borderdesk.sync.tables import TABLES

_counter = itertools.count(1)


class Site:
    def __init__(self, folder: Path, code: str, name: str | None = None, kind: str = "post",
                 db: Path | str | None = None):
        """*db*: where the site's database lives (conftest's ``any_db``: a file, or a headquarters
        on a PostgreSQL server); a file ``CODE.sqlite`` in *folder* by default."""
        self.folder = Path(folder)
        self.code = code
        self.kind = kind
        self.path = db if db is not None else self.folder / f"{code}.sqlite"
        open_database(self.path)
        session.open_session(user=f"officer.{code.lower()}")
        site_service.init_site(code, name or f"Đồn {code}", "", kind, "Lào Cai")

    @classmethod
    def copy_of(cls, other: "Site", folder: Path) -> "Site":
        """The same site in another folder (a copy of its closed database file)."""
        import shutil

        from borderdesk.store.connection import close_db

        close_db()
        new = cls.__new__(cls)
        new.folder, new.code, new.kind = Path(folder), other.code, other.kind
        new.path = new.folder / other.path.name
        shutil.copy(other.path, new.path)
        return new

    def use(self) -> "Site":
        open_database(self.path)
        session.open_session(user=f"officer.{self.code.lower()}")
        return self

    def identity(self) -> Path:
        self.use()
        out = self.folder / f"{self.code}.identity.json"
        sites.write_identity(out)
        return out

    def export_to(self, other: "Site", full: bool = False) -> Path:
        self.use()
        out = self.folder / f"{self.code}-to-{other.code}-{next(_counter)}.bdsync"
        exporter.export_bundle(other.code, out, full=full)
        return out

    def take(self, bundle: Path, **kw) -> importer.Preview:
        self.use()
        return importer.import_bundle(bundle, **kw)

    def carry(self, other: "Site", full: bool = False) -> importer.Preview:
        return other.take(self.export_to(other, full=full))


def enrol(a: Site, b: Site) -> None:
    """The two sites exchange identity files (as done once, by hand)."""
    ida, idb = a.identity(), b.identity()
    a.use()
    sites.enrol(sites.read_identity(idb))
    b.use()
    sites.enrol(sites.read_identity(ida))


def dump(site: Site | None = None) -> dict:
    """Every synced row (children included) as plain tuples, without local sequence numbers."""
    if site is not None:
        site.use()
    out = {}
    for spec in TABLES:
        cols = ", ".join(f'"{c}"' for c in spec.columns)
        rows = DB.execute_sql(f'SELECT {cols} FROM "{spec.table}" ORDER BY uuid').fetchall()
        if spec.child:
            c = spec.child
            ccols = ", ".join(f'"{x}"' for x in c.columns)
            kids = {}
            for r in DB.execute_sql(f'SELECT "{c.fk}", {ccols} FROM "{c.model._meta.table_name}" '
                                    f'ORDER BY "{c.fk}", position, id'):
                kids.setdefault(r[0], []).append(tuple(r[1:]))
            rows = [tuple(r) + (tuple(kids.get(r[0], [])),) for r in rows]
        out[spec.table] = [tuple(r) for r in rows]
    return out


def record_dump(site: Site | None = None) -> dict:
    """Only the records (what a report counts)."""
    return {t: rows for t, rows in dump(site).items() if t in {s.table for s in TABLES if s.is_record}}


def count(model, site: Site | None = None) -> int:
    if site is not None:
        site.use()
    return model.select().where(model.deleted == False).count()  # noqa: E712


__all__ = ["Site", "enrol", "dump", "record_dump", "count", "m"]
