"""An officer finds a record by typing part of it, without accents, or in Chinese."""
from __future__ import annotations

import pytest

from borderdesk.services import indexing, records, registry, session, site
from borderdesk.store import search_index
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import DB


@pytest.fixture
def post(any_db):
    """A post's records on SQLite and, the same, on a PostgreSQL server (conftest's ``any_db``)."""
    open_database(any_db)
    session.open_session()
    site.init_site("PL", "Đồn Biên phòng Pha Long")
    hekou = registry.create("counterpart", {"name_vi": "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu",
                                            "name_zh": "河口出入境边防检查站"})
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "counterpart": hekou.uuid,
                                           "subject_vi": "Trao đổi tình hình Biên phòng dịp Tết",
                                           "subject_zh": "交换情况"})
    handover = records.create("handover", {"date": "2025-03-15", "direction": "received"},
                              [{"name": "Đặng Thị Hường", "sex": "F"}])
    yield {"call": call, "handover": handover, "hekou": hekou}
    close_db()


def ids(text, **kw):
    return [h["id"] for h in search_index.search(DB, text, **kw)]


@pytest.mark.parametrize("query", ["bien phong", "Biên phòng", "BIEN PHONG", "tet", "trao doi"])
def test_vietnamese_without_diacritics(post, query):
    assert post["call"].uuid in ids(query)


def test_d_with_stroke_matches_plain_d(post):
    assert ids("dang thi huong") == [post["handover"].uuid]


def test_prefix_as_you_type(post):
    assert post["handover"].uuid in ids("Huon")


@pytest.mark.parametrize("query", ["交换", "交换情况", "换情", "河口", "检查站", "河"])
def test_chinese_substrings_of_any_length(post, query):
    assert post["call"].uuid in ids(query)


def test_a_chinese_substring_that_is_not_there(post):
    assert ids("情交") == [] and ids("口河") == []


def test_registry_entries_are_found_too(post):
    hits = search_index.search(DB, "ha khau")
    assert {h["kind"] for h in hits} >= {"counterpart", "hotline_call"}


def test_index_follows_edits_and_deletes(post):
    call = post["call"]
    records.update("hotline_call", call.uuid, {"subject_vi": "Phối hợp tuần tra"})
    assert call.uuid not in ids("dip tet") and call.uuid in ids("phoi hop")
    records.delete("hotline_call", call.uuid)
    assert call.uuid not in ids("phoi hop")
    records.restore("hotline_call", call.uuid)
    assert call.uuid in ids("phoi hop")


def test_punctuation_and_quotes_do_not_break_the_query(post):
    for q in ['"', "AND OR NOT", "*", "bien\"phong", "(", "NEAR(", "-", "交换!"]:
        search_index.search(DB, q)


def test_rebuild_gives_the_same_answers(post):
    before = sorted(ids("bien phong"))
    indexing.rebuild(DB)
    assert sorted(ids("bien phong")) == before and len(before) == 3


def test_a_list_filtered_by_what_was_typed(post):
    from borderdesk.services import records

    assert records.count("hotline_call", text="bien phong") == 1
    assert records.count("hotline_call", text="huong") == 0
    assert [r.uuid for r in records.list_records("handover", text="Đặng")] == [post["handover"].uuid]
    assert records.count("handover", text="   ") == 1  # nothing typed: no filter
