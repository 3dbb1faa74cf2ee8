"""Attachments through the services and the command line: stored once, checked by content, kept, verified."""
from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from attachment_helpers import big_bytes_file, make_jpeg, make_pdf, make_png, make_tiff
from borderdesk.domain.errors import NotFound
from borderdesk.services import attachments as svc
from borderdesk.services import indexing, records
from borderdesk.services.attachment_files import AttachmentRefused
from borderdesk.store import search_index
from borderdesk.store.models import DB
from test_cli import bd, post  # noqa: F401 (a fixture)


def _talks(**extra):
    return records.create("talks", {"date": "2025-03-14", "place_vi": "Mốc 108", **extra})


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_same_file_is_stored_once_and_read_back_byte_identical(post_db, tmp_path):
    pdf = make_pdf(tmp_path / "cong-thu.pdf", pages=3)
    a, b = _talks(), _talks()
    first = svc.attach_file(a.uuid, pdf, title="Công thư 36/CV", kind="scan")
    second = svc.attach_file(b.uuid, pdf)
    assert first.sha256 == second.sha256 == _sha(pdf)
    assert first.pages == 3 and first.mime == "application/pdf" and second.title == "cong-thu"
    assert DB.execute_sql("SELECT count(*) FROM attachment_blob").fetchone()[0] == 1
    assert svc.read_bytes(second.uuid) == pdf.read_bytes()
    out = svc.export(first.uuid, tmp_path / "out.pdf")
    assert out.read_bytes() == pdf.read_bytes()
    # Attached twice to the same record: said, not stored again.
    with pytest.raises(AttachmentRefused, match="already attached to this record as “Công thư 36/CV”"):
        svc.attach_file(a.uuid, pdf)
    assert [x.uuid for x in svc.list_for(a.uuid)] == [first.uuid]


def test_the_type_is_read_from_the_content_not_the_name(post_db, tmp_path):
    rec = _talks()
    fake = tmp_path / "bien-ban.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is a program, not a scan")
    with pytest.raises(AttachmentRefused, match="not a PDF, JPEG, PNG or TIFF"):
        svc.attach_file(rec.uuid, fake)
    # A real JPEG named .pdf is a JPEG; a TIFF scan keeps its pages; a PNG its size.
    jpeg = make_jpeg(tmp_path / "anh.pdf")
    assert svc.attach_file(rec.uuid, jpeg).mime == "image/jpeg"
    tiff = svc.attach_file(rec.uuid, make_tiff(tmp_path / "scan.tif", pages=4))
    assert (tiff.mime, tiff.pages, tiff.kind) == ("image/tiff", 4, "scan")
    png = svc.attach_file(rec.uuid, make_png(tmp_path / "so-do.png"))
    assert (png.width, png.height, png.kind) == (300, 200, "photo")
    # A JPEG cut short is damaged; a PDF without its end is incomplete.
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(make_jpeg(tmp_path / "whole.jpg", noise=3).read_bytes()[:5000])
    with pytest.raises(AttachmentRefused, match="damaged image"):
        svc.attach_file(rec.uuid, cut)
    half = tmp_path / "half.pdf"
    half.write_bytes(make_pdf(tmp_path / "full.pdf").read_bytes()[:600])
    with pytest.raises(AttachmentRefused, match="incomplete PDF"):
        svc.attach_file(rec.uuid, half)
    assert len(svc.list_for(rec.uuid)) == 3


def test_the_size_limit_is_told_in_megabytes_and_nothing_is_stored(post_db, tmp_path):
    rec = _talks()
    big = big_bytes_file(tmp_path / "scan-300dpi.pdf", 25.5)
    with pytest.raises(AttachmentRefused) as exc:
        svc.attach_file(rec.uuid, big)
    assert str(exc.value).startswith("scan-300dpi.pdf is 25.5 MB; an attachment may be at most 25 MB")
    assert DB.execute_sql("SELECT count(*) FROM attachment_chunk").fetchone()[0] == 0
    fits = svc.attach_file(rec.uuid, big_bytes_file(tmp_path / "ok.pdf", 24.9))
    assert fits.size > 24 * 1024 * 1024 and svc.read_bytes(fits.uuid) == (tmp_path / "ok.pdf").read_bytes()
    assert DB.execute_sql("SELECT count(*) FROM attachment_chunk").fetchone()[0] == 25  # 1 MiB pieces


