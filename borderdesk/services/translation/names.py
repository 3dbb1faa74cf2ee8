"""Names that a suggestion carries over: units, gates, places, posts, officers.

Each name has a Vietnamese and a Chinese form (from the registry, and the places
shipped with the program). A gate or a unit is also known by its short name: the
registry's "Cửa khẩu đường bộ số II Kim Thành" / "金城二号公路口岸" gives "Kim Thành" /
"金城", and "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu" / "河口出入境边防检查站"
gives "Hà Khẩu" / "河口" (the unit-type words of the glossary taken off both ends).
Headquarters' entries come before a post's own when two disagree.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from borderdesk.resources import get_asset
from borderdesk.store import models as m
from borderdesk.store.models import DB
from borderdesk.services.translation import glossary
from borderdesk.services.translation.text import fold

#: gate words around a gate's own name: "Cửa khẩu (quốc tế|phụ|…) X" / "X(国际|…)口岸"
_GATE_VI = re.compile(r"^(?:cửa khẩu|lối mở)(?:\s+(?:quốc tế|song phương|phụ|chính|thông minh))?"
                      r"(?:\s+đường bộ số\s+[ivx\d]+)?\s+", re.IGNORECASE)
_GATE_ZH = re.compile(r"(?:国际|双边|辅助|副|智慧)?(?:[一二三四五六七八九十\d]+号)?(?:公路|铁路)?(?:口岸|通道)$")
_UNIT_KEYS = ("exit_entry_inspection_head_station", "exit_entry_inspection_station", "border_management_detachment",
              "border_police_station", "border_gate_control_station", "border_post")


@dataclass(frozen=True)
class Name:
    vi: str
    zh: str
    folded: str  # the Vietnamese form folded (how it is found in a text)
    weight: float  # 1.0 headquarters' registry or shipped places, 0.9 a post's own entry


def _short(vi: str, zh: str, unit_terms: list[tuple[str, str]]) -> tuple[str, str] | None:
    sv, sz = _GATE_VI.sub("", vi, count=1), _GATE_ZH.sub("", zh, count=1)
    if sv != vi and sz != zh and sv and sz:
        return sv.strip(), sz.strip()
    low = vi.lower()
    for tvi, tzh in unit_terms:
        if low.startswith(tvi.lower() + " ") and zh.endswith(tzh) and len(zh) > len(tzh):
            return vi[len(tvi):].strip(), zh[: -len(tzh)].strip()
    return None


def _places() -> list[tuple[str, str]]:
    with open(get_asset("domain", "places.tsv"), encoding="utf-8") as fh:
        return [(r["vi"].strip(), r["zh"].strip()) for r in csv.DictReader(fh, delimiter="\t")
                if r.get("vi") and r.get("zh")]


def _hq_sites() -> set[str]:
    return {p.code for p in m.Post.select(m.Post.code).where(m.Post.kind == "headquarters")}


def registry_pairs() -> list[tuple[str, str, str, str, str]]:
    """Every (vi, zh, kind, uuid, site) of the registry with both names, in full (no short forms).

    Markers are left out: their names are their numbers, which suggestions carry as numbers.
    """
    out = []
    for model, kind, cols in ((m.BorderGate, "gate", (("name_vi", "name_zh"), ("pair_vi", "pair_zh"))),
                              (m.CounterpartUnit, "counterpart", (("name_vi", "name_zh"),)),
                              (m.Post, "post", (("name_vi", "name_zh"),)),
                              (m.Officer, "officer", (("name_vi", "name_zh"),))):
        for row in model.select().where(model.deleted == False):  # noqa: E712
            for cv, cz in cols:
                vi, zh = (getattr(row, cv) or "").strip(), (getattr(row, cz) or "").strip()
                if vi and zh:
                    out.append((vi, zh, kind, row.uuid, row.site))
    return out


_cache: dict = {}


def names() -> list[Name]:
    """Every known name, longest first (a longer name wins where two overlap)."""
    stamp = (id(DB.obj), DB.execute_sql("SELECT value FROM setting WHERE key = 'seq'").fetchone())
    if _cache.get("stamp") == stamp:
        return _cache["names"]
    hq = _hq_sites()
    unit_terms = []
    for t in glossary.terms():
        if t.key in _UNIT_KEYS:
            unit_terms.extend((v, z) for v in t.forms("vi") for z in t.forms("zh"))
    unit_terms.sort(key=lambda p: -len(p[0]))
    found: dict[str, Name] = {}

    def add(vi: str, zh: str, weight: float) -> None:
        f = fold(vi)
        if len(f) < 3:
            return
        old = found.get(f)
        if old is None or weight > old.weight:
            found[f] = Name(vi, zh, f, weight)

    for vi, zh, kind, _uuid, site in registry_pairs():
        weight = 1.0 if site in hq else 0.9
        add(vi, zh, weight)
        short = _short(vi, zh, unit_terms) if kind in ("gate", "counterpart", "post") else None
        if short:
            add(*short, weight - 0.05)
    for vi, zh in _places():
        add(vi, zh, 0.95)
        short = _short(vi, zh, unit_terms)
        if short:
            add(*short, 0.9)
    out = sorted(found.values(), key=lambda n: -len(n.folded))
    _cache.clear()
    _cache.update(stamp=stamp, names=out)
    return out


@dataclass(frozen=True)
class Found:
    name: Name
    start: int
    end: int


def _patterns(known: list[Name]) -> tuple[re.Pattern | None, dict, re.Pattern | None, dict]:
    """One regular expression per language over every name, longest first (a longer name wins)."""
    key = id(known)
    got = _patterns_cache.get(key)
    if got is None or got[0] is not known:
        vi = {n.folded: n for n in known}
        zh: dict[str, Name] = {}
        for n in known:
            if n.zh and (n.zh not in zh or n.weight > zh[n.zh].weight):
                zh[n.zh] = n
        alt_vi = "|".join(re.escape(f) for f in sorted(vi, key=len, reverse=True))
        alt_zh = "|".join(re.escape(z) for z in sorted(zh, key=len, reverse=True))
        got = (known, re.compile(r"(?<!\w)(?:" + alt_vi + r")(?!\w)") if vi else None, vi,
               re.compile(alt_zh) if zh else None, zh)
        _patterns_cache.clear()
        _patterns_cache[key] = got
    return got[1:]


_patterns_cache: dict = {}


def find_vi(text: str, known: list[Name] | None = None) -> list[Found]:
    """The names in a Vietnamese text, in order (a longer name wins where two overlap).

    *known*: the list :func:`names` returned (a caller looking at many texts asks once).
    """
    pattern, by_folded, _z, _zd = _patterns(names() if known is None else known)
    if pattern is None:
        return []
    return [Found(by_folded[mo.group()], mo.start(), mo.end()) for mo in pattern.finditer(fold(text))]


def find_zh(text: str, known: list[Name] | None = None) -> list[Found]:
    """The names in a Chinese text, in order (a longer name wins where two overlap)."""
    _v, _vd, pattern, by_zh = _patterns(names() if known is None else known)
    if pattern is None:
        return []
    return [Found(by_zh[mo.group()], mo.start(), mo.end()) for mo in pattern.finditer(text)]
