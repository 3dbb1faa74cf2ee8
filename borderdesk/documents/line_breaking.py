"""The marks that cannot start a line, taught to reportlab's CJK wrapping (fonts and headings use it)."""
from __future__ import annotations

#: punctuation that must not start a line (Chinese and Latin closing marks)
CANNOT_START = "，。、；：！？）」』》〉】〕］｝,.;:!?)]}%％·…—"


def install_line_breaking_rules() -> None:
    """Teach reportlab's CJK wrapping the full list of marks that cannot start a line (explicit, once)."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    # one font in the paragraph: textsplit.wordSplit; several: paragraph.cjkFragSplit; each reads its own
    for module in (textsplit, paragraph):
        missing = "".join(c for c in CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing
