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


def test_open_database_takes_a_file_or_a_server_and_refuses_other_schemes(window, monkeypatch, tmp_path, own_settings):
    from borderdesk.ui import settings as ui_settings
    from borderdesk.ui.database_dialog import OpenDatabaseDialog, restart_arguments
    from borderdesk.ui.desk_db import DATABASE_KEY

    d = OpenDatabaseDialog(window)
    d.field.setText("mysql://root@localhost/bd")
    d.accept()
    assert d.result() == 0 and "mysql:// databases are not supported" in d.error.text()
    d.field.setText(str(tmp_path / "none.sqlite"))
    d.accept()
    assert d.result() == 0 and "no database file" in d.error.text()
    d.field.setText("postgresql://hq@db.bdbp.vn:5432/national")
    d.accept()
    assert d.result() == 1 and d.chosen == "postgresql://hq@db.bdbp.vn:5432/national"
    # the main window's File ▸ Open database…: remembered, and BorderDesk asked to start again on it
    chosen = "postgresql://hq@db.bdbp.vn:5432/national"
    monkeypatch.setattr(OpenDatabaseDialog, "exec", lambda self: setattr(self, "chosen", chosen) or 1)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    window.act_open_db.trigger()
    assert ui_settings.value(DATABASE_KEY) == chosen and "national" in asked[0]
    assert restart_arguments(["--lang", "vi", "--db", "old.sqlite"], chosen) == ["--lang", "vi", "--db", chosen]
