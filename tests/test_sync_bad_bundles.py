"""Bundles damaged, tampered with, misaddressed or malicious: each refused, nothing changes."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile

import pytest
from sync_sites import Site, dump, enrol

from borderdesk import i18n
from borderdesk.domain.errors import BorderDeskError
from borderdesk.services import records
from borderdesk.store.migrations import schema_version
from borderdesk.store.models import DB
from borderdesk.sync import bundle, exporter, sites
from borderdesk.sync.tables import BY_NAME


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the catalogs translate them otherwise)."""
    i18n.set_language("en")


#: A file refused as it is read (its bytes, its zip, its manifest), before any database is touched:
#: the headquarters on SQLite only (the PostgreSQL variant would repeat the same file checks).
FILE_ONLY = pytest.mark.parametrize("any_db", ["sqlite"], indirect=True)


@pytest.fixture
def pair(tmp_path, any_db):
    """Headquarters (on SQLite, and on a PostgreSQL server) and a post with a good bundle for it."""
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters", db=any_db)
    pl = Site(tmp_path, "PL", "Đồn Pha Long")
    enrol(pl, hq)
    pl.use()
    records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Một"})
    pl.carry(hq)
    pl.use()
    records.create("handover", {"date": "2025-03-15", "direction": "received", "persons": 1},
                   [{"name": "Lý Văn A", "sex": "M"}])
    good = pl.export_to(hq)
    return hq, pl, good


