"""Each post's audit trail reaches headquarters in the bundles, where its chain can be verified."""
from __future__ import annotations

from sync_sites import Site, enrol

from borderdesk.services import records
from borderdesk.store.models import DB
from borderdesk.trust import audit


def test_headquarters_verifies_each_posts_chain(tmp_path, any_db):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters", db=any_db)
    pl = Site(tmp_path, "PL", "Đồn Pha Long")
    enrol(pl, hq)
    pl.use()
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Một"})
    records.update("hotline_call", call.uuid, {"subject_vi": "Hai"})
    pl.carry(hq)
    hq.use()
    held = audit.count("PL")
    assert held >= 2 and audit.verify_chain("PL") is None
    hq.carry(pl)  # headquarters acknowledges how far it holds the post's chain
    pl.use()
    records.delete("hotline_call", call.uuid)
    again = pl.export_to(hq)
    pl.use()
    at_post = audit.count("PL")
    hq.take(again)
    hq.take(again)  # twice: nothing doubled
    # everything but the entry recording this very export, which travels with the next bundle
    assert audit.count("PL") == at_post - 1 and audit.verify_chain("PL") is None
    # An entry altered at the post stays visibly broken at headquarters.
    pl.use()
    DB.execute_sql("UPDATE audit_entry SET user = 'someone else' WHERE site = 'PL' AND seq = 2")
    hq.use()
    DB.execute_sql("DELETE FROM audit_entry WHERE site = 'PL'")
    pl.use()
    hq.take(pl.export_to(hq, full=True))
    broken = audit.verify_chain("PL")
    assert broken is not None and broken.seq == 2


def test_every_record_a_bundle_changes_is_in_the_trail(tmp_path, any_db):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy", kind="headquarters", db=any_db)
    pb = Site(tmp_path, "PB", "Đồn B")
    enrol(pb, hq)
    pb.use()
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "Một"})
    pb.carry(hq)
    pb.use()
    changed = records.update("hotline_call", call.uuid, {"subject_vi": "Hai"})
    pb.carry(hq)
    hq.use()
    entries = sorted((e for e in audit.list_entries() if e["action"] == "bundle_change" and e["uuid"] == call.uuid),
                     key=lambda e: e["seq"])
    assert [(e["kind"], e["detail"]) for e in entries] == [("hotline_call", "PB #1"), ("hotline_call", "PB #2")]
    first, second = (e["after"]["version"] for e in entries)
    assert first == call.version and second == changed.version
    assert entries[1]["before"] == {"version": call.version}
    assert entries[0]["before"] is None
    assert audit.verify_chain("LC") is None  # the entries chain like any other
