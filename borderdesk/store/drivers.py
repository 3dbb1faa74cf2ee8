"""peewee without the PostgreSQL driver until a server database is made.

peewee imports every database driver it finds when it is itself first imported. psycopg (the
driver of headquarters' PostgreSQL server) takes 0.1 s on an idle machine and 0.5 s on a busy
one, and everything a post's laptop opens is a SQLite file: the program's entry points (the
command line, the desk, the frozen app) call :func:`import_peewee` before anything imports
peewee, which then sees no PostgreSQL driver; :func:`load_server_driver` hands psycopg to
peewee the moment a ``PostgresqlDatabase`` (or a subclass) is made, exactly as peewee's own
import would have (``peewee.psycopg``, its JSON types and the adapter's transaction states).
A program that imported peewee before (the tests) has the driver already; nothing changes then.
"""
from __future__ import annotations

import importlib.util
import sys

#: the PostgreSQL drivers peewee looks for at import
_SERVER_DRIVERS = ("psycopg2cffi", "psycopg2", "psycopg")


def import_peewee():
    """peewee, imported now without the server drivers when it was not imported yet."""
    if "peewee" in sys.modules:
        return sys.modules["peewee"]
    kept = {name: sys.modules[name] for name in _SERVER_DRIVERS if name in sys.modules}
    for name in _SERVER_DRIVERS:
        sys.modules[name] = None  # ``import psycopg`` raises ImportError: peewee notes no driver
    try:
        import peewee
    finally:
        for name in _SERVER_DRIVERS:
            del sys.modules[name]
        sys.modules.update(kept)
    if peewee.psycopg is None and peewee.psycopg2 is None:
        init = peewee.PostgresqlDatabase.init

        def init_with_driver(self, *args, **kwargs):
            load_server_driver()
            return init(self, *args, **kwargs)

        peewee.PostgresqlDatabase.init = init_with_driver
    return peewee


def load_server_driver() -> bool:
    """Give peewee psycopg (3) if it is installed and peewee has no driver yet; True once it has one."""
    import peewee

    if peewee.psycopg is not None or peewee.psycopg2 is not None:
        return True
    if importlib.util.find_spec("psycopg") is None:
        return False  # peewee says "driver not found" when the database is used, as it would have
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    return True
