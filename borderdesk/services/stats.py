"""The counts of the periodic reports: one SQL aggregate per table, never a loop over rows.

:func:`stats` returns exactly the shape the command line prints with ``--json``::

    {"talks": {"count", "members"}, "meetings": {"count", "persons"},
     "letters": {"count"}, "hotline_calls": {"count"},
     "patrols": {"count", "teams", "personnel"}, "handovers": {"count", "persons"},
     "cases": {"count", "persons", "by_category": {CATEGORY: {"count", "persons"}}}}

Dates are inclusive, deleted records never count, ``post`` keeps the records
made by one site (the ``site`` column). The breakdowns (by month, by
counterpart, by outcome) and the comparison with the same period of the year
before are the same queries with another GROUP BY.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from borderdesk.i18n import _
from borderdesk.store.models import DB

#: (section, table, extra WHERE, {output name: SQL aggregate})
_SECTIONS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("talks", "talks", "kind = 'talks'", {"members": "participants"}),
    ("meetings", "talks", "kind = 'meeting'", {"persons": "participants"}),
    ("letters", "letter", "", {}),
    ("hotline_calls", "hotline_call", "", {}),
    ("patrols", "joint_patrol", "", {"teams": "teams", "personnel": "personnel"}),
    ("handovers", "handover", "", {"persons": "persons"}),
    ("cases", '"case"', "", {"persons": "persons"}),
)
_FRIENDSHIP = ("friendship", "friendship_activity", "", {"participants": "participants"})

#: GROUP BY expressions of the breakdowns
_GROUPS = {
    None: None,
    "month": "substr(date, 1, 7)",
    "counterpart": "coalesce(counterpart, '')",
}


def _empty(section: str, sums: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"count": 0}
    out.update({k: 0 for k in sums})
    if section == "cases":
        out["by_category"] = {}
    return out


def empty_stats(include_friendship: bool = False) -> dict[str, Any]:
    sections = _SECTIONS + ((_FRIENDSHIP,) if include_friendship else ())
    return {name: _empty(name, sums) for name, _t, _w, sums in sections}


def _where(date_from: dt.date, date_to: dt.date, post: str | None, extra: str) -> tuple[str, list]:
    # The talks table splits talks from meetings by kind; a kind-first range
    # would need another index, so kind is a filter over the date range.
    parts = ["deleted = 0", "date >= ?", "date <= ?"]
    params: list = [date_from.isoformat(), date_to.isoformat()]
    if post:
        parts.insert(0, "site = ?")
        params.insert(0, post)
    if extra:
        parts.append(extra)
    return " AND ".join(parts), params


def _aggregate(date_from: dt.date, date_to: dt.date, post: str | None, group: str | None,
               include_friendship: bool = False) -> dict[Any, dict[str, Any]]:
    """Group key -> stats shape. One query per table (the talks table once for both kinds)."""
    expr = _GROUPS[group]
    sections = _SECTIONS + ((_FRIENDSHIP,) if include_friendship else ())
    out: dict[Any, dict[str, Any]] = {}

    def slot(key) -> dict[str, Any]:
        got = out.get(key)
        if got is None:
            got = out[key] = empty_stats(include_friendship)
        return got

    gsel = f"{expr} AS g, " if expr else "NULL AS g, "
    for name, table, extra, sums in sections:
        if name == "meetings":
            continue  # read together with talks
        if name == "talks":
            where, params = _where(date_from, date_to, post, "")
            if expr is None:
                # Conditional sums read the covering (deleted, date, kind, participants)
                # index once with no GROUP BY sort: 3x faster at a million records.
                sql = ("SELECT count(*), coalesce(sum(kind = 'talks'), 0), "
                       "coalesce(sum(CASE WHEN kind = 'talks' THEN participants ELSE 0 END), 0), "
                       "coalesce(sum(kind = 'meeting'), 0), "
                       "coalesce(sum(CASE WHEN kind = 'meeting' THEN participants ELSE 0 END), 0) "
                       f"FROM talks WHERE {where}")
                n, talks, members, meetings, persons = DB.execute_sql(sql, params).fetchone()
                if n:
                    s = slot(None)
                    s["talks"].update(count=talks, members=members)
                    s["meetings"].update(count=meetings, persons=persons)
                continue
            sql = (f"SELECT {gsel}kind, count(*), coalesce(sum(participants), 0) FROM talks "
                   f"WHERE {where} GROUP BY g, kind")
            for g, kind, n, people in DB.execute_sql(sql, params):
                if kind == "talks":
                    slot(g)["talks"].update(count=n, members=people)
                elif kind == "meeting":
                    slot(g)["meetings"].update(count=n, persons=people)
            continue
        where, params = _where(date_from, date_to, post, extra)
        cols = "".join(f", coalesce(sum({col}), 0)" for col in sums.values())
        if name == "cases":
            group_by = "g, category" if expr else "category"
            sql = f"SELECT {gsel}category, count(*){cols} FROM {table} WHERE {where} GROUP BY {group_by}"
            for g, category, n, persons in DB.execute_sql(sql, params):
                s = slot(g)["cases"]
                s["count"] += n
                s["persons"] += persons
                s["by_category"][category] = {"count": n, "persons": persons}
            continue
        sql = f"SELECT {gsel}count(*){cols} FROM {table} WHERE {where}" + (" GROUP BY g" if expr else "")
        for g, n, *vals in DB.execute_sql(sql, params):
            if n:
                slot(g)[name].update(count=n, **dict(zip(sums, vals)))
    return out


def stats(date_from: dt.date, date_to: dt.date, post: str | None = None,
          include_friendship: bool = False) -> dict[str, Any]:
    """The counts of a period (both days inclusive), in the shape of the module docstring.

    ``include_friendship`` adds ``"friendship": {"count", "participants"}`` for the
    reports; the command line's ``--json`` leaves it out.
    """
    return _aggregate(date_from, date_to, post, None, include_friendship).get(None) or empty_stats(include_friendship)


def stats_by_month(date_from: dt.date, date_to: dt.date, post: str | None = None,
                   include_friendship: bool = False) -> dict[str, dict[str, Any]]:
    """``"YYYY-MM"`` -> stats of that month within the period; every month of the period is present."""
    got = _aggregate(date_from, date_to, post, "month", include_friendship)
    out = {}
    y, mo = date_from.year, date_from.month
    while (y, mo) <= (date_to.year, date_to.month):
        key = f"{y:04d}-{mo:02d}"
        out[key] = got.get(key) or empty_stats(include_friendship)
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def stats_by_counterpart(date_from: dt.date, date_to: dt.date, post: str | None = None,
                         include_friendship: bool = False) -> list[dict[str, Any]]:
    """One entry per counterpart unit with records in the period:
    ``{"counterpart": uuid or "", "name_vi", "name_zh", "stats": {...}}``, sorted by Vietnamese name
    (records without a counterpart last)."""
    got = _aggregate(date_from, date_to, post, "counterpart", include_friendship)
    names: dict[str, tuple[str, str]] = {}
    ids = [k for k in got if k]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for uuid, vi, zh in DB.execute_sql(
                f"SELECT uuid, name_vi, name_zh FROM counterpart_unit WHERE uuid IN ({marks})", chunk):
            names[uuid] = (vi, zh)
    out = [{"counterpart": k or "", "name_vi": names.get(k, ("", ""))[0], "name_zh": names.get(k, ("", ""))[1],
            "stats": v} for k, v in got.items()]
    out.sort(key=lambda e: (not e["counterpart"], e["name_vi"].casefold(), e["counterpart"]))
    return out


def cases_by_outcome(date_from: dt.date, date_to: dt.date, post: str | None = None) -> dict[str, dict[str, Any]]:
    """``outcome -> {"count", "persons", "by_category": {category: {"count", "persons"}}}``
    ("criminal proceedings in 49 cases against 94 persons for organizing illegal crossing")."""
    where, params = _where(date_from, date_to, post, "")
    sql = (f'SELECT outcome, category, count(*), coalesce(sum(persons), 0) FROM "case" '
           f"WHERE {where} GROUP BY outcome, category")
    out: dict[str, dict[str, Any]] = {}
    for outcome, category, n, persons in DB.execute_sql(sql, params):
        s = out.setdefault(outcome, {"count": 0, "persons": 0, "by_category": {}})
        s["count"] += n
        s["persons"] += persons
        s["by_category"][category] = {"count": n, "persons": persons}
    return out


def same_period_last_year(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The same days one year earlier (29 February becomes the 28th)."""
    def back(d: dt.date) -> dt.date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d.replace(year=d.year - 1, day=28)
    return back(date_from), back(date_to)


