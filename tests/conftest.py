"""Fixtures every test may use: a fresh real SQLite file per test, a post's database.

Keep this file small and additive: fixtures for one area belong in that area's test module
(or a ``conftest.py`` in a sub-folder) unless several areas need them.
"""
from __future__ import annotations

import os

# Before anything imports Qt: widgets render offscreen, no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from borderdesk import i18n  # noqa: E402
from borderdesk.services import session  # noqa: E402
from borderdesk.store.connection import close_db, init_db  # noqa: E402

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
    database = init_db(db_path)
    session.open_session()
    yield database
    close_db()


@pytest.fixture
def post_db(db_path):
    """A fresh database set up for the border post PL, with its session open."""
    database = init_db(db_path)
    try:
        from borderdesk.services.site import init_site
    except ImportError:
        init_site = None
    if init_site is not None:
        init_site(code=POST_CODE, name_vi=POST_NAME_VI, province=POST_PROVINCE)
    else:
        _make_post(database)
    session.open_session()
    yield database
    close_db()


def _make_post(database) -> None:
    from borderdesk.store.models import Post

    with database.atomic():
        session.set_setting("site_code", POST_CODE)
        session.set_setting("site_kind", "post")
        session.open_session()
        post = Post(code=POST_CODE, name_vi=POST_NAME_VI, province=POST_PROVINCE, kind="post")
        session.stamp(post, new=True)
        post.save(force_insert=True)
