"""Reports over random data: every printed total is the sum of the rows printed above it, in the PDF
text and in the workbook alike, and every percentage is the exact ratio rounded once, halves away
from zero. The PDF is read back as a reader sees it (characters and their positions), not through
the table model that made it."""
from __future__ import annotations

import datetime as dt
import random
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from borderdesk.documents import figures, glyphcheck, pdfa, report, xlsx
from borderdesk.services import records, stats

from documents_fixtures import HEKOU, MUONG_KHANG, close, counterpart, open_post

CATEGORIES = ("illegal_crossing", "organizing_illegal_crossing", "illegal_goods_transport", "smuggling",
              "trade_fraud", "firecrackers", "drugs", "human_trafficking", "currency_precious_metals",
              "high_tech_crime", "other_case")
OUTCOMES = ("criminal_proceedings", "administrative_handling", "handed_over", "other")
NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d{3})*$")
CHANGE = re.compile(r"^(?:[+-]\d[\d.,]*%|0%|—|mới|新增)$")
TOTALS = ("Tổng cộng", "合计")
SQUASHED_TOTALS = ("Tổngcộng", "合计")


def _fill(rng: random.Random, years: tuple[int, ...]) -> None:
    cps = [counterpart(HEKOU), counterpart(MUONG_KHANG), None]
    for year in years:
        for _ in range(rng.randint(40, 70)):
            day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
            cp = rng.choice(cps)
            kind = rng.choice(("hotline_call", "letter", "talks", "meeting", "patrol", "handover", "friendship"))
            data = {"date": day, "counterpart": cp}
            if kind in ("hotline_call", "letter"):
                data["direction"] = rng.choice(("incoming", "outgoing"))
            elif kind in ("talks", "meeting"):
                data["participants"] = rng.randint(0, 14)
            elif kind == "patrol":
                data.update(teams=rng.randint(1, 4), personnel=rng.randint(4, 30))
            elif kind == "handover":
                data.update(direction=rng.choice(("received", "handed_over")), persons=rng.randint(1, 6))
            elif kind == "friendship":
                data.update(participants=rng.randint(5, 60))
            records.create(kind, data)
        # every category and every outcome, several times, with random persons (0 included)
        for cat in CATEGORIES:
            for outcome in OUTCOMES:
                for _ in range(rng.randint(0 if year != years[-1] else 1, 3)):
                    day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
                    records.create("case", {"date": day, "category": cat, "outcome": outcome,
                                            "persons": rng.randint(0, 12)})


# --- reading the PDF back ------------------------------------------------------------------


def _lines(path) -> list[list[tuple[str, float]]]:
    """Every text line of every page, top to bottom, as (token, right edge) pairs; margins left out."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer

    out = []
    for page in extract_pages(str(path)):
        chars = []

        def walk(obj):
            if isinstance(obj, LTChar):
                chars.append(obj)
            elif isinstance(obj, LTContainer):
                for x in obj:
                    walk(x)

        walk(page)
        top, bottom = page.height - 20 * 72 / 25.4, 22 * 72 / 25.4
        rows: dict[int, list] = {}
        for ch in chars:
            y = ch.matrix[5]  # the baseline: glyphs of different faces share it
            if y > top or y < bottom or not ch.get_text().strip():
                continue
            rows.setdefault(round(y), []).append(ch)
        merged: list[tuple[float, list]] = []
        for y in sorted(rows, reverse=True):
            if merged and abs(merged[-1][0] - y) <= 1:
                merged[-1][1].extend(rows[y])
            else:
                merged.append((y, list(rows[y])))
        for _y, chs in merged:
            chs.sort(key=lambda c: c.x0)
            tokens, cur, last = [], "", None
            for ch in chs:
                if last is not None and ch.x0 - last.x1 > 1.2:
                    tokens.append((cur, last.x1))
                    cur = ""
                cur += ch.get_text()
                last = ch
            if cur:
                tokens.append((cur, last.x1))
            out.append(tokens)
    return out


def _value(token: str) -> int:
    return int(token.replace(".", "").replace(",", ""))


def _numbers(line) -> list[tuple[int, float]]:
    return [(_value(t), x1) for t, x1 in line if NUMBER.match(t)]


def _totals_read_back(lines) -> list[tuple[list[list[int]], list[int]]]:
    """(rows, total) of every table with a total row: the rows are the lines above the total whose
    numbers stand in the same right-aligned columns, up to the table's start."""
    found = []
    for i, line in enumerate(lines):
        text = "".join(t for t, _x in line)
        if not text.startswith(SQUASHED_TOTALS):
            continue
        total = _numbers(line)
        edges = [x for _v, x in total]
        rows = []
        for above in reversed(lines[:i]):
            nums = _numbers(above)
            if "".join(t for t, _x in above).startswith(SQUASHED_TOTALS):
                break
            if not nums:
                continue  # a header, or the wrapped part of a row's label
            xs = [x for _v, x in nums]
            if len(xs) != len(edges) or any(abs(a - b) > 1.5 for a, b in zip(xs, edges)):
                break
            rows.append([v for v, _x in nums])
        found.append((rows, [v for v, _x in total]))
    return found


def _expected_change(now: int, before: int, lang: str) -> str:
    if before == 0:
        return "—" if now == 0 else ("mới" if lang == "vi" else "新增")
    p = int((Decimal(now - before) * 100 / Decimal(before)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    digits = f"{abs(p):,}".replace(",", "." if lang == "vi" else ",")
    return "0%" if p == 0 else f"{'+' if p > 0 else '-'}{digits}%"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3, 17])
