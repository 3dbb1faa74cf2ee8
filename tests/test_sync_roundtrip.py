"""Bundles carried by hand between two posts and their headquarters."""
from __future__ import annotations

import datetime as dt

import pytest
from sync_sites import Site, count, dump, enrol, m, record_dump

from borderdesk import i18n
from borderdesk.services import records, registry, session, stats
from borderdesk.sync import conflicts, sites
from borderdesk.sync.keys import fingerprint

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English (the catalogs translate them otherwise)."""
    i18n.set_language("en")


@pytest.fixture
def province(tmp_path, any_db):
    """Headquarters of Lào Cai (on SQLite, and on a PostgreSQL server) with two posts enrolled both ways."""
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", kind="headquarters", db=any_db)
    pl = Site(tmp_path, "PL", "Đồn Biên phòng Pha Long")
    bs = Site(tmp_path, "BS", "Đồn Biên phòng Bát Xát")
    enrol(pl, hq)
    enrol(bs, hq)
    return hq, pl, bs


def add(a, b):
    """The sum of two stats dicts, section by section."""
    if isinstance(a, dict):
        return {k: add(a.get(k, 0 if not isinstance(b.get(k), dict) else {}),
                       b.get(k, 0 if not isinstance(a.get(k), dict) else {})) for k in set(a) | set(b)}
    return a + b


def a_call(subject="Trao đổi tình hình", day="2025-03-14"):
    return records.create("hotline_call", {"date": day, "direction": "incoming", "subject_vi": subject,
                                           "subject_zh": "交换情况"})


def a_handover(persons=("Lý Văn A", "Vàng Thị B")):
    return records.create("handover", {"date": "2025-04-01", "direction": "received", "persons": len(persons)},
                          [{"name": p, "sex": "M"} for p in persons])


def test_a_site_has_keys_from_init_and_a_fingerprint_to_read_by_phone(province):
    hq, pl, _bs = province
    pl.use()
    peer = sites.get_peer("LC")
    assert peer.kind == "headquarters" and peer.name_vi.startswith("Bộ Chỉ huy")
    assert peer.fingerprint == fingerprint(peer.sign_public, peer.encrypt_public, "LC", "headquarters")
    assert len(peer.fingerprint.split()) == 5
    hq.use()
    from borderdesk.sync.keys import my_fingerprint

    assert my_fingerprint() == peer.fingerprint


def test_post_to_headquarters_and_back(province):
    hq, pl, _bs = province
    pl.use()
    call = a_call()
    h = a_handover()
    preview = pl.carry(hq)
    assert preview.counts["hotline_call"]["new"] == 1 and preview.counts["handover"]["new"] == 1
    hq.use()
    got = records.get("handover", h.uuid)
    assert got.site == "PL" and got.version == h.version and got.changed_by == "officer.pl"
    assert sorted(p.name for p in got.people) == ["Lý Văn A", "Vàng Thị B"]
    assert records.get("hotline_call", call.uuid).seq > 0
    # Headquarters corrects the post's call and adds a counterpart unit for everyone. The call is
    # the post's: the correction reaches it as a request, which the post accepts in its review.
    records.update("hotline_call", call.uuid, {"subject_vi": "Trao đổi tình hình (đã sửa)"})
    cu = registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu", "name_zh": "河口出入境边防检查站"})
    back = hq.carry(pl)
    assert back.counts["hotline_call"]["conflicting"] == 1
    assert back.counts["counterpart_unit"]["new"] == 1
    pl.use()
    assert records.get("hotline_call", call.uuid).subject_vi == "Trao đổi tình hình"
    assert registry.get("counterpart", cu.uuid).name_zh == "河口出入境边防检查站"
    [req] = conflicts.list_conflicts()
    assert req.request and req.source == "LC"
    assert ("subject_vi", "Trao đổi tình hình", "Trao đổi tình hình (đã sửa)") in req.differences()
    conflicts.resolve(req.id, "theirs")
    accepted = records.get("hotline_call", call.uuid)
    assert accepted.subject_vi.endswith("(đã sửa)") and accepted.version.endswith("@PL")
    assert pl.carry(hq).counts["hotline_call"]["updated"] == 1
    hq.use()
    assert records.get("hotline_call", call.uuid).version == accepted.version
    assert conflicts.count_open() == 0
    # Nothing new: the next bundles are empty both ways, and everything agrees.
    assert pl.carry(hq).changes == 0
    assert hq.carry(pl).changes == 0
    assert record_dump(pl)["hotline_call"] == record_dump(hq)["hotline_call"]


def test_headquarters_stats_are_the_sum_of_the_posts_even_with_duplicates_and_disorder(province):
    hq, pl, bs = province
    pl.use()
    a_call()
    a_handover()
    first = pl.export_to(hq)
    pl.use()
    a_call("Lần hai", "2025-05-02")
    gone = a_call("Ghi nhầm", "2025-05-03")
    records.delete("hotline_call", gone.uuid)
    second = pl.export_to(hq)
    bs.use()
    records.create("case", {"date": "2025-06-01", "category": "smuggling", "persons": 4})
    a_handover(("Lò Văn C",))
    third = bs.export_to(hq)
    hq.take(second)  # out of order: the second bundle arrives before the first
    hq.take(third)
    hq.take(first)
    hq.take(third)  # carried twice
    assert hq.take(second).changes == 0
    own = {}
    for post in (pl, bs):
        post.use()
        own[post.code] = stats.stats(*YEAR)
    hq.use()
    assert stats.stats(*YEAR) == add(own["PL"], own["BS"])
    assert stats.stats(*YEAR, post="BS") == own["BS"]
    assert stats.stats(*YEAR)["hotline_calls"]["count"] == 2
    assert count(m.HotlineCall) == 2 and m.HotlineCall.select().count() == 3  # the deletion travelled


def test_headquarters_sends_a_post_only_its_own_records_and_the_registry(province):
    hq, pl, bs = province
    bs.use()
    a_call("Của Bát Xát")
    bs.carry(hq)
    pl.use()
    a_call("Của Pha Long")
    pl.carry(hq)
    hq.use()
    registry.create("gate", {"name_vi": "Cửa khẩu quốc tế Lào Cai", "name_zh": "河口口岸"})
    hq.carry(pl)
    pl.use()
    assert [c.subject_vi for c in m.HotlineCall.select()] == ["Của Pha Long"]
    assert m.BorderGate.select().count() == 1
    assert {p.code for p in m.Post.select()} == {"PL", "LC", "BS"}


def test_a_lost_bundle_is_reported_and_does_not_block_newer_data(province):
    hq, pl, _bs = province
    pl.use()
    a_call("một")
    pl.carry(hq)
    hq.carry(pl)  # the acknowledgement goes back: the next bundle starts after it
    pl.use()
    a_call("hai")
    pl.export_to(hq)  # lost on the way
    pl.use()
    a_call("ba")
    third = pl.export_to(hq)
    preview = hq.take(third)
    assert preview.missing_bundles == [2]
    # Bundles restart from what headquarters acknowledged, so nothing is missing in the data.
    assert preview.gap is None
    hq.use()
    assert sorted(c.subject_vi for c in m.HotlineCall.select()) == ["ba", "hai", "một"]
    st = sites.status(sites.get_peer("PL"))
    assert st.missing_bundles == [2] and st.holes == []


def test_a_gap_in_the_data_is_reported(province):
    hq, pl, _bs = province
    pl.use()
    a_call("một")
    pl.carry(hq)
    hq.carry(pl)
    pl.use()
    a_call("hai")
    lost = pl.export_to(hq)
    # Headquarters acknowledged the lost bundle's content some other way (a restored backup…):
    # simulate by letting the post believe it was acknowledged.
    pl.use()
    from borderdesk.store.models import DB

    DB.execute_sql("UPDATE sync_state SET acked_upto = (SELECT value FROM setting WHERE key = 'seq')")
    a_call("ba")
    preview = hq.take(pl.export_to(hq))
    assert preview.gap is not None
    hq.use()
    assert sites.status(sites.get_peer("PL")).holes
    hq.take(lost)
    assert sites.status(sites.get_peer("PL")).holes == []


def test_the_same_record_changed_at_two_sites_is_a_conflict_to_review(province):
    hq, pl, _bs = province
    pl.use()
    call = a_call("Gốc")
    pl.carry(hq)
    hq.carry(pl)
    hq.use()
    records.update("hotline_call", call.uuid, {"subject_vi": "Sửa ở Bộ Chỉ huy"})
    pl.use()
    records.update("hotline_call", call.uuid, {"subject_vi": "Sửa ở đồn", "notes": "ghi chú"})
    to_hq = pl.export_to(hq)
    to_pl = hq.export_to(pl)
    p1 = hq.take(to_hq)
    p2 = pl.take(to_pl)
    # At headquarters the post's later edit wins over its own correction: a conflict to see.
    assert p1.counts["hotline_call"]["conflicting"] == 1
    # At the post the correction is a request to review; the post's own text stays.
    assert p2.counts["hotline_call"]["conflicting"] == 1
    assert record_dump(hq)["hotline_call"] == record_dump(pl)["hotline_call"]
    hq.use()
    assert records.get("hotline_call", call.uuid).subject_vi == "Sửa ở đồn"
    [c] = conflicts.list_conflicts()
    assert c.lost_side == "mine" and c.mine["subject_vi"] == "Sửa ở Bộ Chỉ huy" and not c.request
    assert ("subject_vi", "Sửa ở Bộ Chỉ huy", "Sửa ở đồn") in c.differences()
    conflicts.resolve(c.id, "theirs")  # headquarters accepts the post's text
    pl.use()
    [r] = conflicts.list_conflicts()
    assert r.request and r.theirs["subject_vi"] == "Sửa ở Bộ Chỉ huy"
    # The post refuses the correction: its row is written again as its own, and travels.
    conflicts.resolve(r.id, "mine")
    assert records.get("hotline_call", call.uuid).subject_vi == "Sửa ở đồn"
    assert pl.carry(hq).counts["hotline_call"]["updated"] == 1
    assert record_dump(hq)["hotline_call"] == record_dump(pl)["hotline_call"]
    assert hq.carry(pl).changes == 0


def test_a_deletion_wins_or_loses_by_the_same_rule(province):
    hq, pl, _bs = province
    pl.use()
    call = a_call()
    pl.carry(hq)
    hq.carry(pl)
    pl.use()
    records.update("hotline_call", call.uuid, {"notes": "sửa trước"})
    hq.use()
    records.delete("hotline_call", call.uuid)  # a later deletion, but by headquarters: a request
    a, b = pl.export_to(hq), hq.export_to(pl)
    hq.take(a)
    pl.take(b)
    pl.use()
    assert not records.get("hotline_call", call.uuid).deleted
    [r] = conflicts.list_conflicts()
    assert r.request and r.theirs["deleted"] == 1
    conflicts.resolve(r.id, "theirs")
    assert records.get("hotline_call", call.uuid).deleted
    pl.carry(hq)
    hq.use()
    assert records.get("hotline_call", call.uuid).deleted
    assert dump(hq)["hotline_call"] == dump(pl)["hotline_call"]


def test_a_post_cannot_change_another_posts_entry(province):
    hq, pl, bs = province
    pl.use()
    cu = registry.create("counterpart", {"name_vi": "Đơn vị của Pha Long"})
    pl.carry(hq)
    hq.carry(bs)
    bs.use()
    assert registry.get("counterpart", cu.uuid).name_vi == "Đơn vị của Pha Long"
    from borderdesk.domain.errors import BorderDeskError

    with pytest.raises(BorderDeskError, match="belongs to site PL"):
        registry.update("counterpart", cu.uuid, {"name_vi": "Đổi ở Bát Xát"})
    assert registry.get("counterpart", cu.uuid).name_vi == "Đơn vị của Pha Long"


def test_a_site_enrolled_twice_with_other_keys_is_refused(province, tmp_path):
    hq, pl, _bs = province
    other = Site(tmp_path / "imposter", "LC", "Giả mạo", kind="headquarters")
    fake = other.identity()
    pl.use()
    from borderdesk.domain.errors import BorderDeskError

    with pytest.raises(BorderDeskError, match="already enrolled with other keys"):
        sites.enrol(sites.read_identity(fake))
    assert session.site_code() == "PL"
