"""The report's charts, made for the monochrome printers of the posts.

One small chart per measure (small multiples) instead of one stack of
unlike things: each chart has its own integer axis, a title naming the
measure and its unit, and one dark fill; a period the report covers only in
part (a month cut by the period's first or last day, a partial year) is
drawn in a light hatch-free grey and marked with an asterisk, explained under
the charts. Grey levels only, so a black-and-white printer shows all of it.
"""
from __future__ import annotations

import datetime as dt
import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from borderdesk.documents import figures, fonts
from borderdesk.documents.layout import FRAME_WIDTH, para
from borderdesk.documents.tagging import FigureFlowable

#: (stats key, chart title vi, zh) of each small chart: what it counts and in which unit
CHARTS = (
    ("talks", "Hội đàm (lần)", "会谈（次）"), ("meetings", "Gặp gỡ (lần)", "会晤（次）"),
    ("letters", "Thư (thư)", "信函（件）"), ("hotline_calls", "Điện thoại (cuộc)", "热线电话（次）"),
    ("patrols", "Tuần tra liên hợp (lần)", "联合巡逻（次）"), ("handovers", "Bàn giao (lần)", "移交（批次）"),
    ("cases", "Vụ việc (vụ)", "案件（起）"), ("friendship", "Giao lưu hữu nghị (lần)", "友好交流（次）"),
)
FULL, PARTIAL = colors.Color(0.2, 0.2, 0.2), colors.Color(0.72, 0.72, 0.72)


def nice_step(top: int) -> int:
    """An integer axis step giving at most five gridlines (1, 2, 5, 10, 20, 50 …)."""
    if top <= 5:
        return 1
    raw = top / 5
    mag = 10 ** int(math.floor(math.log10(raw)))
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return int(m * mag)
    return int(10 * mag)


def _periods(d) -> list[tuple[str, dict, bool]]:
    """(label, stats, partial) of each bar: months, or calendar years beyond 24 months."""
    out = []
    if len(d.by_month) > 24:
        years = figures.by_year(d.by_month)
        for y in figures.calendar_years(d.date_from, d.date_to):
            out.append((str(y.year), years.get(y.year) or {}, y.start is not None))
        return out
    for key, s in d.by_month.items():
        y, mo = int(key[:4]), int(key[5:7])
        first = dt.date(y, mo, 1)
        last = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
        partial = d.date_from > first or d.date_to < last
        out.append((key, s, partial))
    return out


def _label(key: str, lang: str, many_years: bool) -> str:
    if len(key) == 4:
        return key
    y, mo = int(key[:4]), int(key[5:7])
    if many_years:
        return f"{mo}/{str(y)[2:]}" if lang == "vi" else f"{str(y)[2:]}.{mo}"
    return f"T{mo}" if lang == "vi" else f"{mo}月"


def small_chart(title: str, labels: list[str], values: list[int], partial: list[bool], lang: str,
                width: float, height: float) -> Drawing:
    face = fonts.SERIF if lang == "vi" else fonts.SONG
    drawing = Drawing(width, height)
    drawing.add(String(4, height - 10, title, fontName=fonts.font_runs(title, True)[0][0], fontSize=8.5))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 22, 16, width - 28, height - 34
    chart.data = [values]
    top = max(values + [1])
    step = nice_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * math.ceil(top / step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.labels.fontName = fonts.SERIF
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.categoryAxis.categoryNames = [lbl + ("*" if p else "") for lbl, p in zip(labels, partial)]
    chart.categoryAxis.labels.fontName = face
    small = len(labels) > 12
    chart.categoryAxis.labels.fontSize = 5 if small else 6
    chart.categoryAxis.labels.angle = 90 if small else 0
    chart.categoryAxis.labels.boxAnchor = "e" if small else "n"
    chart.bars.strokeWidth = 0
    chart.bars[0].fillColor = FULL
    for i, p in enumerate(partial):
        if p:
            chart.bars[(0, i)].fillColor = PARTIAL
    drawing.add(chart)
    return drawing


def charts(d, lang: str) -> list:
    """The small multiples as a two-column grid, with the note on partial periods when needed."""
    periods = _periods(d)
    many_years = len({k[:4] for k, _s, _p in periods}) > 1 and len(periods[0][0]) > 4
    labels = [_label(k, lang, many_years) for k, _s, _p in periods]
    partial = [p for _k, _s, p in periods]
    w, h = FRAME_WIDTH / 2, 42 * mm + (6 * mm if len(labels) > 12 else 0)
    cells = []
    for key, vi, zh in CHARTS:
        values = [int(((s.get(key) or {}).get("count", 0)) or 0) for _k, s, _p in periods]
        title = vi if lang == "vi" else zh
        alt = ("; " if lang == "vi" else "；").join(f"{lbl}{'*' if p else ''} {v}" for lbl, v, p in zip(labels, values, partial))
        cells.append(FigureFlowable(small_chart(title, labels, values, partial, lang, w, h), f"{title}: {alt}"))
    grid = Table([cells[i:i + 2] for i in range(0, len(cells), 2)], colWidths=[w, w])
    grid.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    out = [grid]
    if any(partial):
        out.append(para("* Kỳ không trọn: chỉ tính những ngày thuộc kỳ báo cáo (cột màu nhạt)." if lang == "vi"
                        else "* 不完整时段：仅统计报告期内的日期（浅色柱）。", 10, "left", italic_gray=True))
    return out
