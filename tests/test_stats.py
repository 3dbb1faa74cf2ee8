"""The report counts are exact: made by hand, counted by stats."""
from __future__ import annotations

import datetime as dt

import pytest

from borderdesk.services import records, session, site, stats
from borderdesk.store import models as m
from borderdesk.app import open_database
from borderdesk.store.connection import close_db

D = dt.date


@pytest.fixture
def pha_long(any_db):
    """Pha Long's database: a file, and the same on a PostgreSQL server (conftest's ``any_db``)."""
    db = open_database(any_db)
    session.open_session("tester")
    site.init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    yield db
    close_db()


def _other_post(row) -> None:
    """Pretend *row* came from another post in a bundle."""
    type(row).update(site="MK").where(type(row).uuid == row.uuid).execute()


def _member(side, name, head=False):
    return {"side": side, "name_vi": name, "is_head": head}


def _fill():
    """A quarter of a post's records, plus noise outside the range, deleted, and of another post."""
    talks = records.create("talks", {"date": "2025-01-15", "talks_type": "quarterly"},
                           [_member("vn", "Nguyễn Văn An", True), _member("vn", "Trần Văn Bình"),
                            _member("cn", "王建国", True), _member("cn", "李明"), _member("cn", "张伟")])
    assert talks.participants == 5
    records.create("talks", {"date": "2025-03-31", "participants": 8})
    records.create("meeting", {"date": "2025-02-10", "participants": 6})
    records.create("meeting", {"date": "2025-01-01", "participants": 4})
    records.create("meeting", {"date": "2024-12-31", "participants": 100})  # the day before
    records.create("meeting", {"date": "2025-04-01", "participants": 100})  # the day after
    for d in ("2025-01-02", "2025-02-02", "2025-03-02"):
        records.create("letter", {"date": d, "direction": "incoming"})
    gone = records.create("letter", {"date": "2025-02-03", "direction": "outgoing"})
    records.delete("letter", gone.uuid)
    records.create("hotline_call", {"date": "2025-03-05", "direction": "outgoing"})
    other = records.create("hotline_call", {"date": "2025-03-06", "direction": "incoming"})
    _other_post(other)
    records.create("patrol", {"date": "2025-02-20", "teams": 2, "personnel": 14}, ["1118", "1119"])
    records.create("patrol", {"date": "2025-03-20", "teams": 3, "personnel": 21})
    records.create("handover", {"date": "2025-03-01", "direction": "received"},
                   [{"name": "Lý Thị Mai", "sex": "F", "birth_year": 1990},
                    {"name": "Vàng A Sáng", "sex": "M", "birth_year": 1985}])
    records.create("handover", {"date": "2025-03-11", "direction": "handed_over", "persons": 3})
    records.create("case", {"date": "2025-01-05", "category": "illegal_crossing", "persons": 4,
                            "outcome": "administrative_handling"})
    records.create("case", {"date": "2025-02-05", "category": "illegal_crossing", "persons": 2,
                            "outcome": "handed_over"})
    records.create("case", {"date": "2025-03-05", "category": "firecrackers", "persons": 1,
                            "outcome": "criminal_proceedings"})
    deleted_case = records.create("case", {"date": "2025-03-06", "category": "drugs", "persons": 9})
    records.delete("case", deleted_case.uuid)
    records.create("friendship", {"date": "2025-01-20", "participants": 30})


def test_stats_of_a_quarter_are_exact(pha_long):
    _fill()
    got = stats.stats(D(2025, 1, 1), D(2025, 3, 31))
    assert got == {
        "talks": {"count": 2, "members": 13},
        "meetings": {"count": 2, "persons": 10},
        "letters": {"count": 3},
        "hotline_calls": {"count": 2},
        "patrols": {"count": 2, "teams": 5, "personnel": 35},
        "handovers": {"count": 2, "persons": 5},
        "cases": {"count": 3, "persons": 7, "by_category": {
            "illegal_crossing": {"count": 2, "persons": 6},
            "firecrackers": {"count": 1, "persons": 1},
        }},
    }
    assert list(got) == ["talks", "meetings", "letters", "hotline_calls", "patrols", "handovers", "cases"]


def test_stats_for_one_post_and_an_empty_period(pha_long):
    _fill()
    assert stats.stats(D(2025, 1, 1), D(2025, 3, 31), post="PL")["hotline_calls"] == {"count": 1}
    assert stats.stats(D(2025, 1, 1), D(2025, 3, 31), post="MK")["hotline_calls"] == {"count": 1}
    assert stats.stats(D(2025, 1, 1), D(2025, 3, 31), post="MK")["letters"] == {"count": 0}
    empty = stats.stats(D(2020, 1, 1), D(2020, 12, 31))
    assert empty["cases"] == {"count": 0, "persons": 0, "by_category": {}}
    assert empty["talks"] == {"count": 0, "members": 0}
    one_day = stats.stats(D(2025, 1, 1), D(2025, 1, 1))
    assert one_day["meetings"] == {"count": 1, "persons": 4}


def test_breakdowns_by_month_outcome_and_counterpart(pha_long):
    _fill()
    months = stats.stats_by_month(D(2025, 1, 1), D(2025, 3, 31), include_friendship=True)
    assert list(months) == ["2025-01", "2025-02", "2025-03"]
    assert months["2025-01"]["talks"] == {"count": 1, "members": 5}
    assert months["2025-03"]["patrols"] == {"count": 1, "teams": 3, "personnel": 21}
    assert months["2025-01"]["friendship"] == {"count": 1, "participants": 30}
    assert sum(s["letters"]["count"] for s in months.values()) == 3
    outcomes = stats.cases_by_outcome(D(2025, 1, 1), D(2025, 3, 31))
    assert outcomes["criminal_proceedings"] == {"count": 1, "persons": 1,
                                                "by_category": {"firecrackers": {"count": 1, "persons": 1}}}
    assert set(outcomes) == {"criminal_proceedings", "administrative_handling", "handed_over"}
    by_cp = stats.stats_by_counterpart(D(2025, 1, 1), D(2025, 3, 31))
    assert [e["counterpart"] for e in by_cp] == [""]
    assert by_cp[0]["stats"]["letters"] == {"count": 3}


def test_compare_with_the_same_period_last_year(pha_long):
    records.create("letter", {"date": "2024-02-10", "direction": "incoming"})
    records.create("letter", {"date": "2024-02-11", "direction": "incoming"})
    for d in ("2025-02-01", "2025-02-02", "2025-02-03"):
        records.create("letter", {"date": d, "direction": "incoming"})
    records.create("case", {"date": "2025-02-05", "category": "smuggling", "persons": 2})
    got = stats.compare(D(2025, 1, 1), D(2025, 3, 31))
    assert got["previous_from"] == "2024-01-01" and got["previous_to"] == "2024-03-31"
    assert got["change"]["letters"]["count"] == 50.0
    assert got["change"]["cases"]["count"] is None  # none last year
    assert got["change"]["cases"]["by_category"]["smuggling"]["count"] is None
    assert stats.same_period_last_year(D(2024, 2, 29), D(2024, 2, 29)) == (D(2023, 2, 28), D(2023, 2, 28))


def test_the_readable_table_names_every_section(pha_long):
    from borderdesk import i18n

    _fill()
    was = i18n.current_language()
    i18n.set_language("en")
    try:
        text = stats.format_table(stats.stats(D(2025, 1, 1), D(2025, 3, 31)))
    finally:
        i18n.set_language(was)
    assert "Talks" in text and "Firecrackers" in text
    assert len(text.splitlines()) == 7 + 2
