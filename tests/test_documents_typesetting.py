"""Chinese line breaking: no line starts with a closing mark, none ends with an opening one, in
paragraphs of one font and of several (digits and Vietnamese names inside Chinese text)."""
from __future__ import annotations

import random

import pytest

from borderdesk.documents import headings
from borderdesk.documents.layout import para

CHARS = "边境管理部门合作机制会谈纪要河口出入境检查站巡逻移交核查"
CLOSING = "，。、；：！？"
MIXED = ("2026", "12", "Pha Long", "Mường Khương", "97", "1,182")


def _paragraph(rng: random.Random, mixed: bool) -> str:
    parts = []
    for _ in range(rng.randint(3, 14)):
        words = "".join(rng.choice(CHARS) for _ in range(rng.randint(1, 10)))
        if mixed and rng.random() < 0.4:
            words += rng.choice(MIXED)
        parts.append(words)
        if rng.random() < 0.35:
            parts.append("（" + "".join(rng.choice(CHARS) for _ in range(rng.randint(1, 6)))
                         + (rng.choice(MIXED) if mixed and rng.random() < 0.5 else "") + "）")
        parts.append(rng.choice(CLOSING))
    return "".join(parts)


@pytest.mark.parametrize("mixed", [False, True])
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(mixed):
    rng = random.Random(20261202 + mixed)
    checked = 0
    for _ in range(400):
        text = _paragraph(rng, mixed)
        p = para(text, rng.choice((10.5, 12, 13.5)), "left")
        width = rng.randint(60, 320)
        p.wrap(width, 10_000)
        lines = headings._line_texts(p.blPara)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or doubled
        for k, line in enumerate(lines):
            if k:
                assert line[:1] not in headings.CANNOT_START or not line, (lines, k)
            if k < len(lines) - 1:
                assert line[-1:] not in headings.CANNOT_END, (lines, k)
        checked += len(lines)
    assert checked > 1500


def test_a_header_is_never_broken_inside_its_brackets():
    assert headings.unbreakable_parts("行政处罚（起/人）") == ["行政处罚", "（起/人）"]
    assert headings.unbreakable_parts("Quá hạn (ngày làm việc)") == ["Quá", "hạn", "(ngày làm việc)"]
    assert headings.keep_brackets("Quá hạn (ngày làm việc)") == "Quá hạn (ngày\u00a0làm\u00a0việc)"


@pytest.mark.parametrize("lang", ["vi", "zh"])
def test_table_headers_of_a_long_period_keep_each_bracket_on_one_line(lang):
    import datetime as dt

    from borderdesk.documents import figures, report
    from borderdesk.documents.layout import FRAME_WIDTH

    table = figures.figures_table({}, None, dt.date(2023, 12, 1), dt.date(2026, 11, 30), {})
    flow = report.render_table(table, lang)
    flow.wrap(FRAME_WIDTH, 10_000)
    header = flow._cellvalues[0]
    seen = 0
    from reportlab.platypus import Paragraph

    for cell in header:
        for p in (x for x in (cell if isinstance(cell, (list, tuple)) else [cell]) if isinstance(x, Paragraph)):
            for line in headings._line_texts(p.blPara):
                assert line.count("（") == line.count("）") and line.count("(") == line.count(")"), line
                seen += 1
    assert seen >= len(table.columns)
