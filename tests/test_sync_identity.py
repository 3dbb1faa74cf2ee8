"""Identity: the fingerprint covers code, kind and keys; a changed kind or code needs --replace; all audited."""
from __future__ import annotations

import base64
import json
import subprocess
import sys
import os

import pytest
from sync_sites import Site, enrol
from test_sync_authority import province  # noqa: F401  (fixture)

from borderdesk import i18n
from borderdesk.domain.errors import BorderDeskError
from borderdesk.store.models import DB
from borderdesk.sync import keys, sites
from borderdesk.sync.sites import _canonical, printable
from borderdesk.trust import audit


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def resigned(site: Site, tmp_path, **changes):
    """*site*'s identity file, changed and re-signed with its own keys (what finding 6 did)."""
    path = site.identity()
    ident = json.loads(path.read_text())
    ident.update(changes)
    ident.pop("signature")
    site.use()
    ident["signature"] = base64.b64encode(keys.sign(_canonical(ident))).decode()
    out = tmp_path / f"{site.code}-{'-'.join(changes)}.identity.json"
    out.write_text(json.dumps(ident, ensure_ascii=False))
    return out


def peers():
    return DB.execute_sql("SELECT code, kind, sign_public, fingerprint FROM sync_peer ORDER BY code").fetchall()


def test_a_post_resigning_itself_as_headquarters_is_refused_without_replace(province, tmp_path):
    """Finding 6: PA's keys with kind=headquarters: refused, and the fingerprint read by phone changes."""
    hq, pa, _pb, _call = province
    fake = resigned(pa, tmp_path, kind="headquarters")
    hq.use()
    before, trail = peers(), audit.count()
    peer = sites.read_identity(fake)
    assert peer.fingerprint != sites.get_peer("PA").fingerprint
    with pytest.raises(BorderDeskError, match="enrolled as post, and this file says headquarters"):
        sites.enrol(peer)
    assert peers() == before and audit.count() == trail
    # The same keys under another code are refused too.
    other = resigned(pa, tmp_path, code="PZ")
    hq.use()
    with pytest.raises(BorderDeskError, match="already enrolled as site PA, not PZ"):
        sites.enrol(sites.read_identity(other))
    assert peers() == before
    # With --replace (after the phone call) it is accepted, and the trail says so.
    hq.use()
    sites.enrol(peer, replace=True)
    assert sites.get_peer("PA").kind == "headquarters"
    [entry] = [e for e in audit.list_entries() if e["action"] == "site_replace"]
    assert "PA" in entry["detail"] and peer.fingerprint in entry["detail"]


def test_every_enrolment_is_in_the_audit_trail(tmp_path):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters")
    pl = Site(tmp_path, "PL", "Đồn Pha Long")
    enrol(pl, hq)
    hq.use()
    fp = sites.get_peer("PL").fingerprint
    assert [e["detail"] for e in audit.list_entries() if e["action"] == "site_enrol"] == [f"site PL enrolled ({fp})"]
    enrol(pl, hq)  # the same file again: nothing new
    assert len([e for e in audit.list_entries() if e["action"] == "site_enrol"]) == 1


@pytest.mark.parametrize("code", ["P A", "P%", "P" * 500, "", "Đồn"])
def test_codes_follow_the_rule_of_init(province, tmp_path, code):
    hq, pa, _pb, _call = province
    bad = resigned(pa, tmp_path, code=code)
    hq.use()
    before = peers()
    with pytest.raises(BorderDeskError):
        sites.enrol(sites.read_identity(bad))
    assert peers() == before


def test_names_are_printed_with_control_and_bidi_characters_escaped(province, tmp_path):
    hq, pa, _pb, _call = province
    evil = resigned(pa, tmp_path, code="PE", name_vi="Đồn \x1b[31mĐỏ\u202e gnaL")
    assert printable("Đồn \x1b[31mĐỏ\u202e gnaL") == "Đồn \\u001b[31mĐỏ\\u202e gnaL"
    hq.use()
    DB.close()
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(hq.path), "site", "add", str(evil),
                           "--replace"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout and "\\u202e" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(hq.path), "site", "list"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert "\x1b" not in proc.stdout and "\\u001b[31m" in proc.stdout
