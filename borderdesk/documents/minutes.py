"""Minutes of talks and meetings on the border (biên bản hội đàm / 会谈纪要) as PDF.

The document is first described once as a list of blocks, each with its
Vietnamese and its Chinese text; the two layouts then set the same blocks
either side by side (one table row per paragraph, so each Vietnamese
paragraph stands level with its Chinese one) or the whole Vietnamese text
followed by the whole Chinese text. A text present in one language and
missing in the other is listed by :func:`missing_translations` before
printing, and, if the user prints anyway, shows as a visible mark, never as
a blank.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from borderdesk.documents import terms
from borderdesk.documents.data import Member, MinutesData, load_minutes
from borderdesk.documents.formats import date_words
from borderdesk.documents.layout import FRAME_WIDTH, KeepWithLast, Part, build, is_heading, para
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import N_, _

LAYOUTS = ("columns", "sequential")
SYMBOL = "BB"  # biên bản: the symbol of the number line
LANGS = ("vi", "zh")
#: shown where a text exists only in the other language (printing was allowed anyway)
MISSING_MARK = {"vi": "[Chưa có bản tiếng Việt]", "zh": "【缺中文文本】"}

#: the record's bilingual texts the minutes print, with their labels (translated at use)
FIELDS = {
    "place": N_("Place"),
    "agenda": N_("Agenda"),
    "purpose": N_("Purpose"),
    "our_report": N_("What our side reported"),
    "their_report": N_("What their side reported"),
    "outcome": N_("Outcome"),
    "agreed": N_("Agreed points"),
}
TALKS_FIELDS = ("place", "agenda", "our_report", "their_report", "agreed")
MEETING_FIELDS = ("place", "purpose", "our_report", "their_report", "outcome", "agreed")


@dataclass
class Block:
    """One paragraph of the minutes in both languages."""

    kind: str  # national | title | subtitle | heading | para | item | closing | signatures
    vi: str = ""
    zh: str = ""


def _lang_name(lang: str) -> str:
    return _("Chinese") if lang == "zh" else _("Vietnamese")


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in (text or "").splitlines() if ln.strip()]


def missing_translations(record: MinutesData | str) -> list[str]:
    """The labels of the texts present in one language and missing in the other.

    *record* is a loaded :class:`MinutesData` or a record id. Names of people count: a
    name written in one script only would print in the other language's text as it is.
    A rank typed as free text that is not a known rank in either language counts too.
    """
    data = load_minutes(record) if isinstance(record, str) else record
    out: list[str] = []

    def check(label: str, vi: str, zh: str) -> None:
        vi, zh = (vi or "").strip(), (zh or "").strip()
        if vi and not zh:
            out.append(_("{field} ({language})").format(field=label, language=_lang_name("zh")))
        elif zh and not vi:
            out.append(_("{field} ({language})").format(field=label, language=_lang_name("vi")))

    check(_("Name of our post"), data.post_vi, data.post_zh)
    check(_("Name of the counterpart unit"), data.counterpart_vi, data.counterpart_zh)
    for name in (TALKS_FIELDS if data.kind == "talks" else MEETING_FIELDS):
        vi, zh = data.text(name, "vi"), data.text(name, "zh")
        check(_(FIELDS[name]), vi, zh)
        if name in ("agenda", "agreed") and vi and zh and len(_lines(vi)) != len(_lines(zh)):
            out.append(_("{field}: {vi} lines in Vietnamese, {zh} in Chinese").format(
                field=_(FIELDS[name]), vi=len(_lines(vi)), zh=len(_lines(zh))))
    for i, mem in enumerate(data.members, 1):
        who = mem.name_vi or mem.name_zh or str(i)
        check(_("Name of {name}").format(name=who), mem.name_vi, mem.name_zh)
        check(_("Role of {name}").format(name=who), mem.role_vi, mem.role_zh)
        if not terms.rank_translated(mem.rank):
            out.append(_("Rank of {name}: choose it from the list").format(name=who))
    return out


def missing_heads(data: MinutesData) -> list[str]:
    """What must be filled before minutes can print at all: the head of each delegation."""
    heads = _heads(data)
    out = []
    if heads["vn"] is None:
        out.append(_("the head of the Vietnamese delegation"))
    if heads["cn"] is None:
        out.append(_("the head of the Chinese delegation"))
    return out


# --- the content, once, in both languages ----------------------------------------------


def _or_mark(text: str, lang: str) -> str:
    return text if text else MISSING_MARK[lang]


def _pair(vi: str, zh: str) -> tuple[str, str]:
    """Both texts, a visible mark standing in for a missing one (when the other exists)."""
    vi, zh = (vi or "").strip(), (zh or "").strip()
    if not vi and not zh:
        return "", ""
    return _or_mark(vi, "vi"), _or_mark(zh, "zh")


def _time(text: str, lang: str) -> str:
    """``08 giờ 30 phút`` / ``8时30分`` (empty without a time)."""
    if not text or ":" not in text:
        return ""
    h, mnt = text.split(":", 1)
    return f"{int(h):02d} giờ {int(mnt):02d} phút" if lang == "vi" else f"{int(h)}时{int(mnt):02d}分"


#: protocol order inside a delegation: head, deputies and political officers, members, interpreters
_DEPUTY = ("phó", "chính ủy", "chính trị viên", "副", "政委", "教导员")
_INTERPRETER = ("phiên dịch", "翻译")


def protocol_rank(mem: Member) -> int:
    role = f"{mem.role_vi} {mem.role_zh}".casefold()
    if mem.is_head:
        return 0
    if any(w in role for w in _INTERPRETER):
        return 3
    if any(w in role for w in _DEPUTY):
        return 1
    return 2


def _name(mem: Member, lang: str) -> str:
    return (mem.name_vi or mem.name_zh) if lang == "vi" else (mem.name_zh or mem.name_vi)


def _member_line(mem: Member, lang: str) -> str:
    name = _name(mem, lang)
    rank = terms.rank(mem.rank, lang)
    role = _or_mark((mem.role_vi if lang == "vi" else mem.role_zh).strip(), lang) \
        if (mem.role_vi or mem.role_zh).strip() else ""
    head = terms.HEAD[0 if lang == "vi" else 1]
    if lang == "vi":
        text = f"– {rank + ' ' if rank else ''}{name}"
        text += f", {role}" if role else ""
        return text + (f", {head}" if mem.is_head else "") + ";"
    text = f"{rank}{name}" if rank else name
    text += f"，{role}" if role else ""
    return text + (f"（{head}）" if mem.is_head else "") + "；"


def _unit(data: MinutesData, side: str, lang: str) -> str:
    """A side's unit with its country, the country not repeated when the name already says it."""
    vi, zh = (_pair(data.post_vi, data.post_zh) if side == "vn" else _pair(data.counterpart_vi, data.counterpart_zh))
    country = terms.COUNTRY[side]
    if lang == "vi":
        return vi if country[0].casefold() in vi.casefold() else f"{vi} ({country[0]})"
    return zh if zh.startswith(country[1]) else f"{country[1]}{zh}"


