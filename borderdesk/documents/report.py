"""The periodic report (báo cáo / 报告) of a period and a scope of posts, as PDF.

:func:`gather` reads every figure once through ``services.stats`` (and the
overdue verifications through ``services.calendar``); :func:`render_report`
sets them in Vietnamese, in Chinese, or both one after the other. The
figures printed are exactly those of ``stats``: nothing here counts rows.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from borderdesk.documents import charts, figures, fonts, headings, terms
from borderdesk.documents import report_heading as heading
from borderdesk.documents.formats import date as fmt_date
from borderdesk.documents.layout import FRAME_WIDTH, KeepWithLast, Part, build, para
from borderdesk.documents.narrative import narrative
from borderdesk.services import stats as stats_service
from borderdesk.store import models as m

SECTIONS = {
    "general": ("Tình hình chung", "总体情况"),
    "figures": ("Kết quả thực hiện các cơ chế hợp tác", "合作机制执行结果"),
    "cases": ("Vụ việc theo loại và kết quả xử lý", "案件类别及处理结果"),
    "months": ("Diễn biến theo thời gian", "分时段情况"),
    "counterparts": ("Theo đơn vị đối ứng phía Trung Quốc", "按中方对口单位统计"),
    "overdue": ("Đề nghị xác minh quá hạn chưa được trả lời", "逾期未答复的核查请求"),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass
class ReportData:
    date_from: dt.date
    date_to: dt.date
    posts: list[str] | None  # codes; None = every post in the database
    unit_vi: str
    unit_zh: str
    province: str
    scope_vi: str
    scope_zh: str
    current: dict[str, Any]
    previous: dict[str, Any]
    change: dict[str, Any]
    prev_from: dt.date
    prev_to: dt.date
    by_month: dict[str, dict[str, Any]]
    by_counterpart: list[dict[str, Any]]
    outcomes: dict[str, dict[str, Any]]
    overdue: list[dict[str, Any]] = field(default_factory=list)
    single_post: bool = False
    post_kind: str = "post"
    code: str = ""
    signer: Signer | None = None
    made_by: str = ""
    made_at: dt.datetime | None = None
    as_of: dt.date | None = None  # the day overdue verifications are counted to
    tables: dict[str, figures.FigureTable] = field(default_factory=dict)

    @property
    def long(self) -> bool:
        """Longer than a year: compared calendar year by calendar year, not with a "same period"."""
        return figures.is_long(self.date_from, self.date_to)


@dataclass
class Signer:
    """Who signs the report (chosen at print time from the officers registry)."""

    name_vi: str
    name_zh: str
    rank: str
    title_vi: str
    title_zh: str


# --- gathering ---------------------------------------------------------------------------


def _add(a: Any, b: Any) -> Any:
    return figures._add(a, b)


class _breakdowns(dict):
    """``stats.breakdowns`` of one post, added up over posts by :func:`_over_posts`."""


def _over_posts(posts: list[str] | None, fn):
    """Run *fn(post)* for each post of the scope (once with None for all) and add the results."""
    if not posts:
        return fn(None)
    total = None
    for code in posts:
        got = fn(code)
        if total is None:
            total = got
        elif isinstance(got, list):
            total = total + got
        elif isinstance(got, _breakdowns):
            total = _breakdowns({"by_month": _add(total["by_month"], got["by_month"]),
                                 "by_counterpart": total["by_counterpart"] + got["by_counterpart"],
                                 "outcomes": _add(total["outcomes"], got["outcomes"]),
                                 "previous": _add(total.get("previous"), got.get("previous"))})
        else:
            total = _add(total, got)
    return total


def _merge_counterparts(rows: list[dict]) -> list[dict]:
    merged: dict[str, dict] = {}
    for r in rows:
        got = merged.get(r["counterpart"])
        if got is None:
            merged[r["counterpart"]] = dict(r)
        else:
            got["stats"] = _add(got["stats"], r["stats"])
    out = list(merged.values())
    out.sort(key=lambda e: (not e["counterpart"], (e["name_vi"] or "").casefold()))
    return out


def _scope(posts: list[str] | None) -> tuple:
    """(unit vi, unit zh, province, scope vi, scope zh, single post, post kind, code) of the heading."""
    from borderdesk.services import session

    here = m.Post.get_or_none(m.Post.code == session.site_code()) if session.has_site() else None
    rows = list(m.Post.select().where(m.Post.code.in_(posts))) if posts else []
    if posts and len(rows) == 1:
        p = rows[0]
        return (p.name_vi, p.name_zh or p.name_vi, p.province, p.name_vi, p.name_zh or p.name_vi, True,
                p.kind, p.code)
    unit_vi = here.name_vi if here else ""
    unit_zh = (here.name_zh or here.name_vi) if here else ""
    province = here.province if here else ""
    kind, code = (here.kind, here.code) if here else ("headquarters", "")
    if rows:
        return (unit_vi, unit_zh, province, ", ".join(p.name_vi for p in rows),
                "、".join(p.name_zh or p.name_vi for p in rows), False, kind, code)
    return unit_vi, unit_zh, province, "toàn bộ các đơn vị", "全部单位", False, kind, code


def signer_from_officer(uuid: str | None) -> Signer | None:
    """The signer of a report from the officers registry (None: the block is left to fill by hand)."""
    if not uuid:
        return None
    from borderdesk.services import registry

    o = registry.get("officer", uuid)
    return Signer(o.name_vi, o.name_zh or "", o.rank or "", o.position_vi or "", o.position_zh or "")


def gather(date_from: dt.date, date_to: dt.date, posts: list[str] | None = None,
           today: dt.date | None = None, signer: Signer | None = None) -> ReportData:
    """Every figure of the report of [*date_from*, *date_to*] for *posts* (None: all), tables included."""
    from borderdesk.services import calendar, session

    s = stats_service
    # months, counterparts, outcomes and the year before from one read of each table (ten years at
    # a million records: one pass instead of four); the period's totals are the sum of its months
    long = figures.is_long(date_from, date_to)
    parts = _over_posts(posts, lambda p: _breakdowns(s.breakdowns(date_from, date_to, p, with_previous=not long)))
    by_month, outcomes = parts["by_month"], parts["outcomes"]
    current = s.empty_stats(include_friendship=True)
    for month in by_month.values():
        current = _add(current, month)
    if long:
        prev_from = prev_to = None
        previous: dict = {}
    else:
        prev_from, prev_to = s.same_period_last_year(date_from, date_to)
        previous = parts["previous"]
    by_cp = _merge_counterparts(parts["by_counterpart"])
    as_of = min(today or dt.date.today(), date_to)
    overdue = [it for it in _over_posts(posts, lambda p: calendar.due_items(0, today=as_of, post=p))
               if it["overdue"] and it["kind"] == "handover" and date_from.isoformat() <= it["date"]
               <= date_to.isoformat()]
    for it in overdue:
        # working days after the due date up to and including the day the report is made as of
        it["overdue_days"] = -it["days_left"]
    overdue.sort(key=lambda it: (it["side"] != "vn", it["due"]))
    unit_vi, unit_zh, province, scope_vi, scope_zh, single, kind, code = _scope(posts)
    d = ReportData(date_from, date_to, posts, unit_vi, unit_zh, province, scope_vi, scope_zh, current,
                   previous, {}, prev_from, prev_to, by_month, by_cp, outcomes, overdue, single, kind, code,
                   signer, session.current_user(), dt.datetime.now().replace(microsecond=0))
    d.as_of = as_of
    d.tables = {
        "figures": figures.figures_table(current, previous or None, date_from, date_to, by_month),
        "cases": figures.cases_table(current, outcomes),
        "months": figures.periods_table(by_month, date_from, date_to),
        "counterparts": figures.counterparts_table(by_cp),
        "overdue": figures.overdue_table(overdue),
    }
    return d


# --- setting it ----------------------------------------------------------------------------

BODY = 13.5  # Decree 30/2020: body text 13–14 pt
TABLE_SIZE = 10.5


def _T(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _section_title(i: int, key: str, lang: str):
    num = f"{ROMAN[i]}." if lang == "vi" else f"{terms.zh_ordinal(i + 1)}、"
    return [CondPageBreak(40 * mm), para(f"{num} {_T(SECTIONS[key], lang)}".replace("、 ", "、"), BODY, "left",
                                         bold=True, before=8, after=4, tag="H2")]


def _widths(t: figures.FigureTable, lang: str, size: float) -> tuple[list[float], bool]:
    """Column widths: numbers and dates on one line, names wrapping between words (each column at
    least as wide as its longest word), a header never broken inside its brackets (its bracketed
    part is one unit); what is left goes to the columns of names. ``fits`` is False when even the
    minimums are wider than the frame (the caller then sets the header smaller)."""
    mins, flexible = [], []
    for c, col in enumerate(t.columns):
        need = max(fonts.string_width(w, size, bold=True) for w in headings.unbreakable_parts(_T(col, lang))) + 8
        texty = False
        for r in t.rows + ([t.total] if t.total else []):
            value = r[c]
            text = figures.label_text(value, lang)
            if isinstance(value, (tuple, str)):
                texty = True
                parts = list(text) if fonts.has_han(text) else text.split()
                need = max([need] + [fonts.string_width(p, size + 1) + 8 for p in parts])
            elif value is not None:
                need = max(need, fonts.string_width(text, size + 1) + 8)
        mins.append(need)
        if texty:
            flexible.append(c)
    flexible = flexible or [0]
    spare = FRAME_WIDTH - sum(mins)
    if spare < 0:
        return [w * FRAME_WIDTH / sum(mins) for w in mins], False
    widths = list(mins)
    rigid = [c for c in range(len(mins)) if c not in flexible]
    share = 0.25 if rigid else 0.0  # some air for the numbers, the rest to the names
    for c in rigid:
        widths[c] += spare * share / len(rigid)
    for c in flexible:
        widths[c] += spare * (1 - share) / len(flexible)
    return widths, True


def render_table(t: figures.FigureTable, lang: str, size: float = TABLE_SIZE):
    """A :class:`FigureTable` as a ruled table: group headers spanning their columns, numbers right."""
    head_size = size - 0.5
    widths, fits = _widths(t, lang, head_size)
    while not fits and head_size > 7:  # a smaller header rather than a header broken inside its brackets
        head_size -= 0.5
        widths, fits = _widths(t, lang, head_size)
    body, style = [], [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#555555")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]

    def head(text: str, width: float):
        # a bracketed part that does not fit after the words goes to its own line, whole
        return para(headings.break_before_brackets(text, width - 7, head_size), head_size, "center", bold=True,
                    after=0, leading=head_size * 1.25)

    header_rows = 1
    if t.groups:
        header_rows = 2
        top = [head(_T(col, lang), widths[c]) for c, col in enumerate(t.columns)]
        second = ["" for _c in t.columns]
        spanned = set()
        for label, a, b in t.groups:
            top[a] = head(_T(label, lang), sum(widths[a:b + 1]))
            for c in range(a, b + 1):
                second[c] = head(_T(t.columns[c], lang), widths[c])
                spanned.add(c)
                if c != a:
                    top[c] = ""
            style.append(("SPAN", (a, 0), (b, 0)))
        for c in range(len(t.columns)):
            if c not in spanned:
                style.append(("SPAN", (c, 0), (c, 1)))
        body += [top, second]
    else:
        body.append([head(_T(col, lang), widths[c]) for c, col in enumerate(t.columns)])
    style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8e8e8")))
    rows = list(t.rows)
    total = t.total
    if total is not None:
        rows.append(total)
    for r, row in enumerate(rows):
        is_total = total is not None and r == len(rows) - 1
        cells = []
        for c, value in enumerate(row):
            text = figures.label_text(value, lang)
            if is_total and value is None and c:
                text = ""
            align = "left" if c == 0 and not isinstance(value, (dt.date, figures.Month)) else (
                "center" if c == 0 or isinstance(value, (dt.date, tuple)) else "right")
            bold = is_total or (t.total_column is not None and c == t.total_column)
            cells.append(para(text, size, align, bold=bold, after=0, leading=size * 1.3))
        body.append(cells)
    table = Table(body, colWidths=widths, repeatRows=header_rows, splitByRow=1)
    table.setStyle(TableStyle(style))
    return table


def _language_part(d: ReportData, lang: str) -> list:
    out: list = [Part(lang, "decree" if lang == "vi" else "gb")]
    out += heading.report_heading(d, lang)
    out += _section_title(0, "general", lang)
    for text in narrative(d, lang):
        out.append(para(text, BODY, first=10 * mm, leading=BODY * 1.35))
    fig = d.tables["figures"]
    if d.long:
        note = ("Kỳ báo cáo dài hơn một năm: số liệu được so sánh theo từng năm dương lịch." if lang == "vi"
                else "报告期超过一年，按自然年逐年对比。")
    else:
        note = (f"So sánh với cùng kỳ ({fmt_date(d.prev_from, 'vi')} – {fmt_date(d.prev_to, 'vi')}); "
                "“mới”: cùng kỳ không có." if lang == "vi"
                else f"同比期间：{fmt_date(d.prev_from, 'zh')}至{fmt_date(d.prev_to, 'zh')}；“新增”：去年同期为零。")
    out += _section_title(1, "figures", lang) + [para(note, 10.5, "left", italic_gray=True), render_table(fig, lang)]
    out += _section_title(2, "cases", lang)
    out += [render_table(d.tables["cases"], lang, 9.5)] if d.tables["cases"].rows else [para(_T(NONE, lang), BODY)]
    out += _section_title(3, "months", lang) + charts.charts(d, lang) + [Spacer(1, 3 * mm),
                                                                         render_table(d.tables["months"], lang, 9.5)]
    out += _section_title(4, "counterparts", lang)
    out += ([render_table(d.tables["counterparts"], lang, 9.5)] if d.by_counterpart
            else [para(_T(NONE, lang), BODY)])
    out += _section_title(5, "overdue", lang)
    if d.overdue:
        note = (f"Số ngày quá hạn: ngày làm việc của bên phải trả lời, từ sau ngày hết hạn đến hết ngày "
                f"{fmt_date(d.as_of, 'vi')}." if lang == "vi" else
                f"逾期天数：应答复方的工作日，自答复期限次日起至{fmt_date(d.as_of, 'zh')}（含）。")
        out += [para(note, 10.5, "left", italic_gray=True), render_table(d.tables["overdue"], lang)]
    else:
        out += [para(_T(NONE, lang), BODY)]
    # the signature never stands alone on the last page: the end of the last section goes with it
    out.append(KeepWithLast(out.pop(), heading.report_signature(d, lang)))
    return out


NONE = ("Không có.", "无。")


def render_report(data: ReportData, langs: tuple[str, ...] = ("vi", "zh"),
                  out: str | Path | io.BytesIO | None = None):
    """Write the report in each of *langs* (one after the other) to *out*; without *out*, return the bytes."""
    flow: list = []
    for i, lang in enumerate(langs):
        if lang not in ("vi", "zh"):
            raise ValueError(f"unknown document language: {lang}")
        if i:
            flow.append(PageBreak())
        flow += _language_part(data, lang)
    buf = out if out is not None else io.BytesIO()
    title = " / ".join(heading.report_title(data, lang) for lang in langs)
    subject = " / ".join(f"{_T(terms.REPORT_SUBJECT, lang)}, {heading.period_text(data, lang)}" for lang in langs)
    build(flow, buf, title=title, subject=subject, lang=langs[0])
    return buf.getvalue() if out is None else None


def period_bounds(kind: str, year: int, index: int = 1) -> tuple[dt.date, dt.date]:
    """First and last day of a month (index 1–12), quarter (1–4), half (1–2) or year."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first_month = (index - 1) * months + 1 if kind != "year" else 1
    start = dt.date(year, first_month, 1)
    end_month = first_month + months
    end = (dt.date(year + 1, 1, 1) if end_month > 12 else dt.date(year, end_month, 1)) - dt.timedelta(days=1)
    return start, end