def percent_change(now: int, before: int) -> float | None:
    """Per-cent change against last year, one decimal; None when last year had none."""
    if not before:
        return None
    return round((now - before) * 100.0 / before, 1)


def _change(now: Any, before: Any) -> Any:
    if isinstance(now, dict):
        keys = list(now) + [k for k in (before or {}) if k not in now]
        return {k: _change(now.get(k, _zero_like(before.get(k))), (before or {}).get(k, _zero_like(now.get(k))))
                for k in keys}
    return percent_change(now, before)


def _zero_like(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _zero_like(x) for k, x in v.items()}
    return 0


def compare(date_from: dt.date, date_to: dt.date, post: str | None = None,
            include_friendship: bool = False) -> dict[str, Any]:
    """This period against the same period of the year before:
    ``{"current", "previous", "change", "previous_from", "previous_to"}``; ``change``
    has the stats shape with per-cent values (None where the year before was 0)."""
    prev_from, prev_to = same_period_last_year(date_from, date_to)
    now = stats(date_from, date_to, post, include_friendship)
    before = stats(prev_from, prev_to, post, include_friendship)
    return {"current": now, "previous": before, "change": _change(now, before),
            "previous_from": prev_from.isoformat(), "previous_to": prev_to.isoformat()}


def format_table(data: dict[str, Any]) -> str:
    """The stats as a readable table in the interface language (for the command line)."""
    from borderdesk.domain.kinds import CASE_CATEGORIES

    from borderdesk.i18n.formatting import format_number

    labels = {
        "talks": (_("Talks"), {"count": _("times"), "members": _("members")}),
        "meetings": (_("Meetings on the border"), {"count": _("times"), "persons": _("persons")}),
        "letters": (_("Letters exchanged"), {"count": _("letters")}),
        "hotline_calls": (_("Hotline calls"), {"count": _("calls")}),
        "patrols": (_("Joint patrols"), {"count": _("patrols"), "teams": _("teams"), "personnel": _("personnel")}),
        "handovers": (_("Handovers"), {"count": _("times"), "persons": _("persons")}),
        "cases": (_("Cases"), {"count": _("cases"), "persons": _("persons")}),
        "friendship": (_("Friendship activities"), {"count": _("activities"), "participants": _("participants")}),
    }
    lines = []
    width = max(len(lbl) for lbl, _u in labels.values())
    for key, section in data.items():
        title, units = labels.get(key, (key, {}))
        figures = ", ".join(f"{format_number(v)} {units.get(k, k)}" for k, v in section.items() if k != "by_category")
        lines.append(f"{title:<{width}}  {figures}")
        for cat, s in sorted(section.get("by_category", {}).items()):
            cat_label = _(CASE_CATEGORIES[cat]) if cat in CASE_CATEGORIES else cat
            lines.append(f"    {cat_label}: {format_number(s['count'])} {units['count']}, "
                         f"{format_number(s['persons'])} {units['persons']}")
    return "\n".join(lines)