def _place(data: MinutesData) -> tuple[str, str]:
    """Where: the place as written, the marker added only when the place does not already name it."""
    place_vi, place_zh = _pair(data.text("place", "vi"), data.text("place", "zh"))
    marker = (data.fields.get("marker") or "").strip()
    if not marker:
        return place_vi, place_zh
    if not place_vi and not place_zh:
        return f"khu vực mốc {marker}", f"{marker}号界碑附近"
    vi = place_vi if marker in place_vi else f"{place_vi} (khu vực mốc {marker})"
    zh = place_zh if marker in place_zh else f"{place_zh}（{marker}号界碑附近）"
    return vi, zh


def _what(data: MinutesData) -> tuple[str, str]:
    """``hội đàm định kỳ quý IV năm 2025`` / ``2025年第四季度定期会谈``."""
    if data.kind != "talks":
        return "gặp gỡ", "会晤"
    y, q = data.date.year, (data.date.month - 1) // 3
    ttype = data.fields.get("talks_type") or ""
    if ttype == "quarterly":
        return (f"hội đàm định kỳ quý {terms.ROMAN_QUARTERS[q]} năm {y}",
                f"{y}年第{terms.zh_ordinal(q + 1)}季度定期会谈")
    if ttype == "annual":
        return f"hội đàm định kỳ năm {y}", f"{y}年度定期会谈"
    if ttype == "ad_hoc":
        return "hội đàm đột xuất", "临时会谈"
    return "hội đàm", "会谈"


