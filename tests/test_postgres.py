"""A headquarters on PostgreSQL: what ``--db`` accepts, and the same services on both backends."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from borderdesk.app import database_target, open_database
from borderdesk.domain.errors import SetupError
from borderdesk.services import records, session, site
from borderdesk.store import target


ROOT = Path(__file__).resolve().parent.parent


def bd(db, *args, ok=True, cwd=None):
    env = {**os.environ, "BORDERDESK_LANG": "en", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=180, cwd=cwd)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_db_values_are_a_file_a_server_or_refused(tmp_path):
    assert database_target(str(tmp_path / "a.sqlite")) == tmp_path / "a.sqlite"
    url = database_target("postgresql://hq@db.bdbp.vn:5432/national")
    assert isinstance(url, target.ServerUrl) and url.name == "national"
    assert str(database_target("postgres://hq:secret@db:5432/national")) == "postgres://hq:***@db:5432/national"
    for bad in ("mysql://root@localhost/bd", "http://example.com/db", "sqlite://x/y"):
        with pytest.raises(SetupError, match="databases are not supported"):
            database_target(bad)
    with pytest.raises(SetupError, match="names its database"):
        database_target("postgresql://hq@db:5432/")


def test_an_unsupported_scheme_is_refused_in_one_line_and_nothing_is_made(tmp_path):
    proc = bd("mysql://root@localhost/bd", "init", "--code", "HQ", "--name", "x", "--headquarters", ok=False,
              cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "mysql:// databases are not supported" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # no folder named mysql:


def test_a_server_that_cannot_be_reached_is_one_line(tmp_path):
    from tests.pg_cluster import _free_port

    proc = bd(f"postgresql://nobody@127.0.0.1:{_free_port()}/none", "stats", "--from", "2025-01-01",
              "--to", "2025-12-31", ok=False)
    assert proc.returncode == 1 and "cannot open the PostgreSQL database" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0, proc.stderr


def test_records_and_search_work_on_both_backends(any_db, monkeypatch):
    open_database(any_db)
    site.init_site(code="PL", name_vi="Đồn Biên phòng Pha Long", province="Lào Cai")
    session.open_session()
    rec = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming",
                                          "subject_vi": "Trao đổi tình hình biên giới", "subject_zh": "交换边境情况"})
    assert records.get("hotline_call", rec.uuid).subject_zh == "交换边境情况"
    assert [r.uuid for r in records.list_records("hotline_call", text="tinh hinh")] == [rec.uuid]
    assert [r.uuid for r in records.list_records("hotline_call", text="边境")] == [rec.uuid]
    assert records.count("hotline_call", text="bien gioi") == 1
    assert records.count("hotline_call", text="情况交") == 0
    for day in range(1, 6):
        records.create("hotline_call", {"date": f"2025-04-0{day}", "direction": "outgoing"})
    whole = [r.uuid for r in records.list_records("hotline_call", limit=None)]
    monkeypatch.setattr(records, "DEEP_OFFSET", 2)  # a page far down the list: read in two steps
    assert [r.uuid for r in records.list_records("hotline_call", offset=2, limit=3)] == whole[2:5]
    records.delete("hotline_call", rec.uuid)
    assert records.count("hotline_call") == 5 and records.count("hotline_call", deleted=True) == 1


def test_init_on_a_server_needs_headquarters(pg_cluster):
    url = pg_cluster.url(pg_cluster.new_database())
    proc = cli(url, "init", "--code", "HQ", "--name", "Bộ Tư lệnh", ok=False)
    assert proc.returncode == 1 and "--headquarters" in proc.stderr
    out = bd(url, "init", "--code", "HQ", "--name", "Bộ Tư lệnh BĐBP", "--headquarters")  # the real executable
    assert "Created headquarters HQ" in out.stdout and "pg_hba.conf" in out.stderr
    assert "already set up" in cli(url, "init", "--code", "HQ", "--name", "x", "--headquarters", ok=False).stderr
    assert stats(url)["cases"]["count"] == 0


ADD = r'''
import sys
from borderdesk.app import open_database
from borderdesk.services import session, records
open_database(sys.argv[1]); session.open_session()
for i in range(int(sys.argv[2])):
    records.create("case", {"date": "2025-04-02", "category": "smuggling", "persons": i + 1})
records.create("handover", {"date": "2025-04-03", "direction": "received", "persons": 1}, [{"name": "Lý Văn A"}])
'''

PERIOD = ("--from", "2020-01-01", "--to", "2030-12-31")


class _Ran:
    def __init__(self, code, stdout, stderr):
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


def cli(db, *args, ok=True):
    """One command through the command line's entry point, in this process (a subprocess costs
    a second and a half of imports; :func:`bd` runs the real executable where that matters)."""
    import contextlib
    import io

    from borderdesk.cli import main
    from borderdesk.store.connection import close_db

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args])
    close_db()
    if ok:
        assert code == 0, err.getvalue()
    return _Ran(code, out.getvalue(), err.getvalue())


def stats(db, *extra):
    return json.loads(cli(db, "stats", *PERIOD, *extra, "--json").stdout)


def _sum(a, b):
    if isinstance(a, dict):
        return {k: _sum(a.get(k, 0 if not isinstance(b.get(k), dict) else {}),
                        b.get(k, 0 if not isinstance(a.get(k), dict) else {})) for k in set(a) | set(b)}
    return a + b


def test_two_posts_merged_at_a_postgresql_headquarters_through_the_cli(pg_cluster, tmp_path):
    """The real-scale scenario: two posts' three years (the demo), their bundles merged at a
    headquarters on PostgreSQL; stats are the sum of the posts'; a bundle carried twice and one
    arriving before its predecessor change nothing; every command headquarters uses works there."""
    hq = pg_cluster.url(pg_cluster.new_database())
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    cli(hq, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP Lào Cai", "--headquarters")
    cli(a, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--no-encryption")
    cli(b, "init", "--code", "BX", "--name", "Đồn Biên phòng Bát Xát", "--no-encryption")
    cli(hq, "site", "key", "--out", str(tmp_path / "hq.json"))
    for post, code in ((a, "PL"), (b, "BX")):
        cli(post, "site", "key", "--out", str(tmp_path / f"{code}.json"))
        cli(hq, "site", "add", str(tmp_path / f"{code}.json"))
        cli(post, "site", "add", str(tmp_path / "hq.json"))
        cli(post, "demo")
    a1, a2, b1 = tmp_path / "a1.bdsync", tmp_path / "a2.bdsync", tmp_path / "b1.bdsync"
    cli(a, "bundle", "export", "--to", "LC", "--out", str(a1))
    subprocess.run([sys.executable, "-c", ADD, str(a), "2"], check=True, timeout=60, cwd=ROOT)
    cli(a, "bundle", "export", "--to", "LC", "--out", str(a2))
    cli(b, "bundle", "export", "--to", "LC", "--out", str(b1))
    assert "Dry run" in cli(hq, "bundle", "import", str(b1), "--dry-run").stdout
    assert stats(hq)["cases"]["count"] == 0  # a dry run writes nothing
    cli(hq, "bundle", "import", str(a2))  # before a1: out of order
    cli(hq, "bundle", "import", str(b1))
    cli(hq, "bundle", "import", str(a1))
    sa, sb, shq = stats(a), stats(b), stats(hq)
    assert sa["cases"]["count"] > 50 and sb["talks"]["count"] > 10
    assert shq == _sum(sa, sb)
    assert stats(hq, "--post", "BX") == sb and stats(hq, "--post", "PL") == sa
    for again in (b1, a2):  # carried twice: nothing changes
        cli(hq, "bundle", "import", str(again))
    assert stats(hq) == shq
    assert json.loads(bd(hq, "stats", *PERIOD, "--json").stdout) == shq  # the installed command, too
    listing = {r["code"]: r for r in json.loads(cli(hq, "site", "list", "--json").stdout)}
    assert listing["PL"]["last_bundle_received"] == 2 and listing["BX"]["last_bundle_received"] == 1
    # the other commands of a headquarters, on the server
    cases = json.loads(cli(hq, "list", "--kind", "case", *PERIOD, "--json").stdout)
    assert len(cases) == shq["cases"]["count"]
    assert json.loads(cli(hq, "show", cases[0]["id"]).stdout or "{}") or True
    assert "no open conflicts" in cli(hq, "conflicts", "list").stdout.lower() or cli(hq, "conflicts", "list").stdout
    cli(hq, "audit", "verify")
    cli(hq, "check")
    pdf = tmp_path / "year.pdf"
    cli(hq, "report", "summary", *PERIOD, "--lang", "vi+zh", "--out", str(pdf))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    out = tmp_path / "cases.csv"
    cli(hq, "export", str(out), "--kind", "case", *PERIOD)
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == shq["cases"]["count"] + 1


#: What officers type: Vietnamese without its accents (and with them), Chinese words, one Chinese
#: character (a prefix), a word's beginning, digits, both languages at once.
PARITY_QUERIES = ("bien phong", "hoi dam", "tuan tra chung", "ban giao", "Đồn", "dong y", "trao doi tinh hinh",
                  "quy", "d", "ng", "2024", "thang 4", "边境", "会谈", "交换", "巡逻", "边", "情况", "hoi dam 会谈",
                  "lao cai 河口", "xyzzy", "民")


def _search_everything(target, today):
    import datetime as dt

    from borderdesk.services import demo
    from borderdesk.store import search_index
    from borderdesk.store.connection import close_db
    from borderdesk.store.models import DB

    open_database(target)
    site.init_site(code="PL", name_vi="Đồn Biên phòng Pha Long", province="Lào Cai", kind="headquarters")
    session.open_session()
    demo.fill_demo(today=dt.date.fromisoformat(today))
    got = {}
    for q in PARITY_QUERIES:
        hits = search_index.search(DB, q, limit=100_000)
        got[q] = [(h["kind"], h["date"], h["text"]) for h in hits]
        got[q + " (list)"] = sorted((r.date.isoformat(), r.subject_vi)
                                    for r in records.list_records("hotline_call", text=q, limit=None))
        got[q + " (count)"] = records.count("talks", text=q)
    close_db()
    return got


def test_search_finds_the_same_records_on_both_backends(tmp_path, pg_url):
    """The same three years of a post on SQLite (FTS5) and on PostgreSQL (unaccent + the same
    Chinese bigrams in a GIN-indexed tsvector): every query finds the same records, newest first."""
    on_sqlite = _search_everything(tmp_path / "same.sqlite", "2025-06-30")
    on_server = _search_everything(pg_url, "2025-06-30")
    assert len(on_sqlite["bien phong"]) > 50 and len(on_sqlite["边境"]) > 20  # the queries do find things
    assert on_sqlite["xyzzy"] == []
    for q in on_sqlite:
        assert on_server[q] == on_sqlite[q], q


ODD = ("bien-phong", "k12", "a_b", "\"quoted\"", "100%", "it's", "(", "*", "đ", "AND", "OR x", "NEAR", "phồng")


def _odd_hits(target):
    from borderdesk.store import search_index
    from borderdesk.store.connection import close_db
    from borderdesk.store.models import DB

    open_database(target)
    site.init_site(code="PL", name_vi="Đồn Pha Long", kind="headquarters")
    session.open_session()
    records.create("letter", {"date": "2025-03-14", "direction": "incoming",
                              "subject_vi": "Biên-phòng K12 a_b \"quoted\" 100% it's đ and or near"})
    got = {t: [(h["kind"], h["text"]) for h in search_index.search(DB, t)] for t in ODD}
    close_db()
    return got


def test_odd_queries_find_the_same_on_both_backends_and_never_break(tmp_path, pg_url):
    on_sqlite, on_server = _odd_hits(tmp_path / "odd.sqlite"), _odd_hits(pg_url)
    assert on_sqlite["k12"] and on_sqlite["bien-phong"] and on_sqlite["(" ] == []
    for t in ODD:
        assert on_server[t] == on_sqlite[t], t


def test_the_commands_work_the_same_on_both_backends(any_db, tmp_path):
    """init, demo, list, show, search, stats, export/import, delete/restore, user, audit, conflicts, check."""
    cli(any_db, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP Lào Cai", "--headquarters", "--no-encryption")
    cli(any_db, "demo")
    s = stats(any_db)
    assert s["talks"]["count"] > 10
    letters = json.loads(cli(any_db, "list", "--kind", "letter", *PERIOD, "--json").stdout)
    assert len(letters) == s["letters"]["count"]
    one = letters[0]["id"]
    assert one in cli(any_db, "show", one).stdout
    assert json.loads(cli(any_db, "search", "cong van", "--json").stdout)
    csv = tmp_path / "letters.csv"
    cli(any_db, "export", str(csv), "--kind", "letter", *PERIOD)
    cli(any_db, "delete", one)
    assert stats(any_db)["letters"]["count"] == s["letters"]["count"] - 1
    cli(any_db, "restore", one)
    cli(any_db, "import", str(csv), "--kind", "letter")  # its id column updates the same letters
    assert stats(any_db) == s
    cli(any_db, "audit", "verify")
    assert json.loads(cli(any_db, "audit", "list", "--json").stdout)
    cli(any_db, "conflicts", "list")
    os.environ["BORDERDESK_NEW_PASSWORD"] = "correct horse battery"
    try:
        cli(any_db, "user", "add", "analyst", "--role", "administrator")
    finally:
        del os.environ["BORDERDESK_NEW_PASSWORD"]
    os.environ.update(BORDERDESK_USER="analyst", BORDERDESK_PASSWORD="correct horse battery")
    try:
        assert "analyst" in cli(any_db, "user", "list").stdout
        cli(any_db, "check")
    finally:
        del os.environ["BORDERDESK_USER"], os.environ["BORDERDESK_PASSWORD"]


def test_migrate_to_moves_a_headquarters_and_the_bundles_continue(pg_cluster, tmp_path):
    hq, a = tmp_path / "hq.sqlite", tmp_path / "a.sqlite"
    cli(hq, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP Lào Cai", "--headquarters", "--no-encryption")
    cli(a, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--no-encryption")
    cli(hq, "site", "key", "--out", str(tmp_path / "hq.json"))
    cli(a, "site", "key", "--out", str(tmp_path / "pl.json"))
    cli(hq, "site", "add", str(tmp_path / "pl.json"))
    cli(a, "site", "add", str(tmp_path / "hq.json"))
    cli(a, "demo")
    cli(a, "bundle", "export", "--to", "LC", "--out", str(tmp_path / "a1.bdsync"))
    cli(hq, "bundle", "import", str(tmp_path / "a1.bdsync"))
    before = stats(hq)
    assert before == stats(a)
    server = pg_cluster.url(pg_cluster.new_database())
    assert "only a headquarters" in cli(a, "migrate-to", server, ok=False).stderr
    assert "not supported" in cli(hq, "migrate-to", "mysql://x@y/z", ok=False).stderr
    moved = json.loads(cli(hq, "migrate-to", server, "--json").stdout)
    assert moved["tables"]["sync_seen"] > 500 and moved["stats"] == before
    assert stats(server) == before and stats(server, "--post", "PL") == stats(a)
    assert "already holds a site" in cli(hq, "migrate-to", server, ok=False).stderr
    cli(server, "audit", "verify")  # the copied trail still chains
    # the post goes on as before: its next bundle is number 2, and the server takes it without a gap
    subprocess.run([sys.executable, "-c", ADD, str(a), "2"], check=True, timeout=60, cwd=ROOT)
    cli(a, "bundle", "export", "--to", "LC", "--out", str(tmp_path / "a2.bdsync"))
    cli(server, "bundle", "import", str(tmp_path / "a2.bdsync"))
    assert stats(server) == stats(a) != before
    pl = {r["code"]: r for r in json.loads(cli(server, "site", "list", "--json").stdout)}["PL"]
    assert pl["last_bundle_received"] == 2 and not pl.get("missing_bundles"), pl
    # and headquarters' own bundle back to the post continues the numbering it had on SQLite
    cli(server, "bundle", "export", "--to", "PL", "--out", str(tmp_path / "hq1.bdsync"))
    cli(a, "bundle", "import", str(tmp_path / "hq1.bdsync"))


def test_writers_take_turns_and_readers_never_wait(pg_url):
    """Two write transactions on the server (two analysts saving, two bundle imports) serialise on the
    writers' advisory lock, as SQLite's BEGIN IMMEDIATE makes them; a query outside one does not wait."""
    import threading
    import time

    from borderdesk.store.models import DB

    open_database(pg_url)
    site.init_site(code="LC", name_vi="Bộ Chỉ huy", kind="headquarters")
    session.open_session()
    holding, times = threading.Event(), {}

    def first():
        with DB.atomic():
            records.create("case", {"date": "2025-04-02", "category": "smuggling", "persons": 1})
            holding.set()
            time.sleep(0.6)
            times["first_done"] = time.monotonic()
        DB.close()

    def second():
        holding.wait(10)
        with DB.atomic():
            times["second_in"] = time.monotonic()
            records.create("case", {"date": "2025-04-03", "category": "smuggling", "persons": 2})
        DB.close()

    def reader():
        holding.wait(10)
        t0 = time.monotonic()
        times["read"] = records.count("case")
        times["read_took"] = time.monotonic() - t0
        DB.close()

    threads = [threading.Thread(target=f) for f in (first, second, reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert times["second_in"] >= times["first_done"]  # the second writer waited for the first
    assert times["read_took"] < 0.4 and times["read"] == 0  # the reader did not, and saw only what was committed
    seqs = [r.seq for r in records.list_records("case", limit=None)]
    assert len(set(seqs)) == 2  # each write took its own sequence number


def test_a_server_backup_restores_into_a_new_database(pg_cluster, tmp_path):
    """pg_dump's backup and BorderDesk's own export (a machine without pg_dump) each restore into a
    new database with the same stats, search and audit trail; never over a live one."""
    from borderdesk.store.connection import close_db
    from borderdesk.store.models import DB
    from borderdesk.trust import server_backup

    url = pg_cluster.url(pg_cluster.new_database())
    cli(url, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP Lào Cai", "--headquarters")
    cli(url, "demo")
    before = stats(url)
    cli(url, "backup", "--to", str(tmp_path))
    dumped = next(tmp_path.glob("*.dump"))
    open_database(url)
    exported = server_backup.make(DB.obj, target.parse(url), tmp_path, logical=True)
    close_db()
    assert exported.suffix == ".bdexport"
    for made in (dumped, exported):
        fresh = pg_cluster.url(pg_cluster.new_database())
        assert "Restored" in cli(fresh, "restore", str(made)).stdout
        assert stats(fresh) == before
        assert json.loads(cli(fresh, "search", "bien phong", "--json").stdout)  # the index came back too
        cli(fresh, "audit", "verify")
        assert "not empty" in cli(url, "restore", str(made), ok=False).stderr  # never over a live database


def test_borderdesk_db_in_the_environment_may_name_a_server(monkeypatch, tmp_path):
    from types import SimpleNamespace

    from borderdesk.cli.common import db_path

    monkeypatch.setenv("BORDERDESK_DB", "postgresql://hq@db:5432/national")
    assert db_path(SimpleNamespace(db=None)) == target.ServerUrl("postgresql://hq@db:5432/national")
    assert db_path(SimpleNamespace(db=str(tmp_path / "a.sqlite"))) == tmp_path / "a.sqlite"  # --db first
    monkeypatch.setenv("BORDERDESK_DB", "mysql://x/y")
    with pytest.raises(SetupError):
        db_path(SimpleNamespace(db=None))
