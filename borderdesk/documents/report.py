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

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from borderdesk.documents import fonts, terms
from borderdesk.documents.formats import change as fmt_change
from borderdesk.documents.formats import date as fmt_date
from borderdesk.documents.formats import date_words, number
from borderdesk.documents.layout import FRAME_WIDTH, build, para
from borderdesk.documents.narrative import narrative
from borderdesk.services import stats as stats_service
from borderdesk.store import models as m

#: the record kinds of the monthly and per-counterpart tables: (stats key, vi, zh)
KIND_COLUMNS = (
    ("talks", "Hội đàm", "会谈"), ("meetings", "Gặp gỡ", "会晤"), ("letters", "Thư", "信函"),
    ("hotline_calls", "Điện thoại", "热线"), ("patrols", "Tuần tra", "巡逻"), ("handovers", "Bàn giao", "移交"),
    ("cases", "Vụ việc", "案件"),
)
SECTIONS = {
    "general": ("Tình hình chung", "总体情况"),
    "figures": ("Kết quả thực hiện các cơ chế hợp tác", "合作机制执行结果"),
    "cases": ("Vụ việc theo loại và kết quả xử lý", "案件类别及处理结果"),
    "months": ("Diễn biến theo thời gian", "分时段情况"),
    "counterparts": ("Theo đơn vị đối ứng phía Trung Quốc", "按中方对口单位统计"),
    "overdue": ("Đề nghị xác minh quá hạn chưa được trả lời", "逾期未答复的核查请求"),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
CHART_COLORS = ("#1f3b73", "#4f7cac", "#9bb7d4", "#c0504d", "#e6a23c", "#7a9a01", "#6b6b6b")


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


# --- gathering ---------------------------------------------------------------------------


def _add(a: Any, b: Any) -> Any:
    """The sum of two figures of the same shape (stats dicts, nested)."""
    if isinstance(a, dict) or isinstance(b, dict):
        a, b = a or {}, b or {}
        return {k: _add(a.get(k), b.get(k)) for k in list(a) + [k for k in b if k not in a]}
    return (a or 0) + (b or 0)


def _change(now: Any, before: Any) -> Any:
    if isinstance(now, dict):
        before = before or {}
        return {k: _change(v, before.get(k)) for k, v in now.items()}
    return stats_service.percent_change(now or 0, before or 0)


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


def _scope(posts: list[str] | None) -> tuple[str, str, str, str, str, str]:
    """(unit vi, unit zh, province, scope vi, scope zh) of the report's header."""
    from borderdesk.services import session

    here = m.Post.get_or_none(m.Post.code == session.site_code()) if session.has_site() else None
    rows = list(m.Post.select().where(m.Post.code.in_(posts))) if posts else []
    if posts and len(rows) == 1:
        p = rows[0]
        return p.name_vi, p.name_zh or p.name_vi, p.province, p.name_vi, p.name_zh or p.name_vi
    unit_vi = here.name_vi if here else ""
    unit_zh = (here.name_zh or here.name_vi) if here else ""
    province = here.province if here else ""
    if rows:
        return (unit_vi, unit_zh, province, ", ".join(p.name_vi for p in rows),
                "、".join(p.name_zh or p.name_vi for p in rows))
    return unit_vi, unit_zh, province, "toàn bộ các đơn vị", "全部单位"


def gather(date_from: dt.date, date_to: dt.date, posts: list[str] | None = None,
           today: dt.date | None = None) -> ReportData:
    """Every figure of the report of [*date_from*, *date_to*] for *posts* (None: all)."""
    from borderdesk.services import calendar

    s = stats_service
    prev_from, prev_to = s.same_period_last_year(date_from, date_to)
    previous = _over_posts(posts, lambda p: s.stats(prev_from, prev_to, p, include_friendship=True))
    by_month = _over_posts(posts, lambda p: s.stats_by_month(date_from, date_to, p, include_friendship=True))
    # the period's totals are the sum of its months: one pass over the tables instead of two
    current = s.empty_stats(include_friendship=True)
    for month in by_month.values():
        current = _add(current, month)
    by_cp = _merge_counterparts(_over_posts(posts, lambda p: s.stats_by_counterpart(date_from, date_to, p)))
    outcomes = _over_posts(posts, lambda p: s.cases_by_outcome(date_from, date_to, p))
    as_of = min(today or dt.date.today(), date_to)
    overdue = [it for it in _over_posts(posts, lambda p: calendar.due_items(0, today=as_of, post=p))
               if it["overdue"] and it["kind"] == "handover" and it["date"] >= date_from.isoformat()
               and it["date"] <= date_to.isoformat()]
    overdue.sort(key=lambda it: it["due"])
    unit_vi, unit_zh, province, scope_vi, scope_zh = _scope(posts)
    return ReportData(date_from, date_to, posts, unit_vi, unit_zh, province, scope_vi, scope_zh, current,
                      previous, _change(current, previous), prev_from, prev_to, by_month, by_cp, outcomes, overdue)


# --- setting it ----------------------------------------------------------------------------


def _T(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _section_title(i: int, key: str, lang: str):
    num = f"{ROMAN[i]}." if lang == "vi" else f"{terms.zh_ordinal(i + 1)}、"
    return [CondPageBreak(40 * mm), para(f"{num} {_T(SECTIONS[key], lang)}".replace("、 ", "、"), 12.5, "left",
                                         bold=True, before=8, after=4)]


def _table(rows: list[list[str]], widths: list[float], numeric_from: int = 1, header_rows: int = 1,
           size: float = 9.5, emphasis: set[int] | None = None):
    """A ruled table; cells are paragraphs (any script), numbers right-aligned."""
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            align = "center" if r < header_rows else ("right" if c >= numeric_from else "left")
            bold = r < header_rows or bool(emphasis and r in emphasis)
            cells.append(para(str(text), size, align, bold=bold, after=0, leading=size * 1.3))
        body.append(cells)
    t = Table(body, colWidths=widths, repeatRows=header_rows, splitByRow=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#555555")),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


def _figures_table(d: ReportData, lang: str):
    hdr = (["Nội dung", "Kỳ này", "Cùng kỳ", "So sánh"] if lang == "vi" else ["项目", "本期", "去年同期", "同比"])
    rows = [hdr]
    for sec, key, vi, zh in terms.FIGURE_ROWS + (("friendship", "count", "Hoạt động giao lưu hữu nghị (lần)",
                                                    "友好交流活动（次）"),):
        now = (d.current.get(sec) or {}).get(key, 0)
        before = (d.previous.get(sec) or {}).get(key, 0)
        pct = (d.change.get(sec) or {}).get(key)
        rows.append([vi if lang == "vi" else zh, number(now, lang), number(before, lang), fmt_change(pct, lang)])
    w = FRAME_WIDTH
    return _table(rows, [w * 0.52, w * 0.16, w * 0.16, w * 0.16])


def _cases_table(d: ReportData, lang: str):
    outs = ("criminal_proceedings", "administrative_handling", "handed_over")
    hdr = [_T(("Loại vụ việc", "案件类别"), lang), _T(("Vụ", "起数"), lang), _T(("Đối tượng", "人数"), lang)]
    hdr += [_T(terms.CASE_OUTCOMES[o], lang) + _T((" (vụ/đối tượng)", "（起/人）"), lang) for o in outs]
    rows = [hdr]
    cats = (d.current.get("cases") or {}).get("by_category") or {}
    order = [c for c in terms.CASE_CATEGORIES if c in cats] + sorted(c for c in cats if c not in terms.CASE_CATEGORIES)
    for cat in order:
        s = cats[cat]
        row = [_T(terms.CASE_CATEGORIES.get(cat, (cat, cat)), lang), number(s["count"], lang), number(s["persons"], lang)]
        for o in outs:
            os_ = ((d.outcomes.get(o) or {}).get("by_category") or {}).get(cat)
            row.append(f"{number(os_['count'], lang)}/{number(os_['persons'], lang)}" if os_ else "–")
        rows.append(row)
    tot = d.current.get("cases") or {}
    total = [_T(("Tổng cộng", "合计"), lang), number(tot.get("count", 0), lang), number(tot.get("persons", 0), lang)]
    for o in outs:
        os_ = d.outcomes.get(o)
        total.append(f"{number(os_['count'], lang)}/{number(os_['persons'], lang)}" if os_ else "–")
    rows.append(total)
    w = FRAME_WIDTH
    return _table(rows, [w * 0.31, w * 0.09, w * 0.12, w * 0.16, w * 0.16, w * 0.16], emphasis={len(rows) - 1})


def _periods(d: ReportData) -> list[tuple[str, dict]]:
    """(label key, stats) by month, or by year when the period is longer than two years."""
    cached = d.__dict__.get("_periods")
    if cached is not None:
        return cached
    months = list(d.by_month.items())
    if len(months) > 24:
        years: dict[str, dict] = {}
        for key, s in months:
            years[key[:4]] = _add(years.get(key[:4]), s)
        months = list(years.items())
    d.__dict__["_periods"] = months
    return months


def _period_label(key: str, lang: str, short: bool = False) -> str:
    if len(key) == 4:
        return key if lang == "vi" else f"{key}年"
    y, mo = int(key[:4]), int(key[5:7])
    if short:
        return f"T{mo}" if lang == "vi" else f"{mo}月"
    return f"{mo:02d}/{y}" if lang == "vi" else f"{y}年{mo}月"


def _chart(d: ReportData, lang: str) -> Drawing:
    """Records by month (or year), stacked by kind."""
    fonts.register_fonts()
    periods = _periods(d)
    label_font = fonts.SERIF if lang == "vi" else fonts.SONG
    width, height = FRAME_WIDTH, 75 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 38, width - 40, height - 60
    chart.data = [[(s.get(k) or {}).get("count", 0) for _key, s in periods] for k, _v, _z in KIND_COLUMNS]
    chart.categoryAxis.style = "stacked"
    many_years = len({k[:4] for k, _s in periods}) > 1 and len(periods[0][0]) > 4
    chart.categoryAxis.categoryNames = [_period_label(k, lang, short=not many_years) for k, _s in periods]
    chart.categoryAxis.labels.fontName = label_font
    chart.categoryAxis.labels.fontSize = 7 if len(periods) <= 12 else 5.5
    chart.categoryAxis.labels.angle = 0 if len(periods) <= 12 else 60
    chart.categoryAxis.labels.boxAnchor = "n" if len(periods) <= 12 else "ne"
    chart.valueAxis.labels.fontName = fonts.SERIF
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.bars.strokeWidth = 0
    for i, col in enumerate(CHART_COLORS):
        chart.bars[i].fillColor = colors.HexColor(col)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 28, 10
    legend.fontName, legend.fontSize = label_font, 7.5
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = (width - 40) / len(KIND_COLUMNS)
    legend.dx = legend.dy = 6
    legend.colorNamePairs = [(colors.HexColor(c), (vi if lang == "vi" else zh))
                             for c, (_k, vi, zh) in zip(CHART_COLORS, KIND_COLUMNS)]
    drawing.add(legend)
    return drawing


def _months_table(d: ReportData, lang: str):
    rows = [[_T(("Thời gian", "时间"), lang)] + [vi if lang == "vi" else zh for _k, vi, zh in KIND_COLUMNS]]
    for key, s in _periods(d):
        rows.append([_period_label(key, lang)] + [number((s.get(k) or {}).get("count", 0), lang)
                                                  for k, _v, _z in KIND_COLUMNS])
    rows.append([_T(("Tổng cộng", "合计"), lang)] + [number((d.current.get(k) or {}).get("count", 0), lang)
                                                   for k, _v, _z in KIND_COLUMNS])
    w = FRAME_WIDTH
    return _table(rows, [w * 0.16] + [w * 0.12] * len(KIND_COLUMNS), emphasis={len(rows) - 1})


def _counterparts_table(d: ReportData, lang: str):
    rows = [[_T(("Đơn vị đối ứng", "对口单位"), lang)] + [vi if lang == "vi" else zh for _k, vi, zh in KIND_COLUMNS]]
    for e in d.by_counterpart:
        if e["counterpart"]:
            name = (e["name_vi"] or e["name_zh"]) if lang == "vi" else (e["name_zh"] or e["name_vi"])
        else:
            name = _T(("(không ghi đơn vị)", "（未填单位）"), lang)
        rows.append([name] + [number((e["stats"].get(k) or {}).get("count", 0), lang) for k, _v, _z in KIND_COLUMNS])
    w = FRAME_WIDTH
    return _table(rows, [w * 0.30] + [w * 0.10] * len(KIND_COLUMNS))


def _overdue_table(d: ReportData, lang: str):
    rows = [[_T(("Ngày bàn giao", "移交日期"), lang), _T(("Đơn vị đối ứng", "对口单位"), lang),
             _T(("Hạn trả lời", "答复期限"), lang), _T(("Quá hạn (ngày làm việc)", "逾期（工作日）"), lang)]]
    for it in d.overdue:
        name = (it["counterpart"] or it["counterpart_zh"]) if lang == "vi" else (it["counterpart_zh"] or it["counterpart"])
        rows.append([fmt_date(it["date"], lang), name, fmt_date(it["due"], lang), number(-it["days_left"], lang)])
    w = FRAME_WIDTH
    return _table(rows, [w * 0.2, w * 0.4, w * 0.2, w * 0.2], numeric_from=3)


def _header(d: ReportData, lang: str) -> list:
    half = FRAME_WIDTH / 2
    unit = d.unit_vi if lang == "vi" else d.unit_zh
    left = [para(unit.upper() if lang == "vi" else unit, 11, "center", bold=True, after=0),
            para("―――――", 8, "center", after=0)]
    if lang == "vi":
        right = [para(terms.NATIONAL_VN[0], 11, "center", bold=True, after=0),
                 para(terms.MOTTO_VN, 12, "center", bold=True, after=0), para("―――――――", 8, "center", after=0)]
    else:
        right = [para(terms.NATIONAL_VN[1], 12, "center", bold=True, after=0),
                 para("独立—自由—幸福", 11.5, "center", bold=True, after=0)]
    t = Table([[left, right]], colWidths=[half - 8 * mm, half + 8 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    today = dt.date.today()
    where = d.province or ""
    place_date = (f"{where + ', ' if where else ''}{date_words(today, 'vi')}" if lang == "vi"
                  else f"{date_words(today, 'zh')}{'于' + where if where else ''}")
    out = [t, Spacer(1, 3 * mm), para(place_date, 11.5, "right", italic_gray=False, after=6)]
    out.append(para(_T(terms.REPORT_TITLE, lang), 16, "center", bold=True, after=2))
    out.append(para(_T(terms.REPORT_SUBJECT, lang), 12.5, "center", bold=True, after=2))
    period = (f"(Từ ngày {fmt_date(d.date_from, 'vi')} đến ngày {fmt_date(d.date_to, 'vi')})" if lang == "vi"
              else f"（{fmt_date(d.date_from, 'zh')}至{fmt_date(d.date_to, 'zh')}）")
    out.append(para(period, 12, "center", after=2))
    scope = (f"Phạm vi: {d.scope_vi}" if lang == "vi" else f"范围：{d.scope_zh}")
    out.append(para(scope, 11, "center", after=8))
    return out


def _signature(d: ReportData, lang: str):
    cell = [para(_T(("THỦ TRƯỞNG ĐƠN VỊ", "单位负责人"), lang), 12, "center", bold=True, after=0),
            para(_T(terms.SIGN_HINT, lang), 10.5, "center", italic_gray=True), Spacer(1, 24 * mm)]
    t = Table([["", cell]], colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    return KeepTogether([Spacer(1, 8 * mm), t])


def _language_part(d: ReportData, lang: str) -> list:
    out = _header(d, lang)
    out += _section_title(0, "general", lang)
    for text in narrative(d.current, d.change, d.outcomes, lang, overdue=len(d.overdue)):
        out.append(para(text, 12.5, first=10 * mm))
    comparison = (f"So sánh với cùng kỳ ({fmt_date(d.prev_from, 'vi')} – {fmt_date(d.prev_to, 'vi')})."
                  if lang == "vi" else f"同比期间：{fmt_date(d.prev_from, 'zh')}至{fmt_date(d.prev_to, 'zh')}。")
    out += _section_title(1, "figures", lang) + [para(comparison, 10.5, "left", italic_gray=True),
                                                 _figures_table(d, lang)]
    out += _section_title(2, "cases", lang) + [_cases_table(d, lang)]
    out += _section_title(3, "months", lang) + [_chart(d, lang), Spacer(1, 3 * mm), _months_table(d, lang)]
    out += _section_title(4, "counterparts", lang)
    out += [_counterparts_table(d, lang)] if d.by_counterpart else [para(_T(("Không có.", "无。"), lang), 12)]
    out += _section_title(5, "overdue", lang)
    out += [_overdue_table(d, lang)] if d.overdue else [para(_T(("Không có.", "无。"), lang), 12)]
    out.append(_signature(d, lang))
    return out


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
    build(flow, buf, title=f"{terms.REPORT_TITLE[0]} / {terms.REPORT_TITLE[1]}", lang=langs[0])
    return buf.getvalue() if out is None else None


def period_bounds(kind: str, year: int, index: int = 1) -> tuple[dt.date, dt.date]:
    """First and last day of a month (index 1–12), quarter (1–4), half (1–2) or year."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first_month = (index - 1) * months + 1 if kind != "year" else 1
    start = dt.date(year, first_month, 1)
    end_month = first_month + months
    end = (dt.date(year + 1, 1, 1) if end_month > 12 else dt.date(year, end_month, 1)) - dt.timedelta(days=1)
    return start, end
