"""Deadlines in working days, and the holiday corrections users keep.

A verification request is answered within 7 working days in the calendar of
the side that must answer; a letter may carry a reply due date; a hotline call
a follow-up due date. :func:`due_items` lists what is overdue and what falls
due soon. The calendars are the ``holidays`` package's defaults with the
``HolidayCorrection`` rows of this database layered over them.

A hotline call's follow-up has no "done" field: it stays on the list until its
due date is cleared (the form clears it when the follow-up is done).
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any

from borderdesk.domain.errors import NotFound, ValidationError
from borderdesk.domain.workdays import COUNTRIES, SIDE_COUNTRY, VERIFICATION_WORKING_DAYS, WorkCalendar
from borderdesk.i18n import _
from borderdesk.services import events, session
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.permissions import require

KIND = "holiday_correction"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NAME_MAX = 200
_lock = threading.Lock()
_cache: dict[tuple, WorkCalendar] = {}


# --- calendars -----------------------------------------------------------------


def _corrections_state(country: str) -> tuple:
    """What a cached calendar depends on: the database and its corrections' last change."""
    row = DB.execute_sql(
        "SELECT max(seq), count(*), max(version) FROM holiday_correction WHERE country = ?", (country,)
    ).fetchone()
    return (id(DB.obj), getattr(DB.obj, "database", None), country) + tuple(row)


def work_calendar(country: str) -> WorkCalendar:
    """The calendar of *country* ('VN' | 'CN') with this database's corrections."""
    country = country.upper()
    if country not in COUNTRIES:
        raise ValidationError({"country": _("choose VN or CN")})
    key = _corrections_state(country)
    with _lock:
        cal = _cache.get(key)
    if cal is None:
        q = m.HolidayCorrection.select().where(
            (m.HolidayCorrection.country == country) & (m.HolidayCorrection.deleted == False)  # noqa: E712
        )
        cal = WorkCalendar(country, list(q))
        with _lock:
            if len(_cache) > 16:
                _cache.clear()
            _cache[key] = cal
    return cal


def calendar_for_side(side: str) -> WorkCalendar:
    """The calendar of the side ('vn' | 'cn') that must answer."""
    country = SIDE_COUNTRY.get((side or "").lower())
    if country is None:
        raise ValidationError({"verification_side": _("choose the Vietnamese or the Chinese side")})
    return work_calendar(country)


def verification_due(requested_date: dt.date, side: str) -> dt.date:
    """The day a verification requested on *requested_date* must be answered by *side*."""
    return calendar_for_side(side).add_working_days(requested_date, VERIFICATION_WORKING_DAYS)


def letter_answer_side(direction: str) -> str:
    """Who must reply to a letter: we reply to letters we received, they to ours."""
    return "vn" if direction == "incoming" else "cn"


def holidays_in(country: str, year: int) -> list[dict]:
    """The holidays, substituted days and make-up working days of a year, corrections included."""
    cal = work_calendar(country)
    return [
        {"date": h.day.isoformat(), "name_vi": h.name_vi, "name_zh": h.name_zh,
         "is_day_off": h.is_day_off, "source": h.source}
        for h in cal.holidays_in(year)
    ]


# --- corrections ----------------------------------------------------------------


def to_dict(row: m.HolidayCorrection) -> dict:
    return {
        "id": row.uuid, "country": row.country, "day": _iso(row.day), "is_day_off": bool(row.is_day_off),
        "name_vi": row.name_vi, "name_zh": row.name_zh, "site": row.site, "version": row.version,
        "deleted": bool(row.deleted),
    }


def _iso(d) -> str:
    return d.isoformat() if hasattr(d, "isoformat") else str(d)


def _parse_day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
    return None


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate the fields of a correction; raise naming every bad one."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "country" in data or not partial:
        country = str(data.get("country") or "").strip().upper()
        if country not in COUNTRIES:
            errors["country"] = _("choose VN (Vietnam) or CN (China)")
        out["country"] = country
    if "day" in data or not partial:
        day = _parse_day(data.get("day"))
        if day is None:
            errors["day"] = _("enter a date such as 2026-02-14 or 14/02/2026")
        elif not (1990 <= day.year <= dt.date.today().year + 10):
            errors["day"] = _("the year must lie between 1990 and {last}").format(last=dt.date.today().year + 10)
        out["day"] = day
    if "is_day_off" in data or not partial:
        value = data.get("is_day_off")
        if not isinstance(value, bool) and value not in (0, 1):
            errors["is_day_off"] = _("say whether the day is a day off or a working day")
        out["is_day_off"] = bool(value)
    for name in ("name_vi", "name_zh"):
        if name in data or not partial:
            text = str(data.get(name) or "").strip()
            if len(text) > _NAME_MAX:
                errors[name] = _("at most {n} characters").format(n=_NAME_MAX)
            elif _CONTROL.search(text):
                errors[name] = _("remove the control characters (tabs, line breaks) from the name")
            out[name] = text
    if errors:
        raise ValidationError(errors)
    return out


def _check_unique(country: str, day: dt.date, exclude: str | None = None) -> None:
    q = m.HolidayCorrection.select(m.HolidayCorrection.uuid).where(
        (m.HolidayCorrection.country == country) & (m.HolidayCorrection.day == day)
        & (m.HolidayCorrection.deleted == False)  # noqa: E712
    )
    if exclude:
        q = q.where(m.HolidayCorrection.uuid != exclude)
    if q.exists():
        raise ValidationError({"day": _("this day already has a correction; edit that one instead")})


