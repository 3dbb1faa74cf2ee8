"""Deadlines in working days: Tết, the Spring Festival with its make-up weekends, corrections."""
from __future__ import annotations

import datetime as dt

import pytest

from borderdesk.domain.errors import ValidationError
from borderdesk.domain.workdays import WorkCalendar
from borderdesk.services import calendar, events, session
from borderdesk.store import models as m
from borderdesk.app import open_database
from borderdesk.store.connection import close_db

D = dt.date


@pytest.fixture
def pl_db(any_db):
    """A fresh database of post PL (Pha Long): a file, and the same on a PostgreSQL server (``any_db``)."""
    db = open_database(any_db)
    session.set_setting("site_code", "PL")
    session.open_session("tester")
    yield db
    close_db()


# --- the calendars themselves --------------------------------------------------


def test_a_request_just_before_tet_2026_waits_out_the_holiday_in_vietnam():
    vn = WorkCalendar("VN")
    # Thursday 12 Feb 2026; Tết runs Mon 16 – Fri 20 Feb.
    assert vn.add_working_days(D(2026, 2, 12), 7) == D(2026, 3, 2)
    assert not vn.is_working_day(D(2026, 2, 17))
    assert vn.working_days_between(D(2026, 2, 12), D(2026, 3, 2)) == 7


def test_china_counts_its_make_up_saturdays_around_the_spring_festival_2026():
    cn = WorkCalendar("CN")
    # Saturdays 14 Feb and 28 Feb 2026 are working days (调休上班); 16–23 Feb are off.
    assert cn.is_working_day(D(2026, 2, 14)) and cn.is_working_day(D(2026, 2, 28))
    assert not cn.is_working_day(D(2026, 2, 23))
    assert cn.add_working_days(D(2026, 2, 12), 7) == D(2026, 2, 28)


