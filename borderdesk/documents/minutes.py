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
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from borderdesk.documents import terms
from borderdesk.documents.data import Member, MinutesData, load_minutes
from borderdesk.documents.formats import date_words
from borderdesk.documents.layout import FRAME_WIDTH, build, para
from borderdesk.i18n import N_, _

LAYOUTS = ("columns", "sequential")
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

    *record* is a loaded :class:`MinutesData` or a record id. Names of people
    are printed as written and are not listed; their roles are.
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
        check(_("Role of {name}").format(name=who), mem.role_vi, mem.role_zh)
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
    if not text or ":" not in text:
        return ""
    h, mnt = text.split(":", 1)
    return f"{int(h)} giờ {mnt}" if lang == "vi" else f"{int(h)}时{mnt}分"


def _member_line(mem: Member, lang: str) -> str:
    name = (mem.name_vi or mem.name_zh) if lang == "vi" else (mem.name_zh or mem.name_vi)
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


def blocks(data: MinutesData) -> list[Block]:
    """The minutes as a list of bilingual blocks, in reading order."""
    t = lambda name, lang: data.text(name, lang)  # noqa: E731
    out: list[Block] = [Block("national")]
    title = terms.MINUTES_TITLE[data.kind]
    out.append(Block("title", *title))
    cp_vi, cp_zh = _pair(data.counterpart_vi, data.counterpart_zh)
    post_vi, post_zh = _pair(data.post_vi, data.post_zh)
    out.append(Block("subtitle", f"Giữa {post_vi} (Việt Nam) và {cp_vi} (Trung Quốc)",
                     f"越南{post_zh}与中国{cp_zh}"))

    place_vi, place_zh = _pair(t("place", "vi"), t("place", "zh"))
    ttype = terms.TALKS_TYPE.get(data.fields.get("talks_type") or "", None)
    what_vi = ttype[0] if (ttype and data.kind == "talks") else ("hội đàm" if data.kind == "talks" else "gặp gỡ")
    what_zh = ttype[1] if (ttype and data.kind == "talks") else ("会谈" if data.kind == "talks" else "会晤")
    when_vi = " ".join(x for x in (f"vào hồi {_time(data.fields.get('time'), 'vi')}" if data.fields.get("time") else "",
                                   date_words(data.date, "vi")) if x)
    when_zh = date_words(data.date, "zh") + _time(data.fields.get("time"), "zh")
    marker = (data.fields.get("marker") or "").strip()
    at_vi = f" tại {place_vi}" if place_vi else ""
    at_vi += f" (khu vực mốc {marker})" if marker else ""
    at_zh = f"在{place_zh}" if place_zh else ""
    at_zh += f"（{marker}号界碑附近）" if marker else ""
    out.append(Block(
        "para",
        f"Thực hiện cơ chế hợp tác giữa lực lượng quản lý biên giới hai nước, {when_vi}{at_vi}, "
        f"{post_vi} (Việt Nam) và {cp_vi} (Trung Quốc) đã tiến hành {what_vi}.",
        f"为落实两国边境管理部门合作机制，{when_zh}，越南{post_zh}与中国{cp_zh}{at_zh}举行{what_zh}。",
    ))

    if data.members:
        out.append(Block("heading", *terms.SECTION["delegations"]))
        for side in ("vn", "cn"):
            side_members = sorted((mm_ for mm_ in data.members if mm_.side == side), key=lambda x: not x.is_head)
            if not side_members:
                continue
            out.append(Block("para", terms.DELEGATION[side][0] + ":", terms.DELEGATION[side][1] + "："))
            for mem in side_members:
                out.append(Block("item", _member_line(mem, "vi"), _member_line(mem, "zh")))

    names = TALKS_FIELDS if data.kind == "talks" else MEETING_FIELDS
    for name in names:
        if name == "place":
            continue
        vi_lines, zh_lines = _lines(t(name, "vi")), _lines(t(name, "zh"))
        if not vi_lines and not zh_lines:
            continue
        section = terms.SECTION[name if name != "agenda" or data.kind == "talks" else "agenda"]
        out.append(Block("heading", *section))
        numbered = name in ("agenda", "agreed")
        for i in range(max(len(vi_lines), len(zh_lines))):
            vi = vi_lines[i] if i < len(vi_lines) else ""
            zh = zh_lines[i] if i < len(zh_lines) else ""
            vi, zh = _or_mark(vi, "vi"), _or_mark(zh, "zh")
            if numbered:
                vi = f"{i + 1}. {vi}"
                zh = f"{terms.zh_ordinal(i + 1)}、{zh}" if name == "agreed" else f"{i + 1}. {zh}"
            out.append(Block("item" if numbered else "para", vi, zh))

    out.append(Block("closing", *terms.CLOSING))
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
        i = 0 if lang == "vi" else 1
        label = terms.HEAD_OF_DELEGATION_SIGN[side][i]
        cell.append(para(label, size, "center", bold=True, after=0))
    cell.append(para("  ".join(terms.SIGN_HINT[0 if lang == "vi" else 1] for lang in langs), size - 1.5,
                     "center", italic_gray=True))
    cell.append(Spacer(1, 26 * mm))
    if head is not None:
        for lang in langs:
            name = (head.name_vi or head.name_zh) if lang == "vi" else (head.name_zh or head.name_vi)
            rank = terms.rank(head.rank, lang)
            text = f"{rank} {name}".strip() if lang == "vi" else f"{rank}{name}"
            cell.append(para(text, size, "center", bold=True, after=0))
    return cell


