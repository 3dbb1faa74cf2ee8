"""Attachments carried by bundles: a scan attached at a post opens at headquarters byte-identical after one
bundle, is not carried again, a tampered one is refused, a large set is split into parts that may arrive
before their rows, and only a record's own site attaches to it."""
from __future__ import annotations

import hashlib

import pytest
from sync_sites import Site, enrol

from attachment_helpers import big_bytes_file, make_pdf
from borderdesk import i18n
from borderdesk.services import attachments as svc
from borderdesk.services import records, session
from borderdesk.store import attachment_store as store
from borderdesk.store.attachment_store import Attachment
from borderdesk.store.models import DB
from borderdesk.sync import attachments_link, bundle
from borderdesk.sync.bundle import BundleRefused


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


@pytest.fixture
def province(tmp_path, any_db):
    """Headquarters (on SQLite, and on a PostgreSQL server) with two posts enrolled both ways."""
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", kind="headquarters", db=any_db)
    pl = Site(tmp_path, "PL", "Đồn Biên phòng Pha Long")
    bs = Site(tmp_path, "BS", "Đồn Biên phòng Bát Xát")
    enrol(pl, hq)
    enrol(bs, hq)
    return hq, pl, bs


def _blobs_in(site: Site, path) -> list[str]:
    site.use()
    return sorted(n for n in bundle.open_bundle(path).files if n.startswith("blobs/"))


def test_a_scan_attached_at_a_post_opens_at_headquarters_byte_identical_and_is_not_carried_again(
        province, tmp_path):
    hq, pl, _bs = province
    pl.use()
    letter = records.create("letter", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Công thư"})
    scan = make_pdf(tmp_path / "cong-thu.pdf", pages=2)
    att = svc.attach_file(letter.uuid, scan, title="Công thư 143号", kind="scan")
    first = pl.export_to(hq)
    assert _blobs_in(hq, first) == [f"blobs/{att.sha256}"]
    preview = hq.take(first)
    assert preview.counts["attachment"]["new"] == 1
    assert svc.read_bytes(att.uuid) == scan.read_bytes()
    got = svc.get(att.uuid)
    assert (got.record, got.site, got.title) == (letter.uuid, "PL", "Công thư 143号")
    out = svc.export(att.uuid, tmp_path / "o-tong-hanh.pdf")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert svc.verify_all() == []
    from borderdesk.store import search_index

    assert [h["id"] for h in search_index.search(DB, "143号")] == [att.uuid]
    # Headquarters answers (its bundle acknowledges), the post's next bundle does not carry the scan again,
    hq.carry(pl)
    pl.use()
    other = records.create("letter", {"date": "2025-03-20", "direction": "outgoing", "subject_vi": "Trả lời"})
    again = svc.attach_file(other.uuid, scan, title="the same scan on the reply")  # the same bytes
    second = pl.export_to(hq)
    assert _blobs_in(hq, second) == []
    hq.take(second)
    assert svc.read_bytes(again.uuid) == scan.read_bytes()
    # and a removal travels as a tombstone.
    pl.use()
    svc.delete(att.uuid)
    hq.take(pl.export_to(hq))
    assert svc.get(att.uuid).deleted and svc.list_for(letter.uuid) == []


def test_a_tampered_attachment_is_refused_and_nothing_is_written(province, tmp_path, monkeypatch):
    hq, pl, _bs = province
    pl.use()
    talks = records.create("talks", {"date": "2025-03-14"})
    att = svc.attach_file(talks.uuid, make_pdf(tmp_path / "bien-ban.pdf"), kind="signed_original")
    real = store.read_blob

    def altered(sha):  # the post's own signing code, but bytes that are not the ones named
        data = bytearray(real(sha))
        data[200] ^= 0xFF
        return bytes(data)

    monkeypatch.setattr(attachments_link.store, "read_blob", altered)
    bad = pl.export_to(hq)
    monkeypatch.setattr(attachments_link.store, "read_blob", real)
    hq.use()
    with pytest.raises(BundleRefused, match=f"attachment {att.sha256[:12]} does not match its SHA-256"):
        hq.take(bad)
    assert Attachment.select().count() == 0 and store.all_blobs() == []
    assert records.count("talks") == 0  # all or nothing: the record did not come in either


def test_a_large_set_is_split_into_parts_that_may_arrive_before_their_rows(province, tmp_path):
    hq, pl, _bs = province
    pl.use()
    attachments_link.set_max_mb(30)
    talks = records.create("talks", {"date": "2025-03-14"})
    files = [big_bytes_file(tmp_path / f"scan-{i}.pdf", 12, seed=i) for i in range(4)]
    atts = [svc.attach_file(talks.uuid, f) for f in files]
    out = attachments_link.export_bundle("LC", tmp_path / "PL-to-LC.bdsync")
    # 27 MB of the main file for bytes (a tenth is left to the rows): two scans; the other two in part 2.
    assert [p.name for p in out.parts] == ["PL-to-LC.part2.bdsync"]
    assert len(_blobs_in(hq, out.result.path)) == 2 and len(_blobs_in(hq, out.parts[0])) == 2
    assert all(p.stat().st_size <= 30 * 1024 * 1024 for p in out.files)
    # The parts first: their bytes wait for the rows.
    for part in reversed(out.parts):
        hq.take(part)
    assert Attachment.select().count() == 0 and len(store.all_blobs()) == 2
    hq.take(out.result.path)
    for att, f in zip(atts, files):
        assert svc.read_bytes(att.uuid) == f.read_bytes()
    # Acknowledged: nothing is carried again.
    hq.carry(pl)
    pl.use()
    again = attachments_link.export_bundle("LC", tmp_path / "again.bdsync")
    assert again.parts == [] and _blobs_in(hq, again.result.path) == []


def test_a_row_whose_bytes_have_not_arrived_says_so(province, tmp_path):
    hq, pl, _bs = province
    pl.use()
    attachments_link.set_max_mb(30)
    talks = records.create("talks", {"date": "2025-03-14"})
    atts = [svc.attach_file(talks.uuid, big_bytes_file(tmp_path / f"s{i}.pdf", 15, seed=i)) for i in range(2)]
    out = attachments_link.export_bundle("LC", tmp_path / "b.bdsync")
    hq.take(out.result.path)
    waiting = [a for a in atts if not svc.held(svc.get(a.uuid))]
    assert len(waiting) == 1
    with pytest.raises(Exception, match="has not arrived here yet"):
        svc.read_bytes(waiting[0].uuid)
    hq.take(out.parts[0])
    assert svc.read_bytes(waiting[0].uuid)


def test_only_the_records_site_attaches_to_it(province, tmp_path):
    hq, pl, bs = province
    bs.use()
    theirs = records.create("case", {"date": "2025-03-14", "category": "drugs", "persons": 1})
    hq.take(bs.export_to(hq))
    pl.use()
    # A post cannot attach to a record it does not own, through the service …
    with pytest.raises(Exception):
        svc.attach_file(theirs.uuid, make_pdf(tmp_path / "x.pdf"))
    # … nor by writing the row itself: headquarters refuses the bundle.
    sha, _ = store.put_blob(make_pdf(tmp_path / "y.pdf").read_bytes())
    row = Attachment(record=theirs.uuid, record_kind="case", sha256=sha, size=10, mime="application/pdf",
                     filename="y.pdf", title="forged", kind="scan")
    session.stamp(row, new=True)
    row.save(force_insert=True)
    bad = pl.export_to(hq)
    hq.use()
    with pytest.raises(BundleRefused, match="attaches files to records of another site"):
        hq.take(bad)
    assert Attachment.select().count() == 0