def refused(site, path, *words):
    """Import *path* at *site*: must be refused naming the problem, records unchanged."""
    before = dump(site)
    with pytest.raises(BorderDeskError) as info:
        site.take(path)
    msg = str(info.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, msg
    assert dump(site) == before
    logged = DB.execute_sql("SELECT action, message FROM sync_log ORDER BY id DESC LIMIT 1").fetchone()
    assert logged == ("refused", msg)
    return msg


def crafted(pl, hq, tmp_path, files: dict | None = None, raw_zip: bytes | None = None, **manifest_changes):
    """A bundle really signed by PL and encrypted to LC, with content chosen by the test."""
    pl.use()
    manifest = {"format_version": 1, "schema_version": schema_version(), "source": "PL", "source_kind": "post",
                "destination": "LC", "bundle_no": 9, "since_seq": 0, "upto_seq": 1, "ack": {"upto": 0},
                "counts": {}, "tables": {}, **manifest_changes}
    zip_bytes = raw_zip if raw_zip is not None else bundle.build_zip(manifest, files or {})
    out = tmp_path / "crafted.bdsync"
    out.write_bytes(bundle.seal(zip_bytes, source="PL", destination=sites.get_peer("LC")))
    return out


def test_the_good_bundle_is_accepted(pair):
    hq, _pl, good = pair
    assert hq.take(good).counts["handover"]["new"] == 1


def test_a_truncated_bundle(pair, tmp_path):
    hq, _pl, good = pair
    data = good.read_bytes()
    for cut in (len(data) - 1, len(data) // 2, 30, 10):
        short = tmp_path / f"short{cut}.bdsync"
        short.write_bytes(data[:cut])
        refused(hq, short, "bundle")


@FILE_ONLY
@pytest.mark.parametrize("where", ["header", "middle", "last"])
def test_a_flipped_byte(pair, tmp_path, where):
    hq, _pl, good = pair
    data = bytearray(good.read_bytes())
    i = {"header": len(bundle.MAGIC) + 30, "middle": len(data) // 2, "last": len(data) - 1}[where]
    data[i] ^= 0x01
    bad = tmp_path / "flipped.bdsync"
    bad.write_bytes(bytes(data))
    refused(hq, bad, "damaged")


def test_a_bundle_from_a_site_not_enrolled(pair, tmp_path):
    hq, _pl, _good = pair
    stranger = Site(tmp_path / "x", "XX", "Đồn lạ")
    enrol_one_way = hq.identity()
    stranger.use()
    sites.enrol(sites.read_identity(enrol_one_way))
    records.create("case", {"date": "2025-01-02", "category": "smuggling", "persons": 1})
    out = stranger.export_to(hq)
    refused(hq, out, "XX", "not enrolled")


def test_a_bundle_signed_by_another_key_than_the_one_enrolled(pair, tmp_path):
    hq, _pl, _good = pair
    imposter = Site(tmp_path / "imp", "PL", "Giả mạo Pha Long")
    idf = hq.identity()
    imposter.use()
    sites.enrol(sites.read_identity(idf))
    records.create("case", {"date": "2025-01-02", "category": "smuggling", "persons": 1})
    refused(hq, imposter.export_to(hq), "not signed by the key enrolled for site PL")


def test_a_bundle_addressed_to_another_site(pair, tmp_path):
    hq, pl, good = pair
    bs = Site(tmp_path, "BS", "Đồn Bát Xát")
    enrol(pl, bs)
    refused(bs, good, "addressed to site LC", "BS")


def test_a_bundle_from_a_newer_schema(pair, tmp_path):
    hq, pl, _good = pair
    out = crafted(pl, hq, tmp_path, schema_version=schema_version() + 1)
    refused(hq, out, "newer BorderDesk")


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@FILE_ONLY
@pytest.mark.parametrize("name", ["../../evil.jsonl", "/etc/passwd", "rows/../../x.jsonl", "rows\\..\\x.jsonl"])
def test_a_zip_with_a_path_outside_its_folder(pair, tmp_path, name):
    hq, pl, _good = pair
    manifest = {"source": "PL", "destination": "LC", "files": {name: {"sha256": "0"}}}
    out = crafted(pl, hq, tmp_path, raw_zip=_zip({"manifest.json": json.dumps(manifest).encode(), name: b"x"}))
    refused(hq, out, "unsafe")
    assert not (tmp_path.parent / "evil.jsonl").exists()


@FILE_ONLY
def test_a_decompression_bomb(pair, tmp_path):
    hq, pl, _good = pair
    bomb = b"\0" * (64 * 1024 * 1024)  # 64 MiB of zeros deflate to about 64 KiB
    out = crafted(pl, hq, tmp_path, files={"rows/hotline_call.jsonl": bomb})
    assert out.stat().st_size < 1_000_000
    refused(hq, out, "decompression bomb")


@FILE_ONLY
def test_a_manifest_lying_about_its_content(pair, tmp_path):
    hq, pl, _good = pair
    pl.use()
    manifest = {"format_version": 1, "schema_version": schema_version(), "source": "PL", "destination": "LC",
                "files": {"rows/case.jsonl": {"sha256": "00" * 32}}}
    out = crafted(pl, hq, tmp_path, raw_zip=_zip({"manifest.json": json.dumps(manifest).encode(),
                                                  "rows/case.jsonl": b"[]\n"}))
    refused(hq, out, "hash")


@FILE_ONLY
@pytest.mark.parametrize("content", [b"", b"hello", b"%PDF-1.4\n...", b"BORDERDESK-BUNDLE\n\xff\xff\xff\xff"])
def test_not_a_bundle_at_all(pair, tmp_path, content):
    hq, _pl, _good = pair
    f = tmp_path / "notes.txt"
    f.write_bytes(content)
    refused(hq, f, "bundle")


def _case_bundle(pl, hq, tmp_path, *rows: list, good: bool = True):
    """A bundle signed by PL holding PL's real case row (if *good*) then *rows* (lists or raw lines)."""
    pl.use()
    spec = BY_NAME["case"]
    lines = []
    if good:
        records.create("case", {"date": "2025-02-01", "category": "drugs", "persons": 2})
        lines.append(exporter._rows(spec, sites.get_peer("LC"), 0, 10**9, True)[0])
    lines += [r if isinstance(r, str) else json.dumps(r) for r in rows]
    return crafted(pl, hq, tmp_path, files={"rows/case.jsonl": ("\n".join(lines) + "\n").encode()},
                   counts={"case": len(lines)}, upto_seq=len(lines),
                   tables={"case": {"columns": list(spec.columns), "children": None}})


def _own_row(pl, **values) -> list:
    """A case row as PL's exporter writes it, with *values* put in (after the services' checks)."""
    pl.use()
    spec = BY_NAME["case"]
    case = records.create("case", {"date": "2025-02-02", "category": "smuggling", "persons": 1})
    line = next(x for x in exporter._rows(spec, sites.get_peer("LC"), 0, 10**9, True) if case.uuid in x)
    row = json.loads(line)
    for column, value in values.items():
        row[spec.columns.index(column)] = value
    return row


@pytest.mark.parametrize("what, words", [
    ("not json", ("not a row",)),
    ("wrong type", ("case", "persons", "wrong type")),
    ("no uuid", ("case", "uuid")),
])
def test_a_row_of_the_wrong_shape_refuses_the_whole_bundle(pair, tmp_path, what, words):
    hq, pl, _good = pair
    bad = {"not json": "not json", "wrong type": _own_row(pl, persons="many"), "no uuid": _own_row(pl, uuid="")}
    refused(hq, _case_bundle(pl, hq, tmp_path, bad[what]), *words)


def test_an_over_long_field_refuses_the_whole_bundle_in_one_line(pair, tmp_path):
    """A row breaking the spec's limit (summary_vi holds 20,000 characters) refuses all of it: the
    good row before it is not written either."""
    hq, pl, _good = pair
    limit = BY_NAME["case"].model._meta.fields["summary_vi"].max_length
    out = _case_bundle(pl, hq, tmp_path, _own_row(pl, summary_vi="x" * (limit + 1)))
    msg = refused(hq, out, "case", "summary_vi", str(limit + 1), str(limit))
    assert len(msg) < 300


def test_a_control_character_refuses_the_whole_bundle(pair, tmp_path):
    hq, pl, _good = pair
    refused(hq, _case_bundle(pl, hq, tmp_path, _own_row(pl, summary_zh="走私\x07案")), "summary_zh", "control")


def test_a_child_row_over_its_limit_refuses_the_bundle(pair, tmp_path):
    hq, pl, _good = pair
    pl.use()
    spec = BY_NAME["handover"]
    h = records.create("handover", {"date": "2025-03-16", "direction": "received", "persons": 1},
                       [{"name": "Lý Văn B", "sex": "M"}])
    line = next(x for x in exporter._rows(spec, sites.get_peer("LC"), 0, 10**9, True) if h.uuid in x)
    row = json.loads(line)
    limit = spec.child.model._meta.fields["name"].max_length
    row[-1][0][spec.child.columns.index("name")] = "Lý" * limit
    out = crafted(pl, hq, tmp_path, files={"rows/handover.jsonl": (json.dumps(row) + "\n").encode()},
                  counts={"handover": 1}, upto_seq=1,
                  tables={"handover": {"columns": list(spec.columns), "children": list(spec.child.columns)}})
    refused(hq, out, "handover_person", h.uuid, "name", str(limit))


def test_decomposed_text_arriving_in_a_bundle_is_kept_composed_and_trimmed(pair, tmp_path):
    """NFD text (as some systems type Vietnamese) longer in code points than the column holds, but within
    it once composed: taken, stored NFC without the spaces around it, found by its NFC spelling."""
    from borderdesk.store import search_index

    hq, pl, _good = pair
    spec = BY_NAME["case"]
    limit = spec.model._meta.fields["summary_vi"].max_length
    nfc = ("Vận chuyển trái phép hàng hóa qua biên giới tại mốc 108. " * 400)[: limit - 3].strip()
    nfd = "  " + unicodedata.normalize("NFD", nfc) + " \n"
    assert len(nfd) > limit and unicodedata.normalize("NFC", nfd).strip() == nfc
    row = _own_row(pl, summary_vi=nfd, notes=unicodedata.normalize("NFD", " Đã chuyển hồ sơ "))
    preview = hq.take(_case_bundle(pl, hq, tmp_path, row, good=False))
    assert preview.counts["case"]["new"] == 1
    hq.use()
    got = records.get("case", row[0])
    assert got.summary_vi == nfc and got.notes == "Đã chuyển hồ sơ"
    assert [h["id"] for h in search_index.search(DB, "Đã chuyển hồ sơ")] == [row[0]]


def test_the_command_line_refuses_in_one_line(pair, tmp_path):
    hq, _pl, good = pair
    data = bytearray(good.read_bytes())
    data[-5] ^= 0xFF
    bad = tmp_path / "bad.bdsync"
    bad.write_bytes(bytes(data))
    DB.close()
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(hq.path), "bundle", "import", str(bad)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "damaged" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(hq.path), "bundle", "inspect", str(bad)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1 and "damaged" in proc.stdout