def test_china_make_up_sunday_before_the_spring_festival_2025():
    cn = WorkCalendar("CN")
    # Sunday 26 Jan 2025 is worked; 28 Jan – 4 Feb are off; Saturday 8 Feb is worked.
    assert cn.is_working_day(D(2025, 1, 26))
    assert cn.add_working_days(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert cn.add_working_days(D(2025, 1, 24), 2) == D(2025, 1, 27)
    assert cn.add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert cn.add_working_days(D(2025, 1, 24), 6) == D(2025, 2, 8)
    assert cn.add_working_days(D(2025, 1, 24), 7) == D(2025, 2, 10)
    vn = WorkCalendar("VN")
    # Vietnam: Tết 27 Jan – 31 Jan 2025 (Sat 1 Feb is the weekend anyway).
    assert vn.add_working_days(D(2025, 1, 24), 7) == D(2025, 2, 11)


def test_vietnam_substituted_day_off():
    vn = WorkCalendar("VN")
    # Saturday 26 Apr 2025 was worked so that Friday 2 May could be taken off.
    assert vn.is_working_day(D(2025, 4, 26))
    assert not vn.is_working_day(D(2025, 5, 2))


def test_a_weekend_does_not_count_and_the_request_day_is_day_zero():
    vn = WorkCalendar("VN")
    friday = D(2025, 3, 14)
    assert vn.add_working_days(friday, 1) == D(2025, 3, 17)
    assert vn.add_working_days(friday, 7) == D(2025, 3, 25)
    assert vn.add_working_days(D(2025, 3, 15), 1) == D(2025, 3, 17)  # asked on a Saturday
    assert vn.working_days_between(D(2025, 3, 25), friday) == -7


def test_counting_across_years_matches_adding():
    cn = WorkCalendar("CN")
    start = D(2024, 12, 20)
    for n in (0, 1, 10, 40, 300):
        assert cn.working_days_between(start, cn.add_working_days(start, n)) == n


def test_holidays_carry_both_languages():
    cn = {h.day: h for h in WorkCalendar("CN").holidays_in(2026)}
    assert cn[D(2026, 2, 17)].name_zh == "春节" and cn[D(2026, 2, 17)].name_vi
    assert cn[D(2026, 2, 14)].is_day_off is False
    vn = {h.day: h for h in WorkCalendar("VN").holidays_in(2026)}
    assert vn[D(2026, 2, 17)].name_vi == "Tết Nguyên Đán" and vn[D(2026, 2, 17)].name_zh
    assert all(h.source == "default" for h in vn.values())


def test_a_correction_overrides_the_default():
    vn = WorkCalendar("VN", {D(2026, 2, 23): True, D(2026, 2, 20): False})
    assert not vn.is_working_day(D(2026, 2, 23))
    assert vn.is_working_day(D(2026, 2, 20))
    listed = {h.day: h for h in vn.holidays_in(2026)}
    assert listed[D(2026, 2, 23)].source == "correction" and listed[D(2026, 2, 23)].is_day_off
    assert listed[D(2026, 2, 20)].source == "correction" and not listed[D(2026, 2, 20)].is_day_off


# --- the service with its database of corrections ------------------------------


def test_headquarters_extends_tet_and_the_deadline_moves(pl_db):
    seen = []
    unsubscribe = events.subscribe(seen.append)
    try:
        before = calendar.verification_due(D(2026, 2, 12), "vn")
        made = calendar.create_correction("VN", "2026-02-23", True, name_vi="Nghỉ Tết bổ sung")
        assert calendar.verification_due(D(2026, 2, 12), "vn") == before + dt.timedelta(days=1)
        row = m.HolidayCorrection.get_by_id(made["id"])
        assert row.site == "PL" and row.version and row.seq > 0 and row.changed_by == "tester"
        calendar.update_correction(made["id"], is_day_off=False)
        assert calendar.verification_due(D(2026, 2, 12), "vn") == before
        calendar.delete_correction(made["id"])
        assert m.HolidayCorrection.get_by_id(made["id"]).deleted
        assert calendar.verification_due(D(2026, 2, 12), "vn") == before
        # China's deadline is not affected by Vietnam's corrections
        assert calendar.verification_due(D(2026, 2, 12), "cn") == D(2026, 2, 28)
    finally:
        unsubscribe()
    assert [c.action for c in seen] == ["create", "update", "delete"]
    listed = calendar.holidays_in("VN", 2026)
    assert all(h["source"] == "default" for h in listed)


def test_a_bad_correction_names_every_field_and_saves_nothing(pl_db):
    with pytest.raises(ValidationError) as err:
        calendar.create_correction("XX", "31/02/2026", "maybe", name_vi="a\tb")
    assert set(err.value.errors) == {"country", "day", "is_day_off", "name_vi"}
    calendar.create_correction("CN", D(2026, 10, 9), True)
    with pytest.raises(ValidationError) as err:
        calendar.create_correction("CN", D(2026, 10, 9), False)
    assert "day" in err.value.errors
    assert m.HolidayCorrection.select().count() == 1


def _counterpart(name_vi="Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu", name_zh="河口出入境边防检查站"):
    row = m.CounterpartUnit(name_vi=name_vi, name_zh=name_zh)
    session.stamp(row, new=True)
    row.save(force_insert=True)
    return row.uuid


def _record(model, **fields):
    row = model(**fields)
    session.stamp(row, new=True)
    row.save(force_insert=True)
    return row.uuid


def test_due_items_lists_overdue_and_soon_due_and_skips_the_answered(pl_db):
    cp = _counterpart()
    today = D(2026, 3, 10)  # a Tuesday
    overdue = _record(m.Handover, date=D(2026, 2, 12), counterpart=cp, direction="received", persons=2,
                      verification_side="cn", verification_requested=D(2026, 2, 12),
                      verification_due=calendar.verification_due(D(2026, 2, 12), "cn"))
    _record(m.Handover, date=D(2026, 2, 12), counterpart=cp, direction="received", persons=1,
            verification_side="cn", verification_requested=D(2026, 2, 12),
            verification_due=D(2026, 2, 28), verification_answered=D(2026, 2, 27))
    soon = _record(m.Letter, date=D(2026, 3, 6), counterpart=cp, direction="incoming", reply_due=D(2026, 3, 12))
    _record(m.Letter, date=D(2026, 3, 6), counterpart=cp, direction="incoming", reply_due=D(2026, 3, 30))
    _record(m.Letter, date=D(2026, 3, 6), counterpart=cp, direction="incoming", reply_due=D(2026, 3, 9),
            deleted=True)
    call = _record(m.HotlineCall, date=D(2026, 3, 9), counterpart=cp, direction="outgoing",
                   follow_up_due=D(2026, 3, 10))
    items = calendar.due_items(within_working_days=3, today=today)
    by_id = {it["uuid"]: it for it in items}
    assert set(by_id) == {overdue, soon, call}
    assert by_id[overdue]["days_left"] < 0 and by_id[overdue]["overdue"]
    assert by_id[overdue]["due"] == "2026-02-28" and by_id[overdue]["side"] == "cn"
    assert by_id[soon]["days_left"] == 2 and by_id[soon]["counterpart_zh"] == "河口出入境边防检查站"
    assert by_id[call]["days_left"] == 0 and not by_id[call]["overdue"]
    assert [it["uuid"] for it in items] == [overdue, call, soon]
    assert calendar.due_items(3, today=today, post="OTHER") == []



_RACE = r"""
import sys, threading, time
import holidays  # the package itself, not its countries: the race is over the countries
from borderdesk.domain import workdays


class SlowFinder:  # slows the finding of each country's module, to hold the race's window open
    def find_spec(self, name, path=None, target=None):
        if name == "holidays.countries.vietnam":
            time.sleep(0.3)
        elif name == "holidays.countries.china":
            time.sleep(0.6)
        return None  # the normal finders find it


sys.meta_path.insert(0, SlowFinder())
errors = []
def first_use(country):
    try:
        workdays._country_class(country)
    except BaseException as exc:  # what the thread met, reported below
        errors.append(repr(exc))
vn = threading.Thread(target=first_use, args=("VN",))
cn = threading.Thread(target=first_use, args=("CN",))
vn.start(); time.sleep(0.1); cn.start()
vn.join(); cn.join()
print(errors)
sys.exit(1 if errors else 0)
"""


def test_the_calendars_first_loaded_by_two_threads_at_once():
    """The dashboard's worker and the GUI thread may load the two countries' calendars at the same
    moment: neither import may lose the package the other is importing into."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _RACE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
