"""The demo looks like a real post's three years, in both languages, with deadlines to watch."""
from __future__ import annotations

import datetime as dt

from borderdesk.domain.kinds import KINDS
from borderdesk.services import calendar, demo, records, stats
from borderdesk.store import models as m
from borderdesk.store import search_index
from borderdesk.store.models import DB

TODAY = dt.date(2026, 3, 10)


#: fields of the forms the demo leaves empty on purpose (say why)
DEMO_LEAVES_EMPTY: list[str] = []


def test_the_demo_fills_every_kind_in_both_languages(post_db):
    added = demo.fill_demo(today=TODAY)
    assert set(added) == set(KINDS)
    assert "Talks" in str(added) or "Hội đàm" in str(added)
    for kind, spec in KINDS.items():
        rows = records.list_records(kind, limit=None)
        assert len(rows) == added[kind] > 0
        assert all(dt.date(2023, 3, 10) < r.date <= TODAY for r in rows)
        for vi, zh in spec.bilingual[:1]:
            filled = [r for r in rows if getattr(r, vi)]
            assert filled and all(getattr(r, zh) for r in filled), kind
    # every field of the spec is filled in some record of its kind (the demo shows every field)
    empty = []
    for kind, spec in KINDS.items():
        rows = records.list_records(kind, limit=None)
        for col in (c for f in spec.fields if f.in_form for c in f.columns):  # hidden ones: the other kind's
            default = spec.model._meta.fields[col].default
            if not any(getattr(r, col) not in (None, "", default) for r in rows):
                empty.append(f"{kind}.{col}")
        if spec.child:
            kids = [k for r in rows for k in getattr(r, spec.children)]
            empty += [f"{kind}.{spec.children}.{c}" for c in spec.child.columns
                      if not any(getattr(k, c) not in (None, "", False) for k in kids)]
    assert empty == DEMO_LEAVES_EMPTY, empty
    # the registry holds the real places
    assert m.CounterpartUnit.get(m.CounterpartUnit.name_zh == "河口出入境边防检查站")
    assert m.BorderGate.select().where(m.BorderGate.name_vi == "Cửa khẩu quốc tế Lào Cai").exists()
    assert m.BoundaryMarker.select().count() >= 20 and m.Officer.select().count() >= 10


def test_talks_have_delegations_and_agreed_points(post_db):
    demo.fill_demo(today=TODAY)
    talks = records.list_records("talks", limit=None)
    assert 15 <= len(talks) <= 26  # 5–8 a year
    for t in talks:
        members = records.children_of(t)
        for side in ("vn", "cn"):
            mine = [p for p in members if p["side"] == side]
            assert 3 <= len(mine) <= 6 and sum(p["is_head"] for p in mine) == 1
            assert all(p["name_vi"] and p["name_zh"] for p in mine)
        assert t.participants == len(members)
        assert 3 <= len(t.agreed_vi.splitlines()) == len(t.agreed_zh.splitlines()) <= 6


def test_handovers_list_their_persons(post_db):
    demo.fill_demo(today=TODAY)
    for h in records.list_records("handover", limit=None):
        people = records.children_of(h)
        assert 1 <= h.persons == len(people) <= 6
        assert all(p["name"] and p["sex"] in ("M", "F") and 1940 < p["birth_year"] < 2015 for p in people)
        assert {p["nationality"] for p in people} == {"VN" if h.direction == "received" else "CN"}


def test_some_deadlines_are_overdue_and_some_due_soon(post_db):
    demo.fill_demo(today=TODAY)
    items = calendar.due_items(within_working_days=5, today=TODAY)
    kinds_overdue = {it["kind"] for it in items if it["days_left"] < 0}
    kinds_soon = {it["kind"] for it in items if it["days_left"] >= 0}
    assert kinds_overdue == {"handover", "letter", "hotline_call"}
    assert kinds_soon == {"handover", "letter", "hotline_call"}
    assert all(it["counterpart"] for it in items if it["kind"] != "hotline_call")


def test_the_demo_is_searchable_counted_and_repeatable(post_db, tmp_path):
    added = demo.fill_demo(today=TODAY)
    assert search_index.search(DB, "ban giao")
    assert search_index.search(DB, "河口")
    year = stats.stats(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert 5 <= year["talks"]["count"] <= 9
    assert 40 <= year["letters"]["count"] <= 85
    assert year["handovers"]["persons"] >= year["handovers"]["count"]
    assert len(year["cases"]["by_category"]) >= 3
    versions = DB.execute_sql("SELECT count(DISTINCT version), count(DISTINCT seq), count(*) FROM letter").fetchone()
    assert versions[0] == versions[1] == versions[2]
    # the same day and seed give the same demo
    from borderdesk.services import session, site
    from borderdesk.app import open_database

    open_database(tmp_path / "again.sqlite")
    session.open_session()
    site.init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    assert demo.fill_demo(today=TODAY) == added
    assert stats.stats(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == year


def test_bulk_records_for_the_benchmark(post_db):
    written = demo.fill_bulk(500, years=2, sites=["PL", "MK", "BX"], today=TODAY, batch=200)
    assert written == 500
    total = sum(records.count(k) for k in KINDS)
    assert total == 500
    assert {r[0] for r in DB.execute_sql("SELECT DISTINCT site FROM letter")} <= {"PL", "MK", "BX"}
    assert DB.execute_sql("SELECT count(*) FROM search_doc WHERE kind != 'counterpart' AND kind != 'gate' "
                          "AND kind != 'marker' AND kind != 'officer' AND kind != 'post'").fetchone()[0] == 500