def test_a_large_image_is_reduced_only_when_asked(post_db, tmp_path):
    rec = _talks()
    photo = make_jpeg(tmp_path / "ban-giao.jpg", size=(6000, 4000))
    prepared = svc.prepare(photo)
    assert prepared.oversized_image
    kept = svc.attach(rec.uuid, prepared)
    assert (kept.width, kept.height, kept.sha256) == (6000, 4000, _sha(photo))
    reduced = svc.attach(_talks().uuid, svc.prepare(photo), reduce=True)
    assert (reduced.width, reduced.height, reduced.mime) == (4000, 2667, "image/jpeg")
    assert reduced.size < kept.size
    # A multi-page TIFF is reduced page by page and keeps its pages.
    scan = svc.attach(rec.uuid, svc.prepare(make_tiff(tmp_path / "scan.tif", pages=2, size=(5000, 7000))),
                      reduce=True)
    assert (scan.width, scan.height, scan.pages) == (2857, 4000, 2)


def test_delete_is_a_tombstone_and_a_deleted_record_keeps_its_files_until_purged(post_db, tmp_path):
    rec, other = _talks(), _talks()
    pdf = make_pdf(tmp_path / "a.pdf")
    att = svc.attach_file(rec.uuid, pdf, kind="signed_original")
    photo = svc.attach_file(other.uuid, make_jpeg(tmp_path / "b.jpg"))
    assert svc.has_signed_original(rec.uuid)
    svc.delete(att.uuid)
    assert svc.list_for(rec.uuid) == [] and svc.get(att.uuid).deleted
    assert not svc.has_signed_original(rec.uuid)
    svc.restore(att.uuid)
    assert svc.has_signed_original(rec.uuid)
    records.delete("talks", other.uuid)
    assert svc.read_bytes(photo.uuid)  # the record is deleted; its photo is still here
    svc.delete(att.uuid)
    assert svc.purge() == (2, len(pdf.read_bytes()) + photo.size)
    with pytest.raises(NotFound, match="has not arrived"):
        svc.read_bytes(photo.uuid)
    with pytest.raises(AttachmentRefused, match="purged"):
        svc.restore(att.uuid)


def test_only_the_records_owner_attaches(post_db, tmp_path):
    rec = _talks()
    DB.execute_sql("UPDATE talks SET site = 'MK' WHERE uuid = ?", (rec.uuid,))
    with pytest.raises(AttachmentRefused, match="belongs to MK: only MK can attach"):
        svc.attach_file(rec.uuid, make_pdf(tmp_path / "a.pdf"))


def test_titles_are_found_by_the_global_search(post_db, tmp_path):
    rec = _talks()
    att = svc.attach_file(rec.uuid, make_pdf(tmp_path / "x.pdf"), title="Biên bản hội đàm đã ký 会谈纪要")
    hits = svc.add_records_to_hits(search_index.search(DB, "bien ban hoi dam da ky"))
    assert [(h["id"], h["kind"], h["record"], h["record_kind"]) for h in hits] == [
        (att.uuid, "attachment", rec.uuid, "talks")]
    assert [h["id"] for h in search_index.search(DB, "纪要")] == [att.uuid]
    svc.delete(att.uuid)
    assert search_index.search(DB, "纪要") == []
    indexing.rebuild(DB)  # a repaired index holds the live titles again
    svc.restore(att.uuid)
    indexing.rebuild(DB)
    assert [h["id"] for h in search_index.search(DB, "纪要")] == [att.uuid]


def test_talks_without_signed_minutes(post_db, tmp_path):
    signed, unsigned = _talks(), _talks(date="2025-04-01")
    records.create("meeting", {"date": "2025-03-20"})
    svc.attach_file(signed.uuid, make_pdf(tmp_path / "ky.pdf"), kind="signed_original")
    svc.attach_file(unsigned.uuid, make_jpeg(tmp_path / "anh.jpg"), kind="photo")
    assert [t.uuid for t in svc.missing_signed_minutes()] == [unsigned.uuid]
    assert svc.count_missing_signed_minutes() == 1


def test_check_finds_a_damaged_attachment(post_db, db_path, tmp_path):
    from borderdesk.store.connection import close_db

    rec = _talks()
    att = svc.attach_file(rec.uuid, make_pdf(tmp_path / "a.pdf"))
    assert svc.verify_all() == []
    close_db()
    con = sqlite3.connect(db_path)
    (data,) = con.execute("SELECT data FROM attachment_chunk").fetchone()
    flipped = bytes(data[:100]) + bytes([data[100] ^ 1]) + bytes(data[101:])  # one bit, as a failing disk does
    con.execute("UPDATE attachment_chunk SET data = ?", (flipped,))
    con.commit()
    con.close()
    r = bd(db_path, "check", check=False)
    assert r.returncode == 1 and f"attachment content {att.sha256[:12]} is damaged" in r.stderr


