"""A bundle carried twice: recognised by its digest, its rows not read again, nothing written."""
from __future__ import annotations

import pytest

from borderdesk import i18n
from borderdesk.services import records
from borderdesk.store.models import DB
from borderdesk.sync import importer

from sync_sites import Site, dump, enrol


@pytest.fixture
def pair(tmp_path, any_db):
    """Headquarters (on SQLite, and on a PostgreSQL server) and a post."""
    i18n.set_language("en")
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", kind="headquarters", db=any_db)
    pl = Site(tmp_path, "PL", "Đồn Biên phòng Pha Long")
    enrol(pl, hq)
    return hq, pl


def test_the_same_bundle_again_is_known_by_its_digest_and_changes_nothing(pair, monkeypatch):
    hq, pl = pair
    pl.use()
    records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Trao đổi"})
    records.create("talks", {"date": "2025-03-15", "agenda_vi": "Hội đàm"})
    records.create("handover", {"date": "2025-04-01", "direction": "received", "persons": 1},
                   [{"name": "Lý Văn A", "sex": "M"}])
    bundle = pl.export_to(hq)
    first = hq.take(bundle)
    assert first.total("new") >= 3 and not first.already_received
    before = dump(hq)
    seq = DB.execute_sql("SELECT value FROM setting WHERE key = 'seq'").fetchone()

    def no_reading(*_args, **_kw):
        raise AssertionError("the rows of a bundle applied before were read again")

    monkeypatch.setattr(importer, "_run", no_reading)
    again = hq.take(bundle)
    assert again.already_received and again.changes == 0
    assert again.total("unchanged") == first.total("new") + first.total("updated") + first.total("unchanged")
    assert {k: sum(c.values()) for k, c in again.counts.items()} == {k: sum(c.values()) for k, c in first.counts.items()}
    assert dump(hq) == before  # nothing written, not even a sequence number
    assert DB.execute_sql("SELECT value FROM setting WHERE key = 'seq'").fetchone() == seq
    assert DB.execute_sql("SELECT count(*) FROM sync_log WHERE action = 'import'").fetchone()[0] == 2


def test_a_new_bundle_is_classified_row_by_row_as_before(pair):
    hq, pl = pair
    pl.use()
    records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Một"})
    hq.take(pl.export_to(hq))
    pl.use()
    records.create("hotline_call", {"date": "2025-03-16", "direction": "incoming", "subject_vi": "Hai"})
    second = hq.take(pl.export_to(hq))
    assert not second.already_received and second.total("new") == 1