def _closing(data: MinutesData, original: str) -> tuple[str, str]:
    """The signing formula: date and place of signing, two originals, both texts equally authentic."""
    place_vi, place_zh = _place(data)
    langs = ("vi", "zh") if original == "vn" else ("zh", "vi")
    in_vi = " và ".join(terms.LANGUAGE_NAME[x][0] for x in langs)
    in_zh = "和".join(terms.LANGUAGE_NAME[x][1] for x in langs)
    at_vi = f" tại {place_vi}" if place_vi else ""
    at_zh = f"在{place_zh}" if place_zh else ""
    return (f"Biên bản được ký {date_words(data.date, 'vi')}{at_vi}, lập thành 02 bản, mỗi bản bằng {in_vi}, "
            "hai văn bản có giá trị như nhau; mỗi bên giữ 01 bản.",
            f"本纪要于{date_words(data.date, 'zh')}{at_zh}签订，一式两份，每份均用{in_zh}写成，两种文本同等作准，"
            "双方各执一份。")


def blocks(data: MinutesData, original: str = "vn", draft: bool = False) -> list[Block]:
    """The minutes as bilingual blocks in reading order, for the *original* of side ``vn`` or ``cn``:
    each original names its own side first."""
    t = lambda name, lang: data.text(name, lang)  # noqa: E731
    first, second = ("vn", "cn") if original == "vn" else ("cn", "vn")
    out: list[Block] = [Block("national")]
    out.append(Block("title", *terms.MINUTES_TITLE[data.kind]))
    out.append(Block("subtitle", f"Giữa {_unit(data, first, 'vi')} và {_unit(data, second, 'vi')}",
                     f"{_unit(data, first, 'zh')}与{_unit(data, second, 'zh')}"))
    place_vi, place_zh = _place(data)
    what_vi, what_zh = _what(data)
    hour_vi, hour_zh = _time(data.fields.get("time"), "vi"), _time(data.fields.get("time"), "zh")
    when_vi = (f"vào hồi {hour_vi}, " if hour_vi else "") + date_words(data.date, "vi")
    when_zh = date_words(data.date, "zh") + hour_zh
    out.append(Block(
        "para",
        f"Thực hiện cơ chế hợp tác giữa lực lượng quản lý biên giới hai nước, {when_vi}"
        f"{', tại ' + place_vi if place_vi else ''}, {_unit(data, first, 'vi')} và {_unit(data, second, 'vi')} "
        f"đã tiến hành {what_vi}.",
        f"为落实两国边境管理部门合作机制，{when_zh}，{_unit(data, first, 'zh')}与{_unit(data, second, 'zh')}"
        f"{'在' + place_zh if place_zh else ''}举行{what_zh}。",
    ))

    if data.members:
        out.append(Block("heading", *terms.SECTION["delegations"]))
        for side in (first, second):
            side_members = sorted((x for x in data.members if x.side == side), key=protocol_rank)
            if not side_members:
                continue
            out.append(Block("para", terms.DELEGATION[side][0] + ":", terms.DELEGATION[side][1] + "："))
            for mem in side_members:
                out.append(Block("item", _member_line(mem, "vi"), _member_line(mem, "zh")))

    names = list(TALKS_FIELDS if data.kind == "talks" else MEETING_FIELDS)
    if original == "cn":  # the Chinese original gives the Chinese side's report first
        i, j = names.index("our_report"), names.index("their_report")
        names[i], names[j] = names[j], names[i]
    for name in names:
        if name == "place":
            continue
        vi_lines, zh_lines = _lines(t(name, "vi")), _lines(t(name, "zh"))
        if not vi_lines and not zh_lines:
            continue
        out.append(Block("heading", *terms.SECTION[name]))
        numbered = name in ("agenda", "agreed")
        for i in range(max(len(vi_lines), len(zh_lines))):
            vi = vi_lines[i] if i < len(vi_lines) else ""
            zh = zh_lines[i] if i < len(zh_lines) else ""
            vi, zh = _or_mark(vi, "vi"), _or_mark(zh, "zh")
            if numbered:
                vi = f"{i + 1}. {vi}"
                zh = f"{terms.zh_ordinal(i + 1)}、{zh}" if name == "agreed" else f"{i + 1}. {zh}"
            out.append(Block("item" if numbered else "para", vi, zh))

    out.append(Block("closing", *(terms.DRAFT_NOTE if draft else _closing(data, original))))
    out.append(Block("signatures"))
    return out


# --- the two layouts --------------------------------------------------------------------


