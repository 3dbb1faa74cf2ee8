"""The report's tables, computed once from the stats and rendered alike to PDF, XLSX and the narrative.

Each section of a report is one :class:`FigureTable`: its columns, its rows as
values (integers, dates, labels in both languages, changes against a base),
and its total row, which is the sum of the rows printed above it, never a
figure read from elsewhere. The PDF (``report.py``), the workbook
(``xlsx.py``) and the opening paragraphs (``narrative.py``) read these
tables, so they cannot disagree.

Rules that matter to a reader:

- A change is the exact ratio ``(now - before) / before``, rounded once to a
  whole per cent, halves away from zero (−25.45 % → −25 %, +12.5 % → +13 %).
  With a base of 0 there is no ratio: "—" when both are 0, "mới" / "新增" when
  something appeared.
- A period of at most one year is compared with the same days one year
  earlier. A longer period would overlap its own "same period", so each of
  its calendar years gets a column instead (partial years say so).
- Every case outcome has its columns (criminal proceedings, administrative
  handling, handed over, other); an outcome the vocabulary does not know is
  counted under "other", so the outcome columns always add up to the cases.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Union

from borderdesk.documents import terms
from borderdesk.documents.formats import date as fmt_date
from borderdesk.documents.formats import number

Pair = tuple[str, str]
OUTCOMES = ("criminal_proceedings", "administrative_handling", "handed_over", "other")

#: the record kinds of the monthly and per-counterpart tables: (stats key, vi, zh)
KIND_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("talks", "Hội đàm", "会谈"), ("meetings", "Gặp gỡ", "会晤"), ("letters", "Thư", "信函"),
    ("hotline_calls", "Điện thoại", "热线"), ("patrols", "Tuần tra", "巡逻"), ("handovers", "Bàn giao", "移交"),
    ("cases", "Vụ việc", "案件"), ("friendship", "Giao lưu", "交流"),
)
#: every measure of the table of figures: FIGURE_ROWS and the friendship activities
MEASURES = terms.FIGURE_ROWS + (
    ("friendship", "count", "Hoạt động giao lưu hữu nghị (lần)", "友好交流活动（次）"),
    ("friendship", "participants", "Người tham gia giao lưu (lượt)", "参加交流人员（人次）"),
)
TOTAL: Pair = ("Tổng cộng", "合计")
NEW: Pair = ("mới", "新增")
NO_VALUE = "—"


def percent_change(now: int, before: int) -> int | None:
    """The change in whole per cent, rounded once, halves away from zero; None when *before* is 0."""
    if not before:
        return None
    exact = Fraction(now - before) * 100 / before
    magnitude = int(abs(exact) + Fraction(1, 2))  # floor(|x| + 1/2): halves go away from zero
    return magnitude if exact >= 0 else -magnitude


@dataclass(frozen=True)
class Change:
    """A figure against its base; prints as ``+13%`` / ``-25%`` / ``0%`` / ``—`` / ``mới``."""

    now: int
    before: int

    @property
    def percent(self) -> int | None:
        return percent_change(self.now, self.before)

    def text(self, lang: str) -> str:
        p = self.percent
        if p is None:
            return NO_VALUE if not self.now else NEW[0 if lang == "vi" else 1]
        if p == 0:
            return "0%"
        return f"{'+' if p > 0 else '-'}{number(abs(p), lang)}%"


Cell = Union[int, Change, dt.date, tuple, str, None]


@dataclass(frozen=True)
class Month:
    """A month as a row label (a real date in a workbook)."""

    year: int
    month: int

    def text(self, lang: str) -> str:
        return f"{self.month:02d}/{self.year}" if lang == "vi" else f"{self.year}年{self.month}月"


@dataclass(frozen=True)
class Year:
    """A calendar year as a row or column label; *start*/*end* when the period covers part of it."""

    year: int
    start: dt.date | None = None
    end: dt.date | None = None

    def text(self, lang: str) -> str:
        base = f"Năm {self.year}" if lang == "vi" else f"{self.year}年"
        if self.start is None:
            return base
        if lang == "vi":
            return f"{base} ({self.start.day:02d}/{self.start.month:02d}–{self.end.day:02d}/{self.end.month:02d})"
        # short enough for a table header to keep its bracket on one line
        return f"{base}（{self.start.month}.{self.start.day}–{self.end.month}.{self.end.day}）"


@dataclass
class FigureTable:
    """One section's table. ``columns[i]`` is (vi, zh) of column i; ``groups`` optional header
    spans ``(label pair, first column, last column)`` over the value columns."""

    key: str
    columns: list[Pair]
    rows: list[list[Cell]]
    sums: list[int] = field(default_factory=list)  # the columns whose total row is the sum of the rows
    total_label: Pair | None = None
    groups: list[tuple[Pair, int, int]] = field(default_factory=list)
    total_column: int | None = None  # a column that is the sum of the columns before it (from 1)

    @property
    def total(self) -> list[Cell] | None:
        """The total row: the sum of every summed column over the rows above it."""
        if self.total_label is None:
            return None
        out: list[Cell] = [self.total_label] + [None] * (len(self.columns) - 1)
        for c in self.sums:
            out[c] = sum(int(r[c] or 0) for r in self.rows)
        return out


def label_text(value: Cell, lang: str) -> str:
    """Any cell as the document prints it in *lang*."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value, lang)
    if isinstance(value, Change):
        return value.text(lang)
    if isinstance(value, (Month, Year)):
        return value.text(lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, tuple):
        return value[0] if lang == "vi" else value[1]
    return str(value)


def _get(s: dict | None, sec: str, key: str = "count") -> int:
    return int(((s or {}).get(sec) or {}).get(key, 0) or 0)


def is_long(date_from: dt.date, date_to: dt.date) -> bool:
    """True when the period is longer than one year (it is then compared year by year)."""
    try:
        year_on = date_from.replace(year=date_from.year + 1)
    except ValueError:  # 29 February
        year_on = dt.date(date_from.year + 1, 3, 1)
    return date_to >= year_on


def calendar_years(date_from: dt.date, date_to: dt.date) -> list[Year]:
    out = []
    for y in range(date_from.year, date_to.year + 1):
        a, b = max(date_from, dt.date(y, 1, 1)), min(date_to, dt.date(y, 12, 31))
        whole = a == dt.date(y, 1, 1) and b == dt.date(y, 12, 31)
        out.append(Year(y) if whole else Year(y, a, b))
    return out


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, dict) or isinstance(b, dict):
        a, b = a or {}, b or {}
        return {k: _add(a.get(k), b.get(k)) for k in list(a) + [k for k in b if k not in a]}
    return (a or 0) + (b or 0)


def by_year(by_month: dict[str, dict]) -> dict[int, dict]:
    years: dict[int, dict] = {}
    for key, s in by_month.items():
        years[int(key[:4])] = _add(years.get(int(key[:4])), s)
    return years


# --- the tables ------------------------------------------------------------------------


def figures_table(current: dict, previous: dict | None, date_from: dt.date, date_to: dt.date,
                  by_month: dict[str, dict]) -> FigureTable:
    """Section II: every measure, against the same period (short) or year by year (long)."""
    if not is_long(date_from, date_to):
        rows = [[(vi, zh), _get(current, sec, key), _get(previous, sec, key),
                 Change(_get(current, sec, key), _get(previous, sec, key))] for sec, key, vi, zh in MEASURES]
        return FigureTable("figures", [("Nội dung", "项目"), ("Kỳ này", "本期"), ("Cùng kỳ", "去年同期"),
                                       ("So sánh", "同比")], rows)
    years = calendar_years(date_from, date_to)
    per_year = by_year(by_month)
    cols: list[Pair] = [("Nội dung", "项目")] + [(y.text("vi"), y.text("zh")) for y in years] + [("Cả kỳ", "全期")]
    rows = []
    for sec, key, vi, zh in MEASURES:
        vals = [_get(per_year.get(y.year), sec, key) for y in years]
        rows.append([(vi, zh)] + vals + [sum(vals)])
    return FigureTable("figures", cols, rows, total_column=len(cols) - 1)


def cases_table(current: dict, outcomes: dict[str, dict]) -> FigureTable:
    """Section III: cases and persons by category, and by outcome in two columns each."""
    cats = (current.get("cases") or {}).get("by_category") or {}
    # an outcome outside the vocabulary counts as "other": the columns must add up to the cases
    merged: dict[str, dict] = {o: {} for o in OUTCOMES}
    for o, s in (outcomes or {}).items():
        slot = merged[o if o in OUTCOMES else "other"]
        for cat, cs in (s.get("by_category") or {}).items():
            got = slot.setdefault(cat, {"count": 0, "persons": 0})
            got["count"] += cs["count"]
            got["persons"] += cs["persons"]
    order = [c for c in terms.CASE_CATEGORIES if c in cats] + sorted(c for c in cats if c not in terms.CASE_CATEGORIES)
    rows = []
    for cat in order:
        row: list[Cell] = [terms.CASE_CATEGORIES.get(cat, (cat, cat)), cats[cat]["count"], cats[cat]["persons"]]
        for o in OUTCOMES:
            got = merged[o].get(cat) or {"count": 0, "persons": 0}
            row += [got["count"], got["persons"]]
        rows.append(row)
    cols: list[Pair] = [("Loại vụ việc", "案件类别"), ("Số vụ", "起数"), ("Đối tượng", "人数")]
    groups = []
    for i, o in enumerate(OUTCOMES):
        cols += [("Vụ", "起"), ("Đối tượng", "人")]
        groups.append((terms.CASE_OUTCOMES[o], 3 + 2 * i, 4 + 2 * i))
    return FigureTable("cases", cols, rows, sums=list(range(1, len(cols))), total_label=TOTAL, groups=groups)


def periods_table(by_month: dict[str, dict], date_from: dt.date | None = None,
                  date_to: dt.date | None = None) -> FigureTable:
    """Section IV: records of each kind by month (by year beyond 24 months; a partial year says so)."""
    items: list[tuple[Cell, dict]]
    if len(by_month) > 24:
        years = by_year(by_month)
        labels = ({y.year: y for y in calendar_years(date_from, date_to)} if date_from and date_to else {})
        items = [(labels.get(y, Year(y)), s) for y, s in years.items()]
    else:
        items = [(Month(int(k[:4]), int(k[5:7])), s) for k, s in by_month.items()]
    rows = [[label] + [_get(s, k) for k, _v, _z in KIND_COLUMNS] for label, s in items]
    cols = [("Thời gian", "时间")] + [(vi, zh) for _k, vi, zh in KIND_COLUMNS]
    return FigureTable("months", cols, rows, sums=list(range(1, len(cols))), total_label=TOTAL)


def counterparts_table(by_counterpart: list[dict]) -> FigureTable:
    """Section V: records of each kind by counterpart unit."""
    rows = []
    for e in by_counterpart:
        if e["counterpart"]:
            label = (e["name_vi"] or e["name_zh"], e["name_zh"] or e["name_vi"])
        else:
            label = ("(không ghi đơn vị)", "（未填单位）")
        rows.append([label] + [_get(e["stats"], k) for k, _v, _z in KIND_COLUMNS])
    cols = [("Đơn vị đối ứng", "对口单位")] + [(vi, zh) for _k, vi, zh in KIND_COLUMNS]
    return FigureTable("counterparts", cols, rows, sums=list(range(1, len(cols))), total_label=TOTAL)


ANSWERING_SIDE: dict[str, Pair] = {"vn": ("Phía Việt Nam (ta)", "越方"), "cn": ("Phía Trung Quốc", "中方")}


def overdue_table(overdue: list[dict]) -> FigureTable:
    """Section VI: verifications not answered in time, with the side that owes the answer."""
    rows = []
    for it in overdue:
        rows.append([dt.date.fromisoformat(it["date"]), ANSWERING_SIDE.get(it["side"], ANSWERING_SIDE["vn"]),
                     (it["counterpart"] or it["counterpart_zh"], it["counterpart_zh"] or it["counterpart"]),
                     dt.date.fromisoformat(it["due"]), it["overdue_days"]])
    cols = [("Ngày bàn giao", "移交日期"), ("Bên phải trả lời", "应答复方"), ("Đơn vị đối ứng", "对口单位"),
            ("Hạn trả lời", "答复期限"), ("Quá hạn (ngày làm việc)", "逾期（工作日）")]
    return FigureTable("overdue", cols, rows)
