"""The report's tables as a spreadsheet (one sheet per table), for officers who rework the figures."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from borderdesk.documents import terms
from borderdesk.documents.report import KIND_COLUMNS, ReportData

_HEAD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="E8E8E8")


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list], widths: list[int]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = _HEAD, _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append(row)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "A2"


def export_report(data: ReportData, path: str | Path) -> None:
    """Write the figures, cases, months and counterparts tables (numbers as numbers, labels vi / zh)."""
    wb = Workbook()
    wb.remove(wb.active)
    fig_rows = []
    for sec, key, vi, zh in terms.FIGURE_ROWS:
        pct = (data.change.get(sec) or {}).get(key)
        fig_rows.append([sec, key, vi, zh, (data.current.get(sec) or {}).get(key, 0),
                         (data.previous.get(sec) or {}).get(key, 0), None if pct is None else pct / 100.0])
    _sheet(wb, "Figures 数据", ["section", "measure", "Nội dung", "项目", "Kỳ này / 本期", "Cùng kỳ / 去年同期",
                                "So sánh / 同比"], fig_rows, [14, 10, 40, 28, 14, 16, 14])
    ws = wb["Figures 数据"]
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "0%"

    cats = (data.current.get("cases") or {}).get("by_category") or {}
    case_rows = []
    for cat, s in cats.items():
        name = terms.CASE_CATEGORIES.get(cat, (cat, cat))
        row = [cat, name[0], name[1], s["count"], s["persons"]]
        for o in ("criminal_proceedings", "administrative_handling", "handed_over", "other"):
            got = ((data.outcomes.get(o) or {}).get("by_category") or {}).get(cat) or {"count": 0, "persons": 0}
            row += [got["count"], got["persons"]]
        case_rows.append(row)
    outs = [f"{o} {k}" for o in ("criminal_proceedings", "administrative_handling", "handed_over", "other")
            for k in ("cases", "persons")]
    _sheet(wb, "Cases 案件", ["category", "Loại vụ việc", "案件类别", "cases", "persons"] + outs, case_rows,
           [24, 36, 20, 8, 8] + [12] * len(outs))

    kinds = [k for k, _v, _z in KIND_COLUMNS]
    month_rows = [[key] + [(s.get(k) or {}).get("count", 0) for k in kinds] for key, s in data.by_month.items()]
    _sheet(wb, "Months 月份", ["month"] + [f"{vi} / {zh}" for _k, vi, zh in KIND_COLUMNS], month_rows,
           [10] + [14] * len(kinds))

    cp_rows = [[e["name_vi"], e["name_zh"]] + [(e["stats"].get(k) or {}).get("count", 0) for k in kinds]
               for e in data.by_counterpart]
    _sheet(wb, "Counterparts 对口单位", ["Đơn vị đối ứng", "对口单位"] + [f"{vi} / {zh}" for _k, vi, zh in KIND_COLUMNS],
           cp_rows, [44, 30] + [12] * len(kinds))

    od_rows = [[it["date"], it["counterpart"], it["counterpart_zh"], it["due"], -it["days_left"]] for it in data.overdue]
    _sheet(wb, "Overdue 逾期", ["date", "Đơn vị đối ứng", "对口单位", "due", "working days overdue"], od_rows,
           [12, 44, 30, 12, 12])
    wb.save(str(path))
