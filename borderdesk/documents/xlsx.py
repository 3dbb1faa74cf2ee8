"""The report's tables as a workbook, for officers who rework the figures.

The sheets are the report's own tables (``figures.py``), so the workbook and
the PDF cannot disagree. The first sheet names the unit, the scope, the
period, who made the workbook and when. Headers are in the report's
language; dates and months are real dates with a date format; changes are
percentages (or the PDF's "—" / "mới" where there is no base); every total
row is a ``SUM`` formula whose value is stored with it, so a reader that does
not calculate sees the same number.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from borderdesk.documents import figures
from borderdesk.documents.report import SECTIONS, ReportData

SHEETS = {"figures": ("Số liệu", "数据"), "cases": ("Vụ việc", "案件"), "months": ("Thời gian", "时间"),
          "counterparts": ("Đơn vị đối ứng", "对口单位"), "overdue": ("Quá hạn", "逾期")}
INFO = ("Thông tin", "信息")


def _text(pair: tuple[str, str], langs: tuple[str, ...]) -> str:
    return " / ".join(pair[0] if lang == "vi" else pair[1] for lang in langs)


def _sheet_name(pair: tuple[str, str], langs: tuple[str, ...]) -> str:
    return " - ".join(pair[0] if lang == "vi" else pair[1] for lang in langs)[:31]


def _date_format(lang: str) -> str:
    return "dd/mm/yyyy" if lang == "vi" else 'yyyy"年"m"月"d"日"'


def _month_format(lang: str) -> str:
    return "mm/yyyy" if lang == "vi" else 'yyyy"年"m"月"'


def export_report(data: ReportData, path: str | Path, langs: tuple[str, ...] = ("vi", "zh")) -> None:
    """Write the first sheet and one sheet per table of *data* in *langs* to *path*."""
    lang = langs[0]
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": _text(("Báo cáo", "报告"), langs), "author": data.made_by or "BorderDesk",
                       "company": data.unit_vi if lang == "vi" else data.unit_zh})
    f = {
        "head": wb.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True,
                               "valign": "vcenter", "align": "center"}),
        "int": wb.add_format({"num_format": "#,##0", "border": 1}),
        "total": wb.add_format({"num_format": "#,##0", "border": 1, "bold": True}),
        "label": wb.add_format({"border": 1, "text_wrap": True}),
        "total_label": wb.add_format({"border": 1, "bold": True}),
        "date": wb.add_format({"num_format": _date_format(lang), "border": 1, "align": "center"}),
        "month": wb.add_format({"num_format": _month_format(lang), "border": 1, "align": "center"}),
        "pct": wb.add_format({"num_format": "+0%;-0%;0%", "border": 1}),
        "text": wb.add_format({"border": 1, "align": "right"}),
        "key": wb.add_format({"bold": True}),
        "when": wb.add_format({"num_format": _date_format(lang) + " hh:mm", "align": "left"}),
        "day": wb.add_format({"num_format": _date_format(lang), "align": "left"}),
    }
    info = wb.add_worksheet(_sheet_name(INFO, langs))
    rows = [
        (("Đơn vị", "单位"), " / ".join(data.unit_vi if x == "vi" else data.unit_zh for x in langs)),
        (("Phạm vi", "范围"), " / ".join(data.scope_vi if x == "vi" else data.scope_zh for x in langs)),
        (("Từ ngày", "起始日期"), data.date_from),
        (("Đến ngày", "截止日期"), data.date_to),
        (("So sánh với", "对比期间"), (f"{data.prev_from:%d/%m/%Y} – {data.prev_to:%d/%m/%Y}" if data.prev_from
                                   else _text(("từng năm dương lịch", "逐个自然年"), langs))),
        (("Người lập", "制表人"), data.made_by),
        (("Thời gian lập", "制表时间"), data.made_at or dt.datetime.now().replace(microsecond=0)),
    ]
    for r, (label, value) in enumerate(rows):
        info.write_string(r, 0, _text(label, langs), f["key"])
        if isinstance(value, dt.datetime):
            info.write_datetime(r, 1, value, f["when"])
        elif isinstance(value, dt.date):
            info.write_datetime(r, 1, dt.datetime.combine(value, dt.time()), f["day"])
        else:
            info.write_string(r, 1, str(value or ""))
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 60)
    for key, table in data.tables.items():
        _table_sheet(wb, f, SHEETS[key], SECTIONS.get(key, ("", "")), table, langs)
    wb.close()


def _table_sheet(wb, f, name: tuple[str, str], title: tuple[str, str], t: figures.FigureTable,
                 langs: tuple[str, ...]) -> None:
    lang = langs[0]
    ws = wb.add_worksheet(_sheet_name(name, langs))
    r0 = 0
    if t.groups:  # the group row over the outcome columns, as in the PDF
        for c, col in enumerate(t.columns):
            ws.write_string(0, c, "", f["head"])
        for label, a, b in t.groups:
            ws.merge_range(0, a, 0, b, _text(label, langs), f["head"])
        r0 = 1
    headers = list(t.columns)
    if t.groups:
        grouped = {c for _l, a, b in t.groups for c in range(a, b + 1)}
        for c in range(len(headers)):
            if c not in grouped:
                ws.merge_range(0, c, 1, c, _text(headers[c], langs), f["head"])
            else:
                ws.write_string(1, c, _text(headers[c], langs), f["head"])
    else:
        for c, col in enumerate(headers):
            ws.write_string(0, c, _text(col, langs), f["head"])
    first = r0 + 1
    for i, row in enumerate(t.rows):
        r = first + i
        for c, value in enumerate(row):
            _cell(ws, f, r, c, value, langs)
        if t.total_column is not None:  # the whole-period column: the sum of the years before it
            a, b = xl_rowcol_to_cell(r, 1), xl_rowcol_to_cell(r, t.total_column - 1)
            ws.write_formula(r, t.total_column, f"=SUM({a}:{b})", f["total"], row[t.total_column])
    total = t.total
    if total is not None:
        r = first + len(t.rows)
        ws.write_string(r, 0, _text(total[0], langs), f["total_label"])
        for c in range(1, len(t.columns)):
            if c in t.sums:
                a, b = xl_rowcol_to_cell(first, c), xl_rowcol_to_cell(max(first, r - 1), c)
                formula = f"=SUM({a}:{b})" if t.rows else "=0"
                ws.write_formula(r, c, formula, f["total"], total[c])
            else:
                ws.write_blank(r, c, None, f["total"])
    ws.set_column(0, 0, 40 if t.key in ("figures", "cases", "counterparts") else 16)
    ws.set_column(1, len(t.columns) - 1, 12)
    ws.freeze_panes(first, 1)


def _cell(ws, f, r: int, c: int, value, langs: tuple[str, ...]) -> None:
    if isinstance(value, bool) or value is None:
        ws.write_blank(r, c, None, f["label"])
    elif isinstance(value, int):
        ws.write_number(r, c, value, f["int"])
    elif isinstance(value, figures.Change):
        p = value.percent
        if p is None:
            ws.write_string(r, c, " / ".join(value.text(x) for x in dict.fromkeys(langs)), f["text"])
        else:
            ws.write_number(r, c, p / 100, f["pct"])
    elif isinstance(value, figures.Month):
        ws.write_datetime(r, c, dt.datetime(value.year, value.month, 1), f["month"])
    elif isinstance(value, figures.Year):
        ws.write_string(r, c, " / ".join(value.text(x) for x in langs), f["label"])
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), f["date"])
    elif isinstance(value, tuple):
        ws.write_string(r, c, _text(value, langs), f["label"])
    else:
        ws.write_string(r, c, str(value), f["label"])