def _heads(data: MinutesData) -> dict[str, Member | None]:
    heads: dict[str, Member | None] = {"vn": None, "cn": None}
    for mem in data.members:
        if mem.is_head and heads.get(mem.side) is None:
            heads[mem.side] = mem
    return heads


def _signature_cell(data: MinutesData, side: str, langs: tuple[str, ...], size: float):
    head = _heads(data).get(side)
    cell = []
    for lang in langs:
        label = terms.HEAD_OF_DELEGATION_SIGN[side][0 if lang == "vi" else 1]
        cell.append(para(label, size, "center", bold=True, after=0))
    cell.append(para("  ".join(terms.SIGN_HINT[0 if lang == "vi" else 1] for lang in langs), size - 1.5,
                     "center", italic_gray=True))
    cell.append(Spacer(1, 26 * mm))
    if head is not None:
        for lang in langs:
            rank = terms.rank(head.rank, lang)
            name = _name(head, lang)
            text = f"{rank} {name}".strip() if lang == "vi" else f"{rank}{name}"
            cell.append(para(text, size, "center", bold=True, after=0))
    return cell


def _signatures(data: MinutesData, original: str, langs: tuple[str, ...], size: float):
    """Both heads' blocks; the original's own side signs on the left (the alternat)."""
    half = FRAME_WIDTH / 2
    left, right = ("vn", "cn") if original == "vn" else ("cn", "vn")
    table = Table([[_signature_cell(data, left, langs, size), _signature_cell(data, right, langs, size)]],
                  colWidths=[half, half])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 6 * mm), table]


def _party(data: MinutesData, side: str, langs: tuple[str, ...], size: float) -> list:
    """A party's block of the heading: its state and its unit, in each of *langs*."""
    out = []
    for lang in langs:
        i = 0 if lang == "vi" else 1
        unit = (data.post_vi if side == "vn" else data.counterpart_vi) if lang == "vi" else _unit(data, side, "zh")
        unit = unit or MISSING_MARK[lang]
        out.append(para(terms.STATE[side][i], size - 1, "center", bold=True, after=0))
        out.append(para(unit.upper() if lang == "vi" else unit, size - 1, "center", after=2))
    out.append(para("―――――", size - 3, "center", after=0))
    return out


def _heading(data: MinutesData, original: str, langs: tuple[str, ...], size: float, number: str):
    """The heading in the language(s) of a text: the two parties, the original's side on the left,
    each with its state and unit; under them the number and the place-date line."""
    half = FRAME_WIDTH / 2
    first, second = ("vn", "cn") if original == "vn" else ("cn", "vn")
    table = Table([[_party(data, first, langs, size), _party(data, second, langs, size)]], colWidths=[half, half])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    place_vi, place_zh = _place(data)
    blank = f"\u00a0" * 8 + f"/{SYMBOL}-{data.site}"  # the number is written in by hand
    left, right = [], []
    for lang in langs:
        if lang == "vi":
            left.append(para(f"Số: {number or blank}", size, "left", after=0))
            right.append(para(f"{place_vi + ', ' if place_vi else ''}{date_words(data.date, 'vi')}", size, "right",
                              italic=True, after=0))
        else:
            left.append(para(f"编号：{number or blank}", size, "left", after=0))
            right.append(para(f"{date_words(data.date, 'zh')}{'于' + place_zh if place_zh else ''}", size, "right",
                              after=0))
    row = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.7])
    row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                             ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table, Spacer(1, 2 * mm), row, Spacer(1, 6 * mm)]


def _flow(block: Block, lang: str, size: float) -> list:
    """One language's side of a block as flowables."""
    text = block.vi if lang == "vi" else block.zh
    if block.kind == "title":
        return [para(text, size + 3.5, "center", bold=True, after=2, tag="H1")]
    if block.kind == "subtitle":
        return [para(text, size, "center", bold=True, after=8)]
    if block.kind == "heading":
        return [para(text + (":" if lang == "vi" else "："), size, "left", bold=True, before=6, after=3, tag="H2")]
    if block.kind == "item":
        # hanging indent: wrapped lines start under the text, not under the dash or number
        return [para(text, size, "left", indent=10 * mm, first=-4 * mm, after=2)]
    if block.kind == "closing":
        return [para(text, size, first=10 * mm, before=6)]
    return [para(text, size, first=10 * mm)]


