"""Suggestions for the other language of a text, from the translation memory.

A text is cut into lines and sentences (:func:`.text.segments`). For each segment
the memory is asked twice: the exact key (an index lookup), and the closest keys
by the full-text index (folded Vietnamese words or Chinese bigrams, ranked by
BM25). The candidates are then scored with rapidfuzz on keys where every known
name stands as one placeholder and every number as ``0``; a candidate seen with
other names or numbers is *adapted*: "Hà Khẩu" typed as "Kim Thành" puts 金城
where the memory had 河口, "3 đợt" typed as "5 đợt" puts 5 where it had 3.
Ranking adds the source's weight (signed minutes above drafts, headquarters'
names above a post's, recent above old) to the score; the score shown is the
similarity alone.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from borderdesk.store.connection import is_server
from borderdesk.store.models import DB
from borderdesk.services.translation import build, memory, names
from borderdesk.services.translation.text import fts_body, is_chinese, key, segments, vi_key, zh_key

#: below this similarity a match is not shown
MIN_SCORE = 55
#: a name that could not be carried over costs this much
_NAME_MISSED = 20
_NUMBER = re.compile(r"\d+")
_CANDIDATES = 40


@dataclass
class Suggestion:
    text: str  # in the target language, ready to fill in
    score: int  # 0..100: how close the matched text is to what was typed
    source_kind: str  # record kind, registry kind, "glossary", or "memory" for several
    source_id: str | None
    source_date: str  # ISO date of the record, "" for the registry and the glossary
    field: str  # the field (agreed, subject …), a registry column or a glossary key
    matched: str  # the text of the memory that matched (in the language typed)
    carried: list[tuple[str, str]] = field(default_factory=list)  # (what the memory had, what was put)
    parts: int = 1  # segments found, for an assembled suggestion
    of: int = 1  # segments typed
    rank: float = 0.0

    def as_dict(self) -> dict:
        return {"text": self.text, "score": self.score,
                "source": {"kind": self.source_kind, "id": self.source_id, "date": self.source_date,
                           "field": self.field},
                "matched": self.matched, "carried": [{"from": a, "to": b} for a, b in self.carried],
                "segments": {"found": self.parts, "typed": self.of}}


# --- the masked key: names and numbers as placeholders ----------------------------------------------


def _found(text: str, lang: str, known: list[names.Name]) -> list[names.Found]:
    return names.find_zh(text, known) if lang == "zh" else names.find_vi(text, known)


#: the names and masked key of texts of the memory already looked at (they come back query after query)
_seen: dict = {"known": None, "texts": {}}


def _unit_view(text: str, lang: str, known: list[names.Name]) -> tuple[list[names.Found], str]:
    if _seen["known"] is not known or len(_seen["texts"]) > 50_000:
        _seen["known"], _seen["texts"] = known, {}
    got = _seen["texts"].get((text, lang))
    if got is None:
        found = _found(text, lang, known)
        got = _seen["texts"][(text, lang)] = (found, _masked(text, lang, found))
    return got


def _masked(text: str, lang: str, found: list[names.Found]) -> str:
    out, pos = [], 0
    for f in found:
        out.append(text[pos : f.start])
        out.append(" N " if lang == "zh" else " zzname ")
        pos = f.end
    out.append(text[pos:])
    return key("".join(out), lang)


def _without_names(text: str, found: list[names.Found]) -> str:
    out, pos = [], 0
    for f in found:
        out.append(text[pos : f.start])
        out.append(" ")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def _numbers(text: str, found: list[names.Found]) -> list[tuple[int, int, str]]:
    spans = [(f.start, f.end) for f in found]
    return [(mo.start(), mo.end(), mo.group()) for mo in _NUMBER.finditer(text)
            if not any(a <= mo.start() < b for a, b in spans)]


def _replace_name(target: str, old: names.Name, new: names.Name, to_lang: str) -> str | None:
    """*target* with *old*'s form in *to_lang* written as *new*'s; None if it cannot be done."""
    if to_lang == "zh":
        if not new.zh or old.zh not in target:
            return None
        return target.replace(old.zh, new.zh, 1)
    from borderdesk.services.translation.text import fold

    i = fold(target).find(old.folded)
    if i < 0 or not new.vi:
        return None
    return target[:i] + new.vi + target[i + len(old.folded):]


def _carry_numbers(target: str, typed: list[str], had: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """Put the typed numbers where the memory's stood, matched by value (a date's 03 is 3月)."""
    carried: list[tuple[str, str]] = []
    if len(typed) != len(had):
        return target, carried
    runs = [(mo.start(), mo.end(), mo.group()) for mo in _NUMBER.finditer(target)]
    edits: dict[int, tuple[int, str]] = {}
    for old, new in zip(had, typed):
        if int(old) == int(new):
            continue
        same = [r for r in runs if int(r[2]) == int(old) and r[0] not in edits]
        if not same:
            continue
        start, end, text = same[0]
        value = new if text.startswith("0") == new.startswith("0") else str(int(new))
        edits[start] = (end, value)
        carried.append((text, value))
    for start in sorted(edits, reverse=True):
        end, value = edits[start]
        target = target[:start] + value + target[end:]
    return target, carried


def _adapt(typed: str, from_lang: str, cand_from: str, cand_to: str, typed_found, cand_found):
    """The candidate's other side with the typed names and numbers carried in: (text, carried, penalty)."""
    to_lang = "vi" if from_lang == "zh" else "zh"
    target, carried, penalty = cand_to, [], 0
    if len(typed_found) == len(cand_found):
        for t, c in zip(typed_found, cand_found):
            if t.name.folded == c.name.folded:
                continue
            done = _replace_name(target, c.name, t.name, to_lang)
            if done is None:
                penalty += _NAME_MISSED
            else:
                target = done
                carried.append((c.name.zh if to_lang == "zh" else c.name.vi, t.name.zh if to_lang == "zh" else t.name.vi))
                penalty += 1
    elif typed_found or cand_found:
        penalty += _NAME_MISSED
    typed_nums = [n for *_x, n in _numbers(typed, typed_found)]
    had_nums = [n for *_x, n in _numbers(cand_from, cand_found)]
    target, moved = _carry_numbers(target, typed_nums, had_nums)
    carried += moved
    if len(moved) < sum(1 for a, b in zip(typed_nums, had_nums) if int(a) != int(b)) or len(typed_nums) != len(had_nums):
        penalty += 5  # a number the suggestion could not carry: the officer must look
    return target, carried, penalty + len(moved) * 0.5


