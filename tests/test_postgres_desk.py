"""The desk on a headquarters' PostgreSQL database: opened from --db or the remembered setting, no lock file."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.test_postgres import cli


def test_the_desk_opens_a_server_database_and_remembers_it(pg_cluster, qtbot, monkeypatch, own_settings):
    from borderdesk.ui import settings as ui_settings
    from borderdesk.ui.app import open_desk
    from borderdesk.ui.desk_db import DATABASE_KEY, database_path

    url = pg_cluster.url(pg_cluster.new_database())
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    app = QApplication.instance()
    assert open_desk(app, "mysql://root@localhost/bd") is None
    assert "mysql:// databases are not supported" in said[-1]
    assert open_desk(app, url) is None and "has no headquarters yet" in said[-1]  # init first
    cli(url, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP Lào Cai", "--headquarters")
    cli(url, "demo")
    window = open_desk(app, url, "vi")
    assert window is not None
    qtbot.addWidget(window)
    assert ui_settings.value(DATABASE_KEY) == url and database_path() == database_path(url)
    assert not list(own_settings.parent.rglob("*.lock"))  # several analysts at once: no lock file
    window.close()
