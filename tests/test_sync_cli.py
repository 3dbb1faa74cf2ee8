"""Two posts and their headquarters, made and synced with the command line only."""
from __future__ import annotations

import json
import os
import subprocess
import sys

ADD = r'''
import sys
from borderdesk.app import open_database
from borderdesk.services import session, records
open_database(sys.argv[1]); session.open_session()
for i in range(int(sys.argv[2])):
    records.create("case", {"date": "2025-04-02", "category": "smuggling", "persons": i + 1})
records.create("handover", {"date": "2025-04-03", "direction": "received", "persons": 1}, [{"name": "Lý Văn A"}])
'''


def bd(db, *args):
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def stats(db):
    return json.loads(bd(db, "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--json"))


def test_headquarters_stats_equal_the_sum_of_the_posts(tmp_path):
    hq, a, b = tmp_path / "hq.sqlite", tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    bd(hq, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP Lào Cai", "--headquarters", "--no-encryption")
    bd(a, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--no-encryption")
    bd(b, "init", "--code", "BX", "--name", "Đồn Biên phòng Bát Xát", "--no-encryption")
    bd(hq, "site", "key", "--out", str(tmp_path / "hq.json"))
    for post, code in ((a, "PL"), (b, "BX")):
        out = bd(post, "site", "key", "--out", str(tmp_path / f"{code}.json"))
        fp = out.strip().splitlines()[-1].split(": ")[1]
        assert fp in bd(hq, "site", "add", str(tmp_path / f"{code}.json"))  # the fingerprint read by phone
        bd(post, "site", "add", str(tmp_path / "hq.json"))
    subprocess.run([sys.executable, "-c", ADD, str(a), "2"], check=True, timeout=60)
    a1 = tmp_path / "a1.bdsync"
    bd(a, "bundle", "export", "--to", "LC", "--out", str(a1))
    subprocess.run([sys.executable, "-c", ADD, str(a), "1"], check=True, timeout=60)
    a2 = tmp_path / "a2.bdsync"
    bd(a, "bundle", "export", "--to", "LC", "--out", str(a2))
    subprocess.run([sys.executable, "-c", ADD, str(b), "3"], check=True, timeout=60)
    b1 = tmp_path / "b1.bdsync"
    bd(b, "bundle", "export", "--to", "LC", "--out", str(b1))
    assert "Dry run" in bd(hq, "bundle", "import", str(b1), "--dry-run")
    for f in (a2, b1, a1, b1):  # out of order, and one carried twice
        bd(hq, "bundle", "import", str(f))
    sa, sb, shq = stats(a), stats(b), stats(hq)
    assert shq["cases"]["count"] == sa["cases"]["count"] + sb["cases"]["count"] == 6
    assert shq["cases"]["persons"] == sa["cases"]["persons"] + sb["cases"]["persons"]
    assert shq["handovers"]["persons"] == sa["handovers"]["persons"] + sb["handovers"]["persons"]
    assert stats_post(hq, "BX") == sb
    listing = json.loads(bd(hq, "site", "list", "--json"))
    assert {r["code"]: r["last_bundle_received"] for r in listing} == {"PL": 2, "BX": 1}


def stats_post(db, code):
    return json.loads(bd(db, "stats", "--from", "2025-01-01", "--to", "2025-12-31", "--post", code, "--json"))


def test_site_add_speaks_vietnamese_all_the_way(tmp_path):
    a, hq = tmp_path / "a.sqlite", tmp_path / "hq.sqlite"
    bd(a, "init", "--code", "PL", "--name", "Đồn Biên phòng Pha Long", "--no-encryption")
    bd(hq, "init", "--code", "LC", "--name", "Bộ Chỉ huy Lào Cai", "--headquarters", "--no-encryption")
    bd(a, "site", "key", "--out", str(tmp_path / "pl.json"))
    env = {**os.environ, "BORDERDESK_LANG": "vi"}
    out = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(hq), "--lang", "vi", "site", "add",
                          str(tmp_path / "pl.json")], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Đồn biên phòng" in out.stdout or "đồn biên phòng" in out.stdout.lower(), out.stdout
    assert "post" not in out.stdout.replace("PL", "")
    listed = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(hq), "--lang", "vi", "site", "list"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert "post" not in listed.stdout, listed.stdout
