"""Glossary terms written in one language whose standard translation the other text lacks.

A warning, never a refusal: "'bàn giao' is usually '移交'; the Chinese text has
'遣返'". Terms of one syllable or one character (năm/年, xã/乡, vụ/起) are left
out: they are everywhere and prove nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from borderdesk.i18n import _
from borderdesk.services.translation import glossary, names


@dataclass(frozen=True)
class TermWarning:
    written: str  # the term as found
    written_lang: str  # vi | zh
    usual: tuple[str, ...]  # its standard forms in the other language
    other_has: tuple[str, ...]  # glossary terms the other text holds instead, if any
    field: str = ""

    def message(self) -> str:
        usual = " / ".join(_quoted(u) for u in self.usual)
        if self.other_has:
            text = (_("{term} is usually {usual}; the Chinese text has {found}") if self.written_lang == "vi"
                    else _("{term} is usually {usual}; the Vietnamese text has {found}"))
            msg = text.format(term=_quoted(self.written), usual=usual,
                              found=", ".join(_quoted(o) for o in self.other_has))
        else:
            text = (_("{term} is usually {usual}, which the Chinese text does not have") if self.written_lang == "vi"
                    else _("{term} is usually {usual}, which the Vietnamese text does not have"))
            msg = text.format(term=_quoted(self.written), usual=usual)
        return f"{self.field}: {msg}" if self.field else msg


def _quoted(text: str) -> str:
    # TRANSLATORS: a term quoted in a message; use the language's own quotation marks
    return _("'{text}'").format(text=text)


def _eligible(t: glossary.Term) -> bool:
    return any(len(v.split()) >= 2 for v in t.forms("vi")) and any(len(z) >= 2 for z in t.forms("zh"))


def _find_vi(form: str, text: str, taken: list[bool]) -> str | None:
    for mo in re.finditer(r"(?<!\w)" + re.escape(form.lower()) + r"(?!\w)", text.lower()):
        if not any(taken[mo.start():mo.end()]):
            taken[mo.start():mo.end()] = [True] * (mo.end() - mo.start())
            return text[mo.start():mo.end()]
    return None


def _find_zh(form: str, text: str, taken: list[bool]) -> str | None:
    start = 0
    while (i := text.find(form, start)) >= 0:
        if not any(taken[i:i + len(form)]):
            taken[i:i + len(form)] = [True] * len(form)
            return form
        start = i + 1
    return None


def check_pair(vi: str, zh: str, field: str = "") -> list[TermWarning]:
    """The terms of each text whose standard translation is missing from the other."""
    vi, zh = vi or "", zh or ""
    if not vi.strip() or not zh.strip():
        return []  # a missing text is the missing-language check's to report
    terms = sorted((t for t in glossary.terms() if _eligible(t)),
                   key=lambda t: -max(len(f) for f in t.forms("vi")))
    vi_taken, zh_taken = [False] * len(vi), [False] * len(zh)
    # names of the registry are written as registered ("Cửa khẩu phụ Bát Xát" / "坝洒对面口岸"): not terms
    for found, taken in ((names.find_vi(vi), vi_taken), (names.find_zh(zh), zh_taken)):
        for f in found:
            taken[f.start:f.end] = [True] * (f.end - f.start)
    in_vi: dict[str, str] = {}
    in_zh: dict[str, str] = {}
    for t in terms:  # longest first: "cửa khẩu quốc tế" before "cửa khẩu"
        hit = next((h for f in t.forms("vi") if (h := _find_vi(f, vi, vi_taken))), None)
        if hit:
            in_vi[t.key] = hit
    for t in sorted(terms, key=lambda t: -max(len(f) for f in t.forms("zh"))):
        hit = next((h for f in t.forms("zh") if len(f) >= 2 and (h := _find_zh(f, zh, zh_taken))), None)
        if hit:
            in_zh[t.key] = hit
    by_key = {t.key: t for t in terms}
    only_vi = [k for k in in_vi if k not in in_zh and not any(z in zh for z in by_key[k].forms("zh"))]
    only_zh = [k for k in in_zh if k not in in_vi and not _any_vi(by_key[k], vi)]
    out = []
    for k in only_vi:
        out.append(TermWarning(in_vi[k], "vi", tuple(by_key[k].forms("zh")), tuple(in_zh[o] for o in only_zh), field))
    for k in only_zh:
        out.append(TermWarning(in_zh[k], "zh", tuple(by_key[k].forms("vi")), tuple(in_vi[o] for o in only_vi), field))
    return out


def _any_vi(t: glossary.Term, vi: str) -> bool:
    """The term is in *vi*, whole or by its head word ("mốc" for "cột mốc", as officers write it)."""
    low = vi.lower()
    forms = set(t.forms("vi"))
    forms |= {f.split(None, 1)[1] for f in t.forms("vi") if len(f.split()) == 2 and len(f.split()[1]) >= 3}
    return any(re.search(r"(?<!\w)" + re.escape(f.lower()) + r"(?!\w)", low) for f in forms)


def check_field(vi: str, zh: str, field: str = "") -> list[TermWarning]:
    """:func:`check_pair` line by line when both texts have as many lines (one agreed point a line), else whole."""
    vl = [ln for ln in (vi or "").splitlines() if ln.strip()]
    zl = [ln for ln in (zh or "").splitlines() if ln.strip()]
    if len(vl) > 1 and len(vl) == len(zl):
        return [w for v, z in zip(vl, zl) for w in check_pair(v, z, field)]
    return check_pair(vi, zh, field)
