"""A post records its work: every rule a form's data must pass, and what a save leaves behind."""
from __future__ import annotations

import datetime as dt

import pytest

from borderdesk.domain.errors import ValidationError
from borderdesk.services import records, registry, session, site
from borderdesk.store import models as m
from borderdesk.store.clock import Version
from borderdesk.app import open_database
from borderdesk.store.connection import close_db


@pytest.fixture
def post(any_db):
    """A post's database: a file, and the same on a PostgreSQL server (conftest's ``any_db``)."""
    open_database(any_db)
    session.open_session(user="officer1")
    site.init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    yield
    close_db()


@pytest.fixture
def hekou(post):
    return registry.create("counterpart", {"name_vi": "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu",
                                           "name_zh": "河口出入境边防检查站",
                                           "unit_type": "exit_entry_inspection_station"})


def errors_of(kind, data, children=None) -> dict:
    with pytest.raises(ValidationError) as info:
        records.create(kind, data, children)
    return info.value.errors


def total_rows() -> int:
    return sum(model.select().count() for model in m.RECORD_MODELS + m.CHILD_MODELS)


def test_a_call_is_saved_with_its_identity(hekou):
    call = records.create("hotline_call", {"date": "14/03/2025", "direction": "incoming", "counterpart": hekou.uuid,
                                           "subject_vi": "Thông báo tình hình", "subject_zh": "通报情况"})
    assert call.date == dt.date(2025, 3, 14)
    assert len(call.uuid) == 36 and call.site == "PL" and call.changed_by == "officer1"
    assert Version.parse(call.version).site == "PL"
    assert call.seq > hekou.seq
    assert records.to_dict(records.get("hotline_call", call.uuid))["subject_zh"] == "通报情况"


def test_every_bad_field_is_named_and_nothing_is_saved(hekou):
    before = total_rows()
    errs = errors_of("hotline_call", {"date": "31/02/2025", "direction": "sideways", "time": "25:00",
                                      "subject_vi": "x" * 501, "counterpart": "no-such-unit"})
    assert set(errs) == {"date", "direction", "time", "subject_vi", "counterpart"}
    assert errs["date"] == "Month 2 of 2025 has only 28 days."  # the cause, not the format
    assert total_rows() == before
    assert "14/03/2025" in errors_of("hotline_call", {"date": "14-III-2025", "direction": "incoming"})["date"]


@pytest.mark.parametrize("value", ["2099-01-01", (dt.date.today() + dt.timedelta(days=60)).isoformat()])
def test_a_date_far_in_the_future_is_refused(post, value):
    assert "future" in errors_of("case", {"date": value, "category": "smuggling"})["date"]


def test_a_date_that_does_not_exist_is_refused(post):
    assert "date" in errors_of("case", {"date": "2025-13-01", "category": "smuggling"})
    assert "date" in errors_of("case", {"date": "", "category": "smuggling"})


@pytest.mark.parametrize("value", [-1, "-3", "2.5", 2.5, "abc", True])
def test_counts_are_non_negative_whole_numbers(post, value):
    assert "persons" in errors_of("case", {"date": "2025-01-02", "category": "drugs", "persons": value})


def test_control_characters_are_refused(post):
    errs = errors_of("case", {"date": "2025-01-02", "category": "drugs", "summary_vi": "bad\x00text"})
    assert "control" in errs["summary_vi"]


def test_text_length_is_bounded(post):
    errs = errors_of("case", {"date": "2025-01-02", "category": "drugs", "summary_vi": "a" * 20001})
    assert "20000" in errs["summary_vi"]


def test_unknown_category_and_outcome(post):
    errs = errors_of("case", {"date": "2025-01-02", "category": "piracy", "outcome": "jail"})
    assert set(errs) == {"category", "outcome"}


def test_handover_persons_must_match_the_count(hekou):
    people = [{"name": "Lò Văn Sáng", "sex": "M", "birth_year": 1990, "nationality": "VN"},
              {"name": "Vàng Thị Mai", "sex": "F", "birth_year": 1995, "nationality": "vn"}]
    errs = errors_of("handover", {"date": "2025-03-10", "direction": "received", "persons": 3,
                                  "counterpart": hekou.uuid}, people)
    assert "persons" in errs and "3" in errs["persons"] and "2" in errs["persons"]
    h = records.create("handover", {"date": "2025-03-10", "direction": "received", "counterpart": hekou.uuid}, people)
    assert h.persons == 2
    kids = records.children_of(h)
    assert [k["name"] for k in kids] == ["Lò Văn Sáng", "Vàng Thị Mai"] and kids[1]["nationality"] == "VN"