def list_corrections(country: str | None = None, year: int | None = None,
                     include_deleted: bool = False) -> list[dict]:
    q = m.HolidayCorrection.select().order_by(m.HolidayCorrection.country, m.HolidayCorrection.day)
    if country:
        q = q.where(m.HolidayCorrection.country == country.upper())
    if year:
        q = q.where(m.HolidayCorrection.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if not include_deleted:
        q = q.where(m.HolidayCorrection.deleted == False)  # noqa: E712
    return [to_dict(r) for r in q]


def get_correction(uuid: str) -> m.HolidayCorrection:
    row = m.HolidayCorrection.get_or_none(m.HolidayCorrection.uuid == uuid)
    if row is None:
        raise NotFound(_("no holiday correction with id {id}").format(id=uuid))
    return row


def create_correction(country: str, day, is_day_off: bool, name_vi: str = "", name_zh: str = "") -> dict:
    """Make *day* a day off (``is_day_off``) or a working day in *country*'s calendar."""
    # the calendar is reference data shared by every deadline, like the registry
    require("registry")
    data = _clean(dict(country=country, day=day, is_day_off=is_day_off, name_vi=name_vi, name_zh=name_zh),
                  partial=False)
    with DB.atomic():
        _check_unique(data["country"], data["day"])
        row = m.HolidayCorrection(**data)
        session.stamp(row, new=True)
        row.save(force_insert=True)
        after = to_dict(row)
        events.emit(events.Change("create", KIND, row.uuid, None, after))
    return after


def update_correction(uuid: str, **changes) -> dict:
    require("registry")
    unknown = set(changes) - {"country", "day", "is_day_off", "name_vi", "name_zh"}
    if unknown:
        raise ValidationError({f: _("not a field of a holiday correction") for f in sorted(unknown)})
    data = _clean(changes, partial=True)
    with DB.atomic():
        row = get_correction(uuid)
        if row.deleted:
            raise NotFound(_("the holiday correction {id} was deleted").format(id=uuid))
        before = to_dict(row)
        for k, v in data.items():
            setattr(row, k, v)
        _check_unique(row.country, row.day, exclude=uuid)
        session.stamp(row, new=False)
        row.save()
        after = to_dict(row)
        events.emit(events.Change("update", KIND, uuid, before, after))
    return after


def delete_correction(uuid: str) -> None:
    """Tombstone a correction: the default of its day applies again."""
    require("registry")
    with DB.atomic():
        row = get_correction(uuid)
        if row.deleted:
            return
        before = to_dict(row)
        row.deleted = True
        session.stamp(row, new=False)
        row.save()
        events.emit(events.Change("delete", KIND, uuid, before, to_dict(row)))


# --- what is due ------------------------------------------------------------------


def due_items(within_working_days: int = 5, today: dt.date | None = None, post: str | None = None) -> list[dict]:
    """What is overdue, and what falls due within *within_working_days* working days.

    Each item: ``kind`` (handover | letter | hotline_call), ``uuid``, ``date`` of the
    record, ``due``, ``days_left`` in working days of the answering side (negative =
    overdue, 0 = due today), ``side`` that must act, ``counterpart`` names and ``site``.
    Sorted by due date. Each table is read through its due-date index.
    """
    today = today or dt.date.today()
    n = max(0, int(within_working_days))
    cals = {side: calendar_for_side(side) for side in ("vn", "cn")}
    # the latest calendar day any side's horizon reaches; rows are then filtered exactly
    horizon = max(cal.add_working_days(today, n) for cal in cals.values()).isoformat()
    site_sql = " AND t.site = ?" if post else ""
    extra = (post,) if post else ()
    # "+t.deleted" keeps the planner off the (deleted, date) indexes: the due-date
    # indexes find the few open items among a million.
    queries = (
        ("handover",
         "SELECT t.uuid, t.date, t.verification_due, t.verification_side, t.site, c.name_vi, c.name_zh "
         "FROM handover t LEFT JOIN counterpart_unit c ON c.uuid = t.counterpart "
         "WHERE t.verification_due <= ? AND t.verification_answered IS NULL "
         "AND t.verification_requested IS NOT NULL AND +t.deleted = 0" + site_sql),
        ("letter",
         "SELECT t.uuid, t.date, t.reply_due, "
         "CASE t.direction WHEN 'incoming' THEN 'vn' ELSE 'cn' END, t.site, c.name_vi, c.name_zh "
         "FROM letter t LEFT JOIN counterpart_unit c ON c.uuid = t.counterpart "
         "WHERE t.reply_due <= ? AND t.answered_on IS NULL AND +t.deleted = 0" + site_sql),
        ("hotline_call",
         "SELECT t.uuid, t.date, t.follow_up_due, 'vn', t.site, c.name_vi, c.name_zh "
         "FROM hotline_call t LEFT JOIN counterpart_unit c ON c.uuid = t.counterpart "
         "WHERE t.follow_up_due IS NOT NULL AND t.follow_up_due <= ? AND +t.deleted = 0" + site_sql),
    )
    items = []
    for kind, sql in queries:
        for uuid, date, due, side, site, cp_vi, cp_zh in DB.execute_sql(sql, (horizon,) + extra):
            due_d = _parse_day(due)
            if due_d is None:
                continue
            cal = cals.get(side, cals["vn"])
            left = cal.working_days_between(today, due_d)
            if left > n:
                continue
            items.append({
                "kind": kind, "uuid": uuid, "date": _iso(date), "due": due_d.isoformat(), "days_left": left,
                "overdue": left < 0 or (left == 0 and due_d < today), "side": side, "site": site,
                "counterpart": cp_vi or "", "counterpart_zh": cp_zh or "",
            })
    items.sort(key=lambda it: (it["due"], it["kind"], it["date"]))
    return items