def test_the_command_line(post, tmp_path):  # noqa: F811 (the fixture)
    from test_cli import add_records

    add_records(post)
    rec = json.loads(bd(post, "list", "--kind", "meeting", "--json").stdout)[0]["id"]
    scan = make_tiff(tmp_path / "bien-ban.tif", pages=2)
    r = bd(post, "attach", rec, str(scan), "--title", "Biên bản đã ký", "--kind", "signed_original", "--json")
    att = json.loads(r.stdout)
    assert att["kind"] == "signed_original" and att["pages"] == 2
    listed = json.loads(bd(post, "attachments", rec, "--json").stdout)
    assert [(a["id"], a["title"], a["sha256"], a["held"]) for a in listed] == [
        (att["id"], "Biên bản đã ký", _sha(scan), True)]
    out = tmp_path / "ra" / "copy.tif"
    out.parent.mkdir()
    bd(post, "attachment", "get", att["id"], "--out", str(out))
    assert out.read_bytes() == scan.read_bytes()
    big = make_jpeg(tmp_path / "anh.jpg", size=(4500, 3000))
    r = bd(post, "attach", rec, str(big))
    assert "4500 × 3000 px" in r.stderr and "--downscale" in r.stderr
    wrong = tmp_path / "virus.pdf"
    wrong.write_bytes(b"not a scan")
    r = bd(post, "attach", rec, str(wrong), check=False)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    r = bd(post, "--lang", "vi", "attach", rec, str(wrong), check=False)
    assert r.returncode == 1 and "virus.pdf" in r.stderr and "not a PDF" not in r.stderr
    bd(post, "attachment", "delete", att["id"])
    assert len(json.loads(bd(post, "attachments", rec, "--json").stdout)) == 1
    assert len(json.loads(bd(post, "attachments", rec, "--deleted", "--json").stdout)) == 2
    assert "every one matching its SHA-256" in bd(post, "check").stdout
    r = bd(post, "attachments", "no-such-record", check=False)
    assert r.returncode == 1 and "No record with the id no-such-record" in r.stderr


def test_encrypted_at_rest_and_in_backups(tmp_path):
    from test_trust_encryption import ADMIN, make_encrypted
    from trust_helpers import run_cli

    db = tmp_path / "enc.sqlite"
    make_encrypted(db)

    def cli(*args):
        r = run_cli(db, *args, user=ADMIN["user"], password=ADMIN["password"])
        assert r.returncode == 0, r.stderr
        return r

    sheet = tmp_path / "talks.csv"
    sheet.write_text("date,place_vi\n2025-03-14,Mốc 108\n", encoding="utf-8")
    cli("import", str(sheet), "--kind", "talks")
    rec = json.loads(cli("list", "--kind", "talks", "--json").stdout)[0]["id"]
    pdf = make_pdf(tmp_path / "mat.pdf", text="TOI-MAT-MARKER-7731")
    assert b"TOI-MAT-MARKER-7731" in pdf.read_bytes()
    cli("attach", rec, str(pdf))
    cli("backup", "--to", str(tmp_path / "bk"))
    files = [db, *tmp_path.glob("enc.sqlite*"), *(tmp_path / "bk").iterdir()]
    assert len(files) >= 3
    for f in files:
        if f.is_file():
            assert b"TOI-MAT-MARKER-7731" not in f.read_bytes(), f
    out = tmp_path / "back.pdf"
    att = json.loads(cli("attachments", rec, "--json").stdout)[0]
    cli("attachment", "get", att["id"], "--out", str(out))
    assert out.read_bytes() == pdf.read_bytes()


def test_a_backup_restores_the_attachments(post_db, tmp_path):
    from borderdesk.trust import backup

    rec = _talks()
    pdf = make_pdf(tmp_path / "a.pdf")
    att = svc.attach_file(rec.uuid, pdf)
    file = backup.make_backup()
    svc.delete(att.uuid)
    svc.purge()
    backup.restore(file)
    assert svc.read_bytes(att.uuid) == pdf.read_bytes() and not svc.get(att.uuid).deleted