def test_a_person_handed_over_needs_a_name_and_a_sane_year(post):
    errs = errors_of("handover", {"date": "2025-03-10", "direction": "received"},
                     [{"name": "", "birth_year": 1700}, {"name": "A", "sex": "X"}])
    assert {"people.0.name", "people.0.birth_year", "people.1.sex"} <= set(errs)


def test_talks_need_a_member_on_each_side_when_members_are_listed(hekou):
    errs = errors_of("talks", {"date": "2025-03-20", "counterpart": hekou.uuid},
                     [{"side": "vn", "name_vi": "Trần Quốc Hùng", "is_head": True}])
    assert "Chinese" in errs["members"]
    talks = records.create("talks", {"date": "2025-03-20", "counterpart": hekou.uuid, "talks_type": "quarterly"},
                           [{"side": "vn", "name_vi": "Trần Quốc Hùng", "is_head": True},
                            {"side": "cn", "name_zh": "张建国", "is_head": True},
                            {"side": "cn", "name_zh": "李明"}])
    assert talks.participants == 3 and talks.kind == "talks"


def test_two_heads_on_one_side_are_refused(post):
    errs = errors_of("talks", {"date": "2025-03-20"},
                     [{"side": "vn", "name_vi": "A", "is_head": True}, {"side": "vn", "name_vi": "B", "is_head": True},
                      {"side": "cn", "name_zh": "张"}])
    assert "members.1.is_head" in errs


def test_update_changes_version_and_keeps_identity(hekou):
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "outgoing"})
    updated = records.update("hotline_call", call.uuid, {"subject_vi": "Sửa lại"})
    assert updated.uuid == call.uuid and updated.created_at == call.created_at
    assert updated.version > call.version and updated.seq > call.seq
    assert updated.direction == "outgoing"


def test_a_bad_update_changes_nothing(post):
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "outgoing", "subject_vi": "Cũ"})
    with pytest.raises(ValidationError):
        records.update("hotline_call", call.uuid, {"subject_vi": "Mới", "date": "not a date"})
    assert records.get("hotline_call", call.uuid).subject_vi == "Cũ"


def test_delete_is_a_tombstone_and_restore_undoes_it(post):
    case = records.create("case", {"date": "2025-04-01", "category": "firecrackers", "persons": 2})
    records.delete("case", case.uuid)
    row = m.Case.get_by_id(case.uuid)
    assert row.deleted and row.version > case.version
    assert records.count("case") == 0 and records.count("case", deleted=True) == 1
    records.restore("case", case.uuid)
    assert records.count("case") == 1


def test_list_filters_and_pages_without_overlap(hekou):
    for day in range(1, 29):
        records.create("letter", {"date": f"2025-02-{day:02d}", "direction": "incoming" if day % 2 else "outgoing",
                                  "counterpart": hekou.uuid if day % 3 == 0 else None})
    assert records.count("letter", date_from=dt.date(2025, 2, 10), date_to=dt.date(2025, 2, 19)) == 10
    assert records.count("letter", direction="incoming") == 14
    assert records.count("letter", counterpart=hekou.uuid) == 9
    pages = [records.list_records("letter", offset=o, limit=10) for o in (0, 10, 20)]
    ids = [r.uuid for page in pages for r in page]
    assert len(ids) == len(set(ids)) == 28
    assert pages[0][0].date == dt.date(2025, 2, 28)


def test_a_reply_marks_the_letter_answered(post):
    letter = records.create("letter", {"date": "2025-05-02", "direction": "incoming", "reply_due": "2025-05-12"})
    assert records.count("letter", status="pending") == 1
    records.create("letter", {"date": "2025-05-06", "direction": "outgoing", "in_reply_to": letter.uuid})
    assert records.get("letter", letter.uuid).answered_on == dt.date(2025, 5, 6)
    assert records.count("letter", status="pending") == 0


def test_meetings_and_talks_share_a_table_but_not_a_list(post):
    records.create("meeting", {"date": "2025-06-01", "participants": 8, "purpose_vi": "Gặp gỡ"})
    records.create("talks", {"date": "2025-06-02"})
    assert records.count("meeting") == 1 and records.count("talks") == 1
    assert records.list_records("meeting")[0].kind == "meeting"


def test_duplicate_as_new_copies_data_and_children_but_not_identity(hekou):
    p = records.create("patrol", {"date": "2025-07-01", "teams": 2, "personnel": 12, "counterpart": hekou.uuid},
                       [{"marker": "102"}, {"marker": "103"}])
    data, kids = records.duplicate_data(p)
    assert "uuid" not in data and data["teams"] == 2 and [k["marker"] for k in kids] == ["102", "103"]
    copy = records.create("patrol", data, kids)
    assert copy.uuid != p.uuid and records.count("patrol") == 2