def _columns(data: MinutesData, items: list[Block], original: str, number: str) -> list:
    """Both texts side by side: the original's own language in the left column."""
    size = 12
    langs = ("vi", "zh") if original == "vn" else ("zh", "vi")
    half = FRAME_WIDTH / 2
    out: list = [Part(langs[0], "both")]
    out += _heading(data, original, langs, size - 1, number)
    rows, styles = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 5 * mm),
                        ("RIGHTPADDING", (1, 0), (1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                        ("LINEAFTER", (0, 0), (0, -1), 0.3, "#999999")]
    closing = None
    for block in items:
        if block.kind in ("national", "signatures"):
            continue
        if block.kind == "closing":
            closing = block
            continue
        rows.append([_flow(block, langs[0], size), _flow(block, langs[1], size)])
    table = Table(rows, colWidths=[half, half], splitByRow=1, splitInRow=1)
    table.setStyle(TableStyle(styles))
    # the closing formula (or the draft note) and the signatures stay with the end of the text
    end = Table([[_flow(closing, langs[0], size), _flow(closing, langs[1], size)]], colWidths=[half, half])
    end.setStyle(TableStyle(styles))
    out.append(KeepWithLast(table, [end] + _signatures(data, original, langs, size)))
    return out


def _sequential(data: MinutesData, items: list[Block], original: str, number: str) -> list:
    """One text after the other: the original's own language first, each text headed in its language."""
    size = 13
    out: list = []
    langs = ("vi", "zh") if original == "vn" else ("zh", "vi")
    for n, lang in enumerate(langs):
        if n:
            out.append(PageBreak())
        out.append(Part(lang, "count"))
        out.extend(_heading(data, original, (lang,), size - 1, number))
        closing: list = []
        for block in items:
            if block.kind in ("national", "signatures"):
                continue
            if block.kind == "closing":
                closing = _flow(block, lang, size)
                continue
            if block.kind == "heading":
                out.append(CondPageBreak(30 * mm))  # keep a heading with the text under it
            out.extend(_flow(block, lang, size))
        last = out.pop()
        tail = closing + _signatures(data, original, (lang,), size)
        if is_heading(out[-1]):  # a last section of one paragraph: its heading goes with it
            last, tail = out.pop(), [last] + tail
        out.append(KeepWithLast(last, tail))
    return out


def render_minutes(record: MinutesData | str, layout: str = "columns", out: str | Path | io.BytesIO | None = None,
                   originals: tuple[str, ...] = ("vn", "cn")):
    """Write the minutes of *record* in *layout* to *out* (with no *out*, return the PDF bytes): both
    originals one after the other, the Vietnamese one first.

    Minutes without a head of delegation on each side are refused (:class:`BorderDeskError` naming
    what to fill). Minutes with any gap (see :func:`missing_translations`) print as a draft: "BẢN NHÁP
    / 草稿" across every page, no number and no signing formula. Complete minutes get their number
    (kept in the record) at their first print.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    data = load_minutes(record) if isinstance(record, str) else record
    heads = missing_heads(data)
    if heads:
        raise BorderDeskError(_("The minutes cannot be printed without {what}: mark the head of each delegation "
                                "in the form.").format(what=_(" and ").join(heads)))
    draft = bool(missing_translations(data))
    number = ""
    if not draft:
        from borderdesk.services import document_numbers

        number = data.number or document_numbers.minutes_number(data.uuid)
        data.number = number
    flow: list = []
    for i, original in enumerate(originals):
        if i:
            flow.append(PageBreak())
        items = blocks(data, original, draft)
        flow += _columns(data, items, original, number) if layout == "columns" else \
            _sequential(data, items, original, number)
    title_vi, title_zh = terms.MINUTES_TITLE[data.kind]
    suffix_vi, suffix_zh = (f" số {number}", f"（编号{number}）") if number else (" (bản nháp)", "（草稿）")
    title = f"{title_vi.capitalize()}{suffix_vi} / {title_zh}{suffix_zh}"
    subject = (f"{_unit(data, 'vn', 'vi')} – {_unit(data, 'cn', 'vi')}, {date_words(data.date, 'vi')} / "
               f"{_unit(data, 'vn', 'zh')}—{_unit(data, 'cn', 'zh')}，{date_words(data.date, 'zh')}")
    buf = out if out is not None else io.BytesIO()
    build(flow, buf, title=title, subject=subject, lang="vi", draft=terms.DRAFT if draft else ())
    if out is None:
        return buf.getvalue()
    return None