_ENDS = {"zh": {".": "。", "!": "！", "?": "？", ";": "；"}, "vi": {"。": ".", "！": "!", "？": "?", "；": ";"}}
_ALL_ENDS = ".!?;。！？；"


def _end_like(typed: str, target: str, to_lang: str) -> str:
    """A sentence typed with its full stop gets one in the other language too."""
    typed, target = typed.rstrip(), target.rstrip()
    mark = typed[-1:] if typed else ""
    if target and mark and mark in _ALL_ENDS and target[-1] not in _ALL_ENDS:
        return target + _ENDS[to_lang].get(mark, mark)
    return target


# --- asking the memory ------------------------------------------------------------------------------


#: the OR query takes the rarest words of a text until they hold this many units between them
_POSTINGS_BUDGET = 5_000
#: the AND query takes this many of the rarest words
_AND_WORDS = 4


def _rarest(text: str, lang: str) -> list[tuple[str, int]]:
    """The text's words (Vietnamese) or bigrams (Chinese) the index knows, rarest first, with their unit counts."""
    body = fts_body(text, lang).split()
    tokens = [t for t in dict.fromkeys(body) if t != "0" and (lang == "zh" or len(t) > 1)][:64]
    if not tokens:
        return []
    marks = ",".join("?" * len(tokens))
    df = dict(DB.execute_sql(f"SELECT term, doc FROM tm_vocab WHERE term IN ({marks})", tokens).fetchall())
    return sorted(((t, df[t]) for t in tokens if t in df), key=lambda p: p[1])


def _match(col: str, tokens: list[str], op: str, limit: int) -> list[int]:
    q = col + " : (" + f" {op} ".join('"' + t.replace('"', '""') + '"' for t in tokens) + ")"
    if is_server():  # the column's tsvector (store.pg_sql), ranked by ts_rank where FTS5 ranks by bm25
        return [r[0] for r in DB.execute_sql(
            f"SELECT rowid FROM tm_fts WHERE {col}_tsv @@ bd_fts_query(?) "
            f"ORDER BY ts_rank({col}_tsv, bd_fts_query(?)) DESC, rowid LIMIT ?", (q, q, limit))]
    return [r[0] for r in DB.execute_sql("SELECT rowid FROM tm_fts WHERE tm_fts MATCH ? ORDER BY rank LIMIT ?",
                                         (q, limit))]


def _candidates(text: str, lang: str, limit: int = _CANDIDATES, words: str | None = None) -> list[tuple[int, str, str]]:
    """Units that may match: the same key; those holding the text's rarest words together; then any of them.

    Common words ("hai bên", "biên giới") are in most units: ranking every unit that
    holds one of them would read the whole index. A near-duplicate shares the rare
    ones, which hold few units: the AND of the four rarest finds it with a typo or two
    words changed elsewhere (then of three, of two); when none holds them together,
    the OR of the words rare enough (up to a budget of postings) finds looser matches.
    """
    k = key(text, lang)
    col = "zh_key" if lang == "zh" else "vi_key"
    ids = [r[0] for r in DB.execute_sql(f"SELECT id FROM tm_unit WHERE {col} = ? LIMIT 10", (k,))]
    rare = _rarest(words if words is not None else text, lang)
    body = "zh_body" if lang == "zh" else "vi_body"
    # the four rarest together; else three, skipping the rarest one, two or three (a word typed
    # differently, a name the memory saw with another); else two
    windows = []
    for w in [rare[:_AND_WORDS]] + [rare[i : i + 3] for i in range(1, 4)] + [rare[:2]]:
        if len(w) >= 2 and w not in windows:
            windows.append(w)
    for window in windows:
        got = _match(body, [t for t, _n in window], "AND", limit)
        ids += got
        if got:
            break
    if not ids and rare:
        chosen, total = [], 0
        for t, n in rare:
            if total + n > _POSTINGS_BUDGET:
                break
            chosen.append(t)
            total += n
        if chosen:  # only words rare enough: an OR of common ones would rank most of the index
            ids += _match(body, chosen, "OR", limit)
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return DB.execute_sql(f"SELECT id, vi, zh FROM tm_unit WHERE id IN ({marks})", ids).fetchall()


