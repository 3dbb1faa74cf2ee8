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