def test_merging_duplicate_counterparts_moves_their_records(hekou):
    dup = registry.create("counterpart", {"name_vi": "Trạm Hà Khẩu"})
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "counterpart": dup.uuid})
    assert registry.merge_counterparts(hekou.uuid, dup.uuid) == 1
    assert records.get("hotline_call", call.uuid).counterpart == hekou.uuid
    assert registry.get("counterpart", dup.uuid).deleted


def test_init_twice_changes_nothing(post):
    from borderdesk.domain.errors import SetupError

    with pytest.raises(SetupError):
        site.init_site("XX", "Khác")
    assert session.site_code() == "PL" and m.Post.select().count() == 1


def test_deep_pages_match_the_plain_query(post, monkeypatch):
    for day in range(1, 29):
        for n in range(3):
            records.create("case", {"date": f"2025-03-{day:02d}", "category": "smuggling", "persons": n})
    plain = [r.uuid for r in records.list_records("case", order="persons", offset=20, limit=30)]
    monkeypatch.setattr(records, "DEEP_OFFSET", 10)
    deep = records.list_records("case", order="persons", offset=20, limit=30)
    assert [r.uuid for r in deep] == plain and len(plain) == 30
    assert deep[0].category == "smuggling"
    assert records.list_records("case", offset=500, limit=10) == []


def test_a_counterpart_is_found_by_its_name_in_any_case(hekou):
    assert registry.find_counterpart("TRẠM KIỂM TRA BIÊN PHÒNG XUẤT NHẬP CẢNH HÀ KHẨU").uuid == hekou.uuid
    assert registry.find_counterpart("河口出入境边防检查站").uuid == hekou.uuid
    assert registry.find_counterpart("Trạm khác") is None


def test_registry_lists_in_vietnamese_alphabetical_order(post):
    for name in ("Trạm Zê", "Đồn Đông", "Ải Bắc", "Chi đội Văn Sơn", "Đội Dương"):
        registry.create("counterpart", {"name_vi": name})
    names = [u.name_vi for u in registry.list_entries("counterpart")]
    assert names == ["Ải Bắc", "Chi đội Văn Sơn", "Đội Dương", "Đồn Đông", "Trạm Zê"]


def test_handovers_waiting_for_verification(post):
    asked = records.create("handover", {"date": "2025-03-03", "direction": "received", "persons": 1,
                                        "verification_requested": "2025-03-03"})
    records.create("handover", {"date": "2025-03-04", "direction": "received", "persons": 1,
                                "verification_requested": "2025-03-04", "verification_answered": "2025-03-06"})
    records.create("handover", {"date": "2025-03-05", "direction": "received", "persons": 1})
    assert asked.verification_due == dt.date(2025, 3, 12)  # 7 working days of the Vietnamese side
    assert records.count("handover", status="pending") == 1
    assert records.count("handover", status="answered") == 1
    assert records.count("handover", status="overdue", today=dt.date(2025, 3, 12)) == 0
    assert records.count("handover", status="overdue", today=dt.date(2025, 3, 13)) == 1


def test_open_items_are_counted_through_their_own_indexes_deleted_ones_left_out(post_db):
    """The navigation's counts: letters waiting for an answer, handovers whose verification is late
    (read through the partial indexes of migration 12, the deleted ones never counted)."""
    today = dt.date.today()
    old = today - dt.timedelta(days=60)
    waiting = records.create("letter", {"date": old, "direction": "incoming", "reply_due": today})
    records.create("letter", {"date": old, "direction": "incoming", "reply_due": today, "answered_on": today})
    gone = records.create("letter", {"date": old, "direction": "incoming", "reply_due": today})
    records.delete("letter", gone.uuid)
    late = records.create("handover", {"date": old, "direction": "received", "verification_requested": old})
    records.create("handover", {"date": today, "direction": "received", "verification_requested": today})
    assert records.count("letter", status="pending") == 1
    assert [r.uuid for r in records.list_records("letter", status="pending")] == [waiting.uuid]
    assert records.count("letter", status="pending", deleted=True) == 1
    assert records.count("handover", status="overdue") == 1
    assert [r.uuid for r in records.list_records("handover", status="overdue")] == [late.uuid]
    plan = " ".join(str(r) for r in m.DB.execute_sql(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM letter WHERE +deleted = 0 AND reply_due IS NOT NULL "
        "AND answered_on IS NULL").fetchall())
    assert "letter_waiting" in plan