def _best_use(unit_id: int) -> tuple | None:
    return DB.execute_sql("SELECT source, tier, date, kind, field FROM tm_use WHERE unit_id = ? "
                          "ORDER BY tier DESC, date DESC LIMIT 1", (unit_id,)).fetchone()


def _weight(tier: float, date: str, today: dt.date) -> float:
    if not date:
        return tier
    try:
        age = (today - dt.date.fromisoformat(date[:10])).days / 365.25
    except ValueError:
        return tier
    return tier - 0.01 * min(max(age, 0.0), 20.0)


def _segment(text: str, from_lang: str, limit: int, today: dt.date, known: list[names.Name]) -> list[Suggestion]:
    to_lang = "vi" if from_lang == "zh" else "zh"
    typed_found = _found(text, from_lang, known)
    typed_key = _masked(text, from_lang, typed_found)
    close = []
    unnamed = _without_names(text, typed_found)
    for unit_id, vi, zh in _candidates(text, from_lang, words=unnamed if unnamed.strip() else None):
        cand_from, cand_to = (zh, vi) if from_lang == "zh" else (vi, zh)
        cand_found, cand_key = _unit_view(cand_from, from_lang, known)
        similarity = fuzz.ratio(typed_key, cand_key)
        if similarity >= MIN_SCORE:
            close.append((similarity, unit_id, cand_from, cand_to, cand_found))
    # only the closest are adapted and weighed (the weights reorder near-equals, not distant ones)
    close.sort(key=lambda c: -c[0])
    out: dict[str, Suggestion] = {}
    for similarity, unit_id, cand_from, cand_to, cand_found in close[: max(2 * limit, 8)]:
        target, carried, penalty = _adapt(text, from_lang, cand_from, cand_to, typed_found, cand_found)
        target = _end_like(text, target, to_lang)
        score = int(max(0, round(similarity - penalty)))
        if score < MIN_SCORE:
            continue
        use = _best_use(unit_id)
        if use is None:
            continue
        source, tier, date, kind, fld = use
        s = Suggestion(target, score, kind, None if source.startswith("glossary:") else source, date, fld,
                       cand_from, carried)
        s.rank = score + 3 * _weight(tier, date, today)
        have = out.get(key(target, to_lang))
        if have is None or s.rank > have.rank:
            out[key(target, to_lang)] = s
    return sorted(out.values(), key=lambda s: -s.rank)[:limit]


def suggest(text: str, to: str | None = None, limit: int = 5, today: dt.date | None = None) -> list[Suggestion]:
    """The best suggestions for the other language of *text*, best first.

    *to* is ``zh`` or ``vi`` (default: the language *text* is not written in).
    A text of several sentences or lines gets, first, the suggestion assembled
    from the best match of each (when more than one was found), then the matches
    of the whole text.
    """
    text = (text or "").strip()
    if not text:
        return []
    to = to or ("vi" if is_chinese(text) else "zh")
    from_lang = "vi" if to == "zh" else "zh"
    today = today or dt.date.today()
    build.ensure()  # built (or NotReady while the desk builds it) and caught up
    known = names.names()
    parts = segments(text, from_lang)
    whole = _segment(" ".join(text.split()), from_lang, limit, today, known) if len(text) <= memory.MAX_SEGMENT else []
    if len(parts) <= 1:
        return whole
    best = [(_segment(seg, from_lang, 1, today, known) or [None])[0] for seg, _sep in parts]
    found = [b for b in best if b is not None]
    out = list(whole)
    if found:
        pieces = []
        for b, (_seg, sep) in zip(best, parts):
            if b is not None:
                pieces.append(b.text + sep)
        joined = "".join(pieces).strip()
        score = round(sum(b.score for b in found) / len(parts))
        first = max(found, key=lambda b: b.rank)
        dates = sorted({b.source_date for b in found if b.source_date})
        assembled = Suggestion(joined, score, "memory" if len(found) > 1 else first.source_kind,
                               first.source_id if len(found) == 1 else None, dates[-1] if dates else "",
                               first.field, "\n".join(b.matched for b in found),
                               [c for b in found for c in b.carried], len(found), len(parts))
        assembled.rank = score + 3
        out.append(assembled)
    out.sort(key=lambda s: -s.rank)
    return out[:limit]


def normalised_key(text: str, lang: str) -> str:
    """The key the memory files *text* under (for tests and tools)."""
    return zh_key(text) if lang == "zh" else vi_key(text)
