"""Fixtures every test may use: a fresh real SQLite file per test, a post's database.

Keep this file small and additive: fixtures for one area belong in that area's test module
(or a ``conftest.py`` in a sub-folder) unless several areas need them.
"""
from __future__ import annotations

import os
from pathlib import Path

# Before anything imports Qt: widgets render offscreen, no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from borderdesk import i18n  # noqa: E402
from borderdesk.services import session, site  # noqa: E402
from borderdesk.app import open_database  # noqa: E402
from borderdesk.store.connection import close_db  # noqa: E402

_INITIAL_SESSION = dict(session._shared)


def pytest_sessionstart(session) -> None:  # noqa: ARG001
    """The catalog of Qt's own strings in Vietnamese is compiled at set-up; a checkout made
    before it existed compiles it here (the language switch refuses to run without it)."""
    from borderdesk.resources import translations_dir

    qt_dir = translations_dir() / "qt"
    if any(not ts.with_suffix(".qm").exists() for ts in qt_dir.glob("*.ts")):
        import importlib.util
        from pathlib import Path

        import sys

        spec = importlib.util.spec_from_file_location("i18n_script", Path(__file__).parent.parent / "scripts" / "i18n.py")
        tool = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = tool  # dataclasses look their module up there
        spec.loader.exec_module(tool)
        tool.compile_qt_catalogs(quiet=True)
_INITIAL_LANGUAGE = i18n.current_language()

#: The post the fixtures set up (a real one: ../shared/domain/places.tsv).
POST_CODE = "PL"
POST_NAME_VI = "Đồn Biên phòng Pha Long"
POST_PROVINCE = "Lào Cai"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """No test sees another's open database, site, user or language, or the user's real files."""
    home = tmp_path_factory.mktemp("home")
    # platformdirs and QSettings follow these: the default database and the GUI's settings
    # land in a temporary folder, never in the real home of whoever runs the tests.
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("BORDERDESK_DB", raising=False)
    monkeypatch.setenv("BORDERDESK_SETTINGS", str(home / "settings.ini"))  # the desk's own settings
    # Tests read the English source strings unless they choose a language themselves;
    # the commands they run in a subprocess inherit the same choice.
    monkeypatch.setenv("BORDERDESK_LANG", "en")
    i18n.set_language("en")
    yield
    close_db()
    session._shared.clear()
    session._shared.update(_INITIAL_SESSION)
    i18n.set_language(_INITIAL_LANGUAGE)


@pytest.fixture
def db_path(tmp_path):
    """Where a test's database file goes (not created yet)."""
    return tmp_path / "borderdesk.sqlite"


@pytest.fixture
def db(db_path):
    """A fresh, migrated database with a session open on it (no post yet)."""
    database = open_database(db_path)
    session.open_session()
    yield database
    close_db()


@pytest.fixture
def post_db(db_path):
    """A fresh database set up for the border post PL, with its session open."""
    database = open_database(db_path)
    site.init_site(code=POST_CODE, name_vi=POST_NAME_VI, province=POST_PROVINCE)
    session.open_session()
    yield database
    close_db()



# --- the desk ---------------------------------------------------------------------------


@pytest.fixture
def own_settings():
    """The desk's settings file of this test (every test has its own: see ``_isolated``)."""
    return Path(os.environ["BORDERDESK_SETTINGS"])


@pytest.fixture
def hekou(post_db):
    """A counterpart unit across the border from Pha Long."""
    from borderdesk.services import registry

    return registry.create("counterpart", {"name_vi": "Trạm Biên phòng Hà Khẩu", "name_zh": "河口边境派出所",
                                           "unit_type": "border_police_station"})


@pytest.fixture
def window(post_db, own_settings, qtbot):
    from borderdesk import i18n
    from borderdesk.ui.app import create_main_window

    i18n.set_language("en")  # the assertions read English; the conftest puts the language back
    from borderdesk.ui.signals import reset_bridge
    from tests.ui_helpers import discard_unsaved_edits

    reset_bridge()

    w = create_main_window()
    # pytest-qt closes the window before fixtures end: edits a test left unsaved are discarded
    # without a question (a test of the question sets its own answer), pages built later too
    discard_unsaved_edits(w)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    yield w
    w.close()
    from borderdesk.ui.worker import wait_for_all

    wait_for_all()  # the dashboard's and the navigation's readers finish before the database closes
    reset_bridge()


# --- a headquarters on PostgreSQL (tests/pg_cluster.py) -----------------------------------


@pytest.fixture(scope="session")
def pg_cluster():
    """One private PostgreSQL cluster for the whole session, with a migrated template database.
    Skipped (with the reason) where PostgreSQL is not installed; a failure on CI (CI=true)."""
    from tests.pg_cluster import Cluster, ClusterUnavailable

    try:
        cluster = Cluster().start()
    except ClusterUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs the PostgreSQL tests: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        cluster.sql('CREATE DATABASE "bd_template"')
        open_database(cluster.url("bd_template"))  # the schema once; each test copies it
        close_db()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster):
    """A fresh, migrated PostgreSQL database of this test (a copy of the template), as a URL."""
    name = pg_cluster.new_database(template="bd_template")
    yield pg_cluster.url(name)
    close_db()
    pg_cluster.drop(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    """The same test on both backends: a database file's path, or a server database's URL."""
    if request.param == "sqlite":
        return tmp_path / "borderdesk.sqlite"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def another_db(request, any_db, tmp_path):
    """``another_db("hq")``: one more database on the backend of ``any_db`` (a file beside it, or
    another copy of the template on the same server), for a test with several sites."""
    made: list[str] = []

    def make(name: str):
        if request.node.callspec.params["any_db"] == "sqlite":
            return tmp_path / f"{name}.sqlite"
        cluster = request.getfixturevalue("pg_cluster")
        made.append(cluster.new_database(template="bd_template"))
        return cluster.url(made[-1])

    yield make
    close_db()
    for name in made:
        request.getfixturevalue("pg_cluster").drop(name)