def test_every_printed_total_adds_up_and_every_percentage_is_rounded_once(tmp_path, seed):
    from openpyxl import load_workbook

    open_post(tmp_path / "bd.sqlite")
    try:
        rng = random.Random(seed)
        _fill(rng, (2024, 2025))
        for period in ((dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2024, 3, 1), dt.date(2025, 12, 31))):
            data = report.gather(*period)
            pdf, book = tmp_path / f"r{seed}.pdf", tmp_path / f"r{seed}.xlsx"
            report.render_report(data, ("vi", "zh"), pdf)
            xlsx.export_report(data, book, ("vi", "zh"))
            glyphcheck.assert_every_glyph_drawn(pdf)
            assert pdfa.inspect(pdf)["passed"]
            s = stats.stats(*period)
            lines = _lines(pdf)
            tables = _totals_read_back(lines)
            # vi and zh: cases, months, counterparts (the overdue table has no total)
            assert len(tables) == 6, [t[1] for t in tables]
            for rows, total in tables:
                assert rows, total
                assert [sum(col) for col in zip(*rows)] == total
            cases_vi, cases_zh = tables[0], tables[3]
            assert cases_vi[1] == cases_zh[1]
            assert cases_vi[1][:2] == [s["cases"]["count"], s["cases"]["persons"]]
            # the outcome columns add up to the cases and persons
            assert sum(cases_vi[1][2::2]) == s["cases"]["count"]
            assert sum(cases_vi[1][3::2]) == s["cases"]["persons"]
            assert len(cases_vi[0]) == len(CATEGORIES)
            # percentages of the table of figures (a period of one year only)
            if not figures.is_long(*period):
                prev = stats.stats(*stats.same_period_last_year(*period), include_friendship=True)
                for lang_i, lang in enumerate(("vi", "zh")):
                    rows = [ln for ln in lines if ln and CHANGE.match(ln[-1][0]) and len(_numbers(ln)) == 2]
                    part = rows[lang_i * len(figures.MEASURES):(lang_i + 1) * len(figures.MEASURES)]
                    assert len(part) == len(figures.MEASURES)
                    for ln, (sec, key, _vi, _zh) in zip(part, figures.MEASURES):
                        now, before = [v for v, _x in _numbers(ln)]
                        assert before == prev[sec][key]
                        assert ln[-1][0] == _expected_change(now, before, lang), (sec, key, now, before)
            # the workbook: every total is a SUM formula, its stored value the sum of the rows above
            formulas, values = load_workbook(book), load_workbook(book, data_only=True)
            checked = 0
            for name in values.sheetnames[1:]:
                ws_f, ws_v = formulas[name], values[name]
                grid = list(ws_v.iter_rows(values_only=True))
                for r, row in enumerate(grid):
                    if isinstance(row[0], str) and row[0].startswith(TOTALS):
                        start = 2 if name.startswith("Vụ việc") else 1
                        for c in range(1, len(row)):
                            assert str(ws_f.cell(r + 1, c + 1).value).startswith("=SUM(")
                            assert row[c] == sum(int(x[c] or 0) for x in grid[start:r])
                            checked += 1
            assert checked >= 8 + 8 + 10
            assert values["Vụ việc - 案件"].cell(len(CATEGORIES) + 3, 2).value == s["cases"]["count"]
    finally:
        close()


def test_percent_change_is_the_exact_ratio_rounded_once_half_away_from_zero():
    assert figures.percent_change(164, 220) == -25  # -25.45%
    assert figures.percent_change(9, 8) == 13  # +12.5%
    assert figures.percent_change(7, 8) == -13  # -12.5%
    assert figures.percent_change(5, 0) is None
    assert figures.Change(0, 0).text("vi") == "—"
    assert figures.Change(3, 0).text("vi") == "mới" and figures.Change(3, 0).text("zh") == "新增"
    for now in range(0, 401, 7):
        for before in range(1, 501, 11):
            assert figures.Change(now, before).text("vi") == _expected_change(now, before, "vi")


def test_a_period_longer_than_a_year_is_compared_year_by_year():
    assert not figures.is_long(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert figures.is_long(dt.date(2023, 12, 1), dt.date(2026, 11, 30))
    years = figures.calendar_years(dt.date(2023, 12, 1), dt.date(2026, 11, 30))
    assert [y.year for y in years] == [2023, 2024, 2025, 2026]
    assert years[0].text("vi") == "Năm 2023 (01/12–31/12)" and years[1].text("zh") == "2024年"


def test_the_pdfa_check_refuses_a_plain_pdf_and_passes_ours(tmp_path):
    from reportlab.pdfgen import canvas

    plain = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(plain))
    c.setFont("Helvetica", 12)  # a standard font, never embedded
    c.drawString(72, 720, "BAO CAO")
    c.save()
    with pytest.raises(AssertionError) as err:
        glyphcheck.assert_pdfa(plain)
    assert "not PDF/A-2b" in str(err.value) and "fonts not embedded" in str(err.value)

    from borderdesk.documents.layout import Part, build, para

    ours = tmp_path / "ours.pdf"
    build([Part("zh", "gb"), para("河口出入境边防检查站 – Đồn Biên phòng Pha Long")], ours,
          title="Thử nghiệm / 测试", subject="PDF/A", lang="zh")
    got = glyphcheck.assert_pdfa(ours)
    assert got["lang"] == "zh-CN" and got["part"] == "2" and got["icc"]
