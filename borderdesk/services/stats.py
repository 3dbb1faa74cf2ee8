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
from typing import Any, Callable

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

#: the group of a breakdown, computed in the inner query from one (date, counterpart) group
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


def _inner(table: str, where: str, extra: tuple[str, ...], sums: tuple[str, ...]) -> str:
    """The rows of *where* grouped by (date, counterpart, *extra*): the order of the report indexes
    ``(deleted, date, counterpart, …the summed columns)`` (and the same after ``site``), so SQLite
    reads the index once and sorts nothing. Months and counterparts are then summed from these
    groups (a few thousand); grouping a million rows by counterpart directly sorts every one."""
    keys = ", ".join(("date", "counterpart") + extra)
    cols = "".join(f", {c}" for c in extra) + "".join(f", coalesce(sum({c}), 0) AS s{i}" for i, c in enumerate(sums))
    return f"SELECT date, counterpart{cols}, count(*) AS n FROM {table} WHERE {where} GROUP BY {keys}"


def _outer(source: str, expr: str | None, extra: tuple[str, ...], nsums: int, window: bool = False) -> str:
    """``SELECT g, *extra, count, *sums`` from the groups of :func:`_inner` (a subquery or a temp table);
    ``window``: only the days between two parameters."""
    cols = "".join(f", {c}" for c in extra)
    sums = "".join(f", sum(s{i})" for i in range(nsums))
    where = " WHERE date >= ? AND date <= ?" if window else ""
    return f"SELECT {expr or 'NULL'} AS g{cols}, sum(n){sums} FROM {source}{where} GROUP BY g{cols}"


def _grouped(table: str, where: str, expr: str | None, extra: tuple[str, ...], sums: tuple[str, ...]) -> str:
    return _outer(f"({_inner(table, where, extra, sums)})", expr, extra, len(sums))


def _fill(name: str, rows, slot: Callable[[Any], dict], sums: dict[str, str]) -> None:
    """Put the rows of a section's outer query into the stats of their groups."""
    if name == "talks":
        for g, kind, n, people in rows:
            if kind == "talks":
                slot(g)["talks"].update(count=n, members=people)
            elif kind == "meeting":
                slot(g)["meetings"].update(count=n, persons=people)
    elif name == "cases":
        for g, category, n, persons in rows:
            s = slot(g)["cases"]
            s["count"] += n
            s["persons"] += persons
            got = s["by_category"].setdefault(category, {"count": 0, "persons": 0})
            got["count"] += n
            got["persons"] += persons
    else:
        for g, n, *vals in rows:
            if n:
                slot(g)[name].update(count=n, **dict(zip(sums, vals)))


def _aggregate_many(date_from: dt.date, date_to: dt.date, post: str | None, groups: tuple[str | None, ...],
                    include_friendship: bool = False,
                    previous: tuple[dt.date, dt.date] | None = None) -> dict[str | None, dict[Any, Any]]:
    """group -> group key -> stats shape, every group from one read of each table's report index.

    *groups*: None (the whole period), "month", "counterpart", "outcome" (cases by outcome and
    category). Asked for several, each table's (date, counterpart) groups are kept in a temporary
    table and the breakdowns summed from it, so a ten-year report reads a million records once.
    ``previous``: another period (the year before), read in the same pass; its total is the group
    "previous".
    """
    sections = _SECTIONS + ((_FRIENDSHIP,) if include_friendship else ())
    windowed = previous is not None
    if windowed:
        groups = tuple(groups) + ("previous",)
        read_from, read_to = min(date_from, previous[0]), max(date_to, previous[1])
    else:
        read_from, read_to = date_from, date_to
    windows = {g: [date_from.isoformat(), date_to.isoformat()] for g in groups}
    if windowed:
        windows["previous"] = [previous[0].isoformat(), previous[1].isoformat()]
    out: dict[str | None, dict[Any, Any]] = {g: {} for g in groups}

    def slotter(group):
        def slot(key) -> dict[str, Any]:
            got = out[group].get(key)
            if got is None:
                got = out[group][key] = empty_stats(include_friendship)
            return got
        return slot

    stats_groups = [g for g in groups if g != "outcome"]
    for name, table, extra_where, sums in sections:
        if name == "meetings":
            continue  # read together with talks
        where, params = _where(read_from, read_to, post, "" if name == "talks" else extra_where)
        if name == "talks":
            extra, cols = ("kind",), ("participants",)
        elif name == "cases":
            extra, cols = ("category", "outcome"), tuple(sums.values())
        else:
            extra, cols = (), tuple(sums.values())
        wanted = stats_groups + (["outcome"] if name == "cases" and "outcome" in groups else [])
        if wanted == [None] and name != "cases" and not windowed:
            # the whole period alone: one aggregate straight over the index, no grouping at all
            if name == "talks":
                # conditional sums: the index read once, no GROUP BY sort (3x faster than by kind)
                sql = ("SELECT coalesce(sum(CASE WHEN kind = 'talks' THEN 1 ELSE 0 END), 0), "
                       "coalesce(sum(CASE WHEN kind = 'talks' THEN participants ELSE 0 END), 0), "
                       "coalesce(sum(CASE WHEN kind = 'meeting' THEN 1 ELSE 0 END), 0), "
                       "coalesce(sum(CASE WHEN kind = 'meeting' THEN participants ELSE 0 END), 0) "
                       f"FROM talks WHERE {where}")
                talks, members, meetings, persons = DB.execute_sql(sql, params).fetchone()
                rows = [(None, "talks", talks, members)] if talks else []
                rows += [(None, "meeting", meetings, persons)] if meetings else []
                _fill(name, rows, slotter(None), sums)
                continue
            else:
                agg = "".join(f", coalesce(sum({c}), 0)" for c in cols)
                sql = f"SELECT NULL, count(*){agg} FROM {table} WHERE {where}"
            _fill(name, DB.execute_sql(sql, params), slotter(None), sums)
            continue
        if len(wanted) > 1 or windowed:
            DB.execute_sql("DROP TABLE IF EXISTS temp.stats_groups")
            DB.execute_sql(f"CREATE TEMP TABLE stats_groups AS {_inner(table, where, extra, cols)}", params)
            source, source_params = "temp.stats_groups", []
        else:
            source, source_params = f"({_inner(table, where, extra, cols)}) AS grouped", params
        try:
            for group in wanted:
                wparams = windows[group] if windowed else []
                if group == "outcome":
                    for _g, outcome, category, n, persons in DB.execute_sql(
                            _outer(source, None, ("outcome", "category"), 1, windowed), source_params + wparams):
                        s = out["outcome"].setdefault(outcome, {"count": 0, "persons": 0, "by_category": {}})
                        s["count"] += n
                        s["persons"] += persons
                        s["by_category"][category] = {"count": n, "persons": persons}
                    continue
                outer_extra = ("category",) if name == "cases" else extra
                expr = None if group == "previous" else _GROUPS[group]
                rows = DB.execute_sql(_outer(source, expr, outer_extra, len(cols), windowed), source_params + wparams)
                _fill(name, rows, slotter(group), sums)
        finally:
            if len(wanted) > 1 or windowed:
                DB.execute_sql("DROP TABLE IF EXISTS temp.stats_groups")
    return out


