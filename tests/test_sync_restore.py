"""A post restores a backup between two syncs: nothing is lost, no bundle number is issued twice."""
from __future__ import annotations

import pytest
from sync_sites import Site, enrol, record_dump

from borderdesk import i18n
from borderdesk.services import records
from borderdesk.store.models import DB
from borderdesk.trust import backup


@pytest.fixture(autouse=True)
def _english():
    i18n.set_language("en")


def call(subject):
    return records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": subject}).uuid


def subjects(site):
    site.use()
    return sorted(r.subject_vi for r in records.get_model("hotline_call").select()) if hasattr(records, "get_model") \
        else sorted(r[0] for r in DB.execute_sql("SELECT subject_vi FROM hotline_call WHERE deleted = 0"))


def numbers_issued_twice(receiver, sender_code):
    receiver.use()
    return DB.execute_sql("SELECT bundle_no FROM sync_received WHERE peer = ? GROUP BY bundle_no "
                          "HAVING count(DISTINCT digest) > 1", (sender_code,)).fetchall()


def test_backup_records_sync_restore_more_records_sync(tmp_path):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters")
    pl = Site(tmp_path, "PL", "Đồn Pha Long")
    enrol(pl, hq)
    pl.use()
    call("trước sao lưu")
    pl.carry(hq)
    hq.carry(pl)
    pl.use()
    saved = backup.make_backup(tmp_path / "backups")
    call("sau sao lưu 1")
    call("sau sao lưu 2")
    hq.use()
    call("của Bộ Chỉ huy")
    pl.carry(hq)
    hq.carry(pl)
    pl.use()
    backup.restore(saved)
    assert subjects(pl) == ["trước sao lưu"]  # the restore lost what came after the backup
    pl.use()
    call("sau khôi phục")
    # The next sync: the post's bundle, then headquarters' answer, then the post's again.
    pl.carry(hq)
    hq.carry(pl)
    pl.carry(hq)
    hq.carry(pl)
    every = ["của Bộ Chỉ huy", "sau khôi phục", "sau sao lưu 1", "sau sao lưu 2", "trước sao lưu"]
    assert subjects(hq) == every
    assert subjects(pl) == every
    assert record_dump(pl)["hotline_call"] == record_dump(hq)["hotline_call"]
    assert numbers_issued_twice(hq, "PL") == [] and numbers_issued_twice(pl, "LC") == []
    # Records made later still travel: the acknowledgements never hide them.
    pl.use()
    call("về sau")
    assert pl.carry(hq).counts["hotline_call"]["new"] == 1