def _signatures(data: MinutesData, langs: tuple[str, ...], size: float):
    half = FRAME_WIDTH / 2
    table = Table([[_signature_cell(data, "vn", langs, size), _signature_cell(data, "cn", langs, size)]],
                  colWidths=[half, half])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 6 * mm), table]


def _national(size: float):
    half = FRAME_WIDTH / 2
    left = [para(terms.NATIONAL_VN[0], size - 0.5, "center", bold=True, after=0),
            para(terms.MOTTO_VN, size, "center", bold=True, after=0),
            para("―――――――", size - 3, "center", after=0)]
    right = [para(terms.NATIONAL_CN[1], size + 1.5, "center", bold=True, after=0)]
    table = Table([[left, right]], colWidths=[half + 12 * mm, half - 12 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 8 * mm)]


def _flow(block: Block, lang: str, size: float) -> list:
    """One language's side of a block as flowables."""
    text = block.vi if lang == "vi" else block.zh
    if block.kind == "title":
        return [para(text, size + 3.5, "center", bold=True, after=2)]
    if block.kind == "subtitle":
        return [para(text, size, "center", bold=True, after=8)]
    if block.kind == "heading":
        return [para(text + (":" if lang == "vi" else "："), size, "left", bold=True, before=6, after=3)]
    if block.kind == "item":
        # hanging indent: wrapped lines start under the text, not under the dash or number
        return [para(text, size, "left", indent=10 * mm, first=-4 * mm, after=2)]
    if block.kind == "closing":
        return [para(text, size, first=10 * mm, before=6)]
    return [para(text, size, first=10 * mm)]


def _columns(data: MinutesData, items: list[Block]) -> list:
    size = 11
    out = _national(size)
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
        rows.append([_flow(block, "vi", size), _flow(block, "zh", size)])
    half = FRAME_WIDTH / 2
    table = Table(rows, colWidths=[half, half], splitByRow=1, splitInRow=1)
    table.setStyle(TableStyle(styles))
    out.append(table)
    # the closing formula stays on the page of the signatures: a page of signatures alone proves nothing
    end = Table([[_flow(closing, "vi", size), _flow(closing, "zh", size)]], colWidths=[half, half])
    end.setStyle(TableStyle(styles))
    out.append(KeepTogether([end] + _signatures(data, ("vi", "zh"), size)))
    return out


def _sequential(data: MinutesData, items: list[Block]) -> list:
    size = 12.5
    out: list = []
    for n, lang in enumerate(LANGS):
        if n:
            out.append(PageBreak())
        out.extend(_national(size - 0.5))
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
        out.append(KeepTogether(closing + _signatures(data, (lang,), size)))
    return out


def render_minutes(record: MinutesData | str, layout: str = "columns", out: str | Path | io.BytesIO | None = None):
    """Write the minutes of *record* in *layout* to *out*; with no *out*, return the PDF bytes."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    data = load_minutes(record) if isinstance(record, str) else record
    items = blocks(data)
    flow = _columns(data, items) if layout == "columns" else _sequential(data, items)
    title = f"{terms.MINUTES_TITLE[data.kind][0]} / {terms.MINUTES_TITLE[data.kind][1]}"
    buf = out if out is not None else io.BytesIO()
    build(flow, buf, title=title)
    if out is None:
        return buf.getvalue()
    return None