def _aggregate(date_from: dt.date, date_to: dt.date, post: str | None, group: str | None,
               include_friendship: bool = False) -> dict[Any, dict[str, Any]]:
    """Group key -> stats shape. One query per table (the talks table once for both kinds)."""
    return _aggregate_many(date_from, date_to, post, (group,), include_friendship)[group]


def stats(date_from: dt.date, date_to: dt.date, post: str | None = None,
          include_friendship: bool = False) -> dict[str, Any]:
    """The counts of a period (both days inclusive), in the shape of the module docstring.

    ``include_friendship`` adds ``"friendship": {"count", "participants"}`` for the
    reports; the command line's ``--json`` leaves it out.
    """
    return _aggregate(date_from, date_to, post, None, include_friendship).get(None) or empty_stats(include_friendship)


def _months(date_from: dt.date, date_to: dt.date, got: dict, include_friendship: bool) -> dict[str, dict[str, Any]]:
    out = {}
    y, mo = date_from.year, date_from.month
    while (y, mo) <= (date_to.year, date_to.month):
        key = f"{y:04d}-{mo:02d}"
        out[key] = got.get(key) or empty_stats(include_friendship)
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def stats_by_month(date_from: dt.date, date_to: dt.date, post: str | None = None,
                   include_friendship: bool = False) -> dict[str, dict[str, Any]]:
    """``"YYYY-MM"`` -> stats of that month within the period; every month of the period is present."""
    return _months(date_from, date_to, _aggregate(date_from, date_to, post, "month", include_friendship),
                   include_friendship)


def _named(got: dict) -> list[dict[str, Any]]:
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


def stats_by_counterpart(date_from: dt.date, date_to: dt.date, post: str | None = None,
                         include_friendship: bool = False) -> list[dict[str, Any]]:
    """One entry per counterpart unit with records in the period:
    ``{"counterpart": uuid or "", "name_vi", "name_zh", "stats": {...}}``, sorted by Vietnamese name
    (records without a counterpart last)."""
    return _named(_aggregate(date_from, date_to, post, "counterpart", include_friendship))


def cases_by_outcome(date_from: dt.date, date_to: dt.date, post: str | None = None) -> dict[str, dict[str, Any]]:
    """``outcome -> {"count", "persons", "by_category": {category: {"count", "persons"}}}``
    ("criminal proceedings in 49 cases against 94 persons for organizing illegal crossing")."""
    return _aggregate_many(date_from, date_to, post, ("outcome",))["outcome"]


def breakdowns(date_from: dt.date, date_to: dt.date, post: str | None = None,
               include_friendship: bool = True, with_previous: bool = True) -> dict[str, Any]:
    """What a periodic report shows, from one read of each table over the period and the same period
    of the year before: ``{"by_month", "by_counterpart", "outcomes", "previous"}`` in the shapes of
    :func:`stats_by_month`, :func:`stats_by_counterpart`, :func:`cases_by_outcome` and :func:`stats`
    (the period's total is the sum of its months)."""
    prev = same_period_last_year(date_from, date_to) if with_previous else None
    got = _aggregate_many(date_from, date_to, post, ("month", "counterpart", "outcome"), include_friendship, prev)
    out = {"by_month": _months(date_from, date_to, got["month"], include_friendship),
           "by_counterpart": _named(got["counterpart"]), "outcomes": got["outcome"]}
    if with_previous:
        out["previous"] = got["previous"].get(None) or empty_stats(include_friendship)
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
