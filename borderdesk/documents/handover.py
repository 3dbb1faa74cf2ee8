"""The documents of a handover: the handover record and the verification request letter.

The handover record (biên bản bàn giao người xuất nhập cảnh trái phép / 非法出入境人员移交书)
is signed by both sides: two originals, each naming its own side first and
signing on the left, each with the Vietnamese and the Chinese text; it lists
the persons (name in both scripts where known, sex, year of birth,
nationality, document, address) and the items handed over with them.

The verification request letter (công thư đề nghị xác minh / 核查请求函) is
ours, sent to the unit opposite when it must verify the persons we handed
over; it gives the reply due date, 7 working days in the answering side's
calendar (``services.calendar``).
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

from borderdesk.documents import terms
from borderdesk.documents.formats import date_words
from borderdesk.documents.layout import FRAME_WIDTH, KeepWithLast, Part, build, para
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

Pair = tuple[str, str]
NATIONALITY: dict[str, Pair] = {"VN": ("Việt Nam", "越南"), "CN": ("Trung Quốc", "中国"), "LA": ("Lào", "老挝"),
                                "KH": ("Campuchia", "柬埔寨"), "MM": ("Myanmar", "缅甸")}
SEX: dict[str, Pair] = {"M": ("Nam", "男"), "F": ("Nữ", "女")}
TITLE: dict[str, Pair] = {
    "handover": ("BIÊN BẢN BÀN GIAO NGƯỜI XUẤT NHẬP CẢNH TRÁI PHÉP", "非法出入境人员移交书"),
    "repatriation": ("BIÊN BẢN TRAO TRẢ NGƯỜI XUẤT NHẬP CẢNH TRÁI PHÉP", "非法出入境人员遣返移交书"),
}
LETTER_TITLE: Pair = ("CÔNG THƯ", "公函")
LETTER_SUBJECT: Pair = ("V/v đề nghị xác minh người xuất nhập cảnh trái phép", "关于请求核查非法出入境人员的函")
SIZE = 12.5


@dataclass
class Person:
    name: str
    name_zh: str
    sex: str
    birth_year: int | None
    nationality: str
    document: str
    address: str


@dataclass
class HandoverData:
    uuid: str
    kind: str  # handover | repatriation
    direction: str  # received | handed_over
    date: dt.date
    site: str
    post_vi: str
    post_zh: str
    province: str
    counterpart_vi: str
    counterpart_zh: str
    gate_vi: str
    gate_zh: str
    marker: str
    our_officer: str
    their_officer: str
    items_vi: str
    items_zh: str
    verification_side: str
    verification_requested: dt.date | None
    verification_due: dt.date | None
    persons: list[Person] = field(default_factory=list)


def _day(v) -> dt.date | None:
    if v in (None, ""):
        return None
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


def load_handover(record_uuid: str) -> HandoverData:
    """The handover *record_uuid* with the names its documents print (a user-facing error otherwise)."""
    from borderdesk.services import records, registry
    from borderdesk.store import models as m

    row = records.find(record_uuid)
    if not isinstance(row, m.Handover):
        raise BorderDeskError(_("Handover records and verification letters are made for handovers only; {id} is "
                                "another kind of record.").format(id=record_uuid))
    if row.deleted:
        raise BorderDeskError(_("The record {id} is deleted; restore it before printing.").format(id=record_uuid))
    d = records.to_dict(row)
    post = m.Post.get_or_none(m.Post.code == row.site)
    cp = registry.counterpart_names().get(row.counterpart or "", ("", ""))
    gate = m.BorderGate.get_or_none(m.BorderGate.uuid == row.gate) if row.gate else None
    people = [Person(p.get("name", ""), p.get("name_zh", "") or "", p.get("sex", "") or "", p.get("birth_year"),
                     p.get("nationality", "") or "", p.get("document", "") or "", p.get("address", "") or "")
              for p in d.get("people", [])]
    return HandoverData(
        uuid=row.uuid, kind=row.handover_type or "handover", direction=row.direction, date=_day(row.date),
        site=row.site, post_vi=post.name_vi if post else row.site, post_zh=(post.name_zh if post else "") or "",
        province=(post.province if post else "") or "", counterpart_vi=cp[0] or "", counterpart_zh=cp[1] or "",
        gate_vi=gate.name_vi if gate else "", gate_zh=(gate.name_zh if gate else "") or "",
        marker=row.marker or "", our_officer=row.our_officer or "", their_officer=row.their_officer or "",
        items_vi=row.items_vi or "", items_zh=row.items_zh or "", verification_side=row.verification_side or "vn",
        verification_requested=_day(row.verification_requested), verification_due=_day(row.verification_due),
        persons=people,
    )


def _T(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _unit(h: HandoverData, side: str, lang: str) -> str:
    vi, zh = (h.post_vi, h.post_zh) if side == "vn" else (h.counterpart_vi, h.counterpart_zh)
    country = terms.COUNTRY[side]
    if lang == "vi":
        name = vi or zh
        return name if country[0].casefold() in name.casefold() else f"{name} ({country[0]})"
    name = zh or vi
    return name if name.startswith(country[1]) else f"{country[1]}{name}"


def _where(h: HandoverData, lang: str) -> str:
    gate = h.gate_vi if lang == "vi" else (h.gate_zh or h.gate_vi)
    if lang == "vi":
        parts = [f"cửa khẩu {gate}" if gate and "cửa khẩu" not in gate.casefold() else gate,
                 f"khu vực mốc {h.marker}" if h.marker else ""]
        return ", ".join(p for p in parts if p)
    return "".join(p for p in (gate, f"{h.marker}号界碑附近" if h.marker else "") if p)


def gaps(h: HandoverData) -> list[str]:
    """What one language lacks (the record then prints as a draft)."""
    out = []
    if not h.post_zh:
        out.append(_("Name of our post (Chinese)"))
    if not h.counterpart_vi or not h.counterpart_zh:
        out.append(_("Name of the counterpart unit"))
    if h.items_vi.strip() and not h.items_zh.strip():
        out.append(_("{field} ({language})").format(field=_("Items handed over"), language=_("Chinese")))
    if h.items_zh.strip() and not h.items_vi.strip():
        out.append(_("{field} ({language})").format(field=_("Items handed over"), language=_("Vietnamese")))
    return out


def _persons_table(h: HandoverData, lang: str):
    head = [("TT", "序号"), ("Họ và tên", "姓名"), ("Giới tính", "性别"), ("Năm sinh", "出生年份"),
            ("Quốc tịch", "国籍"), ("Giấy tờ", "证件"), ("Địa chỉ", "住址")]
    size = 10.5
    rows = [[para(_T(c, lang), size, "center", bold=True, after=0) for c in head]]
    for i, p in enumerate(h.persons, 1):
        names = [p.name, p.name_zh] if lang == "vi" else [p.name_zh, p.name]
        name = "\n".join(n for n in names if n)
        nat = NATIONALITY.get(p.nationality.upper(), (p.nationality, p.nationality))
        cells = [str(i), name, _T(SEX[p.sex], lang) if p.sex in SEX else "", str(p.birth_year or ""),
                 _T(nat, lang), p.document, p.address]
        rows.append([para(c, size, "left" if j in (1, 5, 6) else "center", after=0, leading=size * 1.3)
                     for j, c in enumerate(cells)])
    w = FRAME_WIDTH
    t = Table(rows, colWidths=[w * 0.06, w * 0.22, w * 0.09, w * 0.1, w * 0.11, w * 0.14, w * 0.28], repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#555555")),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return t


def _parties(h: HandoverData, original: str, lang: str) -> Table:
    half = FRAME_WIDTH / 2
    cells = []
    for side in (("vn", "cn") if original == "vn" else ("cn", "vn")):
        unit = (h.post_vi if side == "vn" else h.counterpart_vi) if lang == "vi" else _unit(h, side, "zh")
        cells.append([para(_T(terms.STATE[side], lang), SIZE - 1.5, "center", bold=True, after=0),
                      para(unit.upper() if lang == "vi" else unit, SIZE - 1.5, "center", after=0),
                      para("―――――", 8, "center", after=0)])
    t = Table([cells], colWidths=[half, half])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _record_text(h: HandoverData, original: str, lang: str, draft: bool) -> list:
    giver, taker = ("vn", "cn") if h.direction == "handed_over" else ("cn", "vn")
    first, second = ("vn", "cn") if original == "vn" else ("cn", "vn")
    officer = {"vn": h.our_officer, "cn": h.their_officer}
    n = len(h.persons) or 0
    where = _where(h, lang)
    out: list = [Part(lang, "count"), _parties(h, original, lang), Spacer(1, 6 * mm),
                 para(_T(TITLE.get(h.kind, TITLE["handover"]), lang), SIZE + 2, "center", bold=True, after=8,
                      tag="H1")]
    verb = "trao trả" if h.kind == "repatriation" else "bàn giao"
    if lang == "vi":
        reps = " và ".join(f"đại diện {_unit(h, s, 'vi')}" + (f" là ông (bà) {officer[s]}" if officer[s] else "")
                           for s in (first, second))
        out.append(para(f"Hôm nay, {date_words(h.date, 'vi')}{', tại ' + where if where else ''}, {reps} "
                        f"đã tiến hành {verb} người xuất nhập cảnh trái phép. {_unit(h, giver, 'vi')} {verb} cho "
                        f"{_unit(h, taker, 'vi')} {n:02d} người, cụ thể như sau:", SIZE, first=10 * mm))
    else:
        reps = "与".join(f"{_unit(h, s, 'zh')}代表" + (officer[s] if officer[s] else "") for s in (first, second))
        out.append(para(f"{date_words(h.date, 'zh')}，{reps}{'在' + where if where else ''}进行非法出入境人员移交。"
                        f"{_unit(h, giver, 'zh')}向{_unit(h, taker, 'zh')}移交非法出入境人员{n}名，具体如下：",
                        SIZE, first=10 * mm))
    out += [_persons_table(h, lang), Spacer(1, 3 * mm)]
    items = (h.items_vi if lang == "vi" else h.items_zh).strip() or \
        (h.items_zh if lang == "vi" else h.items_vi).strip()
    out.append(para(_T(("Đồ vật, tài sản bàn giao kèm theo: ", "随同移交的物品："), lang)
                    + (items or _T(("không có.", "无。"), lang)), SIZE, first=10 * mm))
    if h.verification_requested and h.verification_due:
        asker, answerer = ("cn", "vn") if h.verification_side == "vn" else ("vn", "cn")
        out.append(para(
            f"{_unit(h, asker, 'vi')} đề nghị {_unit(h, answerer, 'vi')} xác minh và trả lời trước "
            f"{date_words(h.verification_due, 'vi')}." if lang == "vi" else
            f"{_unit(h, asker, 'zh')}请{_unit(h, answerer, 'zh')}核查上述人员，并于"
            f"{date_words(h.verification_due, 'zh')}前答复。", SIZE, first=10 * mm))
    langs = ("vi", "zh") if original == "vn" else ("zh", "vi")
    if draft:
        closing = _T(terms.DRAFT_NOTE, lang)
    elif lang == "vi":
        closing = (f"Biên bản lập thành 02 bản, mỗi bản bằng {' và '.join(terms.LANGUAGE_NAME[x][0] for x in langs)}, "
                   "hai văn bản có giá trị như nhau; mỗi bên giữ 01 bản.")
    else:
        closing = (f"本移交书一式两份，每份均用{'和'.join(terms.LANGUAGE_NAME[x][1] for x in langs)}写成，"
                   "两种文本同等作准，双方各执一份。")
    half = FRAME_WIDTH / 2
    signs = []
    for side in (first, second):
        signs.append([para(_T((f"ĐẠI DIỆN {_T(terms.SIDE_NAME[side], 'vi').upper()}", f"{_T(terms.SIDE_NAME[side], 'zh')}代表"),
                              lang), SIZE, "center", bold=True, after=0),
                      para(_T(terms.SIGN_HINT, lang), SIZE - 2, "center", italic_gray=True),
                      Spacer(1, 22 * mm), para(officer[side] or " ", SIZE, "center", bold=True, after=0)])
    t = Table([signs], colWidths=[half, half])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out.append(KeepWithLast(out.pop(), [para(closing, SIZE, first=10 * mm, before=4), Spacer(1, 4 * mm), t]))
    return out


def render_handover_record(record: HandoverData | str, out: str | Path | io.BytesIO | None = None):
    """The handover record of *record*: the Vietnamese original, then the Chinese one."""
    h = load_handover(record) if isinstance(record, str) else record
    if not h.persons:
        raise BorderDeskError(_("The handover record lists the persons handed over: add them in the form first."))
    draft = bool(gaps(h))
    flow: list = []
    for i, original in enumerate(("vn", "cn")):
        for j, lang in enumerate(("vi", "zh") if original == "vn" else ("zh", "vi")):
            if i or j:
                flow.append(PageBreak())
            flow += _record_text(h, original, lang, draft)
    title = f"{TITLE[h.kind][0].capitalize()}, {date_words(h.date, 'vi')} / {TITLE[h.kind][1]}"
    subject = f"{_unit(h, 'vn', 'vi')} – {_unit(h, 'cn', 'vi')} / {_unit(h, 'vn', 'zh')}—{_unit(h, 'cn', 'zh')}"
    buf = out if out is not None else io.BytesIO()
    build(flow, buf, title=title, subject=subject, lang="vi", draft=terms.DRAFT if draft else ())
    return buf.getvalue() if out is None else None


# --- the verification request letter -------------------------------------------------------


def letter_dates(h: HandoverData, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(date of the request, reply due date): the record's request, or a request made today."""
    from borderdesk.services import calendar

    asked = h.verification_requested or today or dt.date.today()
    due = h.verification_due if h.verification_requested and h.verification_due else \
        calendar.verification_due(asked, "cn")
    return asked, due


def _letter_text(h: HandoverData, lang: str, asked: dt.date, due: dt.date) -> list:
    where = _where(h, lang)
    n = len(h.persons) or 0
    head_left = [para(_T(("BỘ ĐỘI BIÊN PHÒNG VIỆT NAM", "越南边防部队"), lang), SIZE - 1.5, "center", after=0),
                 para(h.post_vi.upper() if lang == "vi" else _unit(h, "vn", "zh"), SIZE - 1.5, "center", bold=True,
                      after=0),
                 para("―――――", 8, "center", after=0),
                 para(("Số:" + "\u00a0" * 8 + f"/CT-{h.site}") if lang == "vi" else f"编号：\u00a0\u00a0\u00a0\u00a0/CT-{h.site}",
                      SIZE - 1, "center", after=0),
                 para(_T(LETTER_SUBJECT, lang), SIZE - 2, "center", italic=lang == "vi", after=0)]
    place = h.province if lang == "vi" else terms.province_zh(h.province)
    head_right = [Spacer(1, 14 * mm),
                  para((f"{place + ', ' if place else ''}{date_words(asked, 'vi')}") if lang == "vi"
                       else f"{date_words(asked, 'zh')}", SIZE, "center", italic=lang == "vi", after=0)]
    top = Table([[head_left, head_right]], colWidths=[FRAME_WIDTH * 0.48, FRAME_WIDTH * 0.52])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    out: list = [Part(lang, "count"), top, Spacer(1, 8 * mm)]
    if lang == "vi":
        out.append(para(f"Kính gửi: {_unit(h, 'cn', 'vi')}", SIZE, "center", bold=True, after=8))
        body = [
            f"Ngày {date_words(h.date, 'vi')[5:]}{', tại ' + where if where else ''}, {_unit(h, 'vn', 'vi')} đã bàn "
            f"giao cho quý đơn vị {n:02d} người xuất nhập cảnh trái phép (danh sách kèm theo).",
            "Để phục vụ công tác quản lý biên giới, đề nghị quý đơn vị xác minh nhân thân, nơi cư trú của những "
            f"người nêu trên và trả lời cho chúng tôi trước {date_words(due, 'vi')} (07 ngày làm việc kể từ ngày "
            "đề nghị, theo cơ chế phối hợp giữa hai bên).",
            "Trân trọng cảm ơn sự phối hợp của quý đơn vị.",
        ]
    else:
        out.append(para(f"{_unit(h, 'cn', 'zh')}：", SIZE, "left", bold=True, after=8))
        body = [
            f"{date_words(h.date, 'zh')}，{_unit(h, 'vn', 'zh')}{'在' + where if where else ''}向贵单位移交非法出入境"
            f"人员{n}名（名单附后）。",
            f"为做好边境管理工作，请贵单位核查上述人员的身份和居住地，并于{date_words(due, 'zh')}前函复我站"
            "（自请求之日起7个工作日，按双方合作机制）。",
            "感谢贵单位的配合！",
        ]
    out += [para(t, SIZE, first=10 * mm) for t in body]
    out += [Spacer(1, 2 * mm), para(_T(("Danh sách người đề nghị xác minh:", "请求核查人员名单："), lang), SIZE,
                                    "left", bold=True), _persons_table(h, lang)]
    sign = [para(_T(("ĐỒN TRƯỞNG", "站长"), lang), SIZE, "center", bold=True, after=0),
            para(_T(("(Ký tên, đóng dấu)", "（签字、盖章）"), lang), SIZE - 2, "center", italic_gray=True),
            Spacer(1, 22 * mm)]
    t = Table([[Spacer(1, 1), sign]], colWidths=[FRAME_WIDTH * 0.45, FRAME_WIDTH * 0.55])
    out.append(KeepWithLast(out.pop(), [Spacer(1, 6 * mm), t]))
    return out


def check_letter(h: HandoverData) -> None:
    """Refuses (one line) a verification request letter this handover cannot have: the answer is
    ours to give, or there is no one to verify. The desk asks this before opening its preview."""
    if h.verification_side != "cn":
        raise BorderDeskError(_("The verification of this handover is ours to answer: a request letter is written "
                                "by the side that asks (set 'Verification answered by' to the Chinese side to ask "
                                "them)."))
    if not h.persons:
        raise BorderDeskError(_("The letter lists the persons to verify: add them in the form first."))


def render_verification_letter(record: HandoverData | str, out: str | Path | io.BytesIO | None = None,
                               today: dt.date | None = None):
    """The letter asking the unit opposite to verify the persons of a handover it must answer for:
    the Vietnamese text, then the Chinese one."""
    h = load_handover(record) if isinstance(record, str) else record
    check_letter(h)
    asked, due = letter_dates(h, today)
    flow: list = []
    for i, lang in enumerate(("vi", "zh")):
        if i:
            flow.append(PageBreak())
        flow += _letter_text(h, lang, asked, due)
    title = f"Công thư đề nghị xác minh, hạn trả lời {date_words(due, 'vi')} / 核查请求函"
    subject = f"{_T(LETTER_SUBJECT, 'vi')} / {_T(LETTER_SUBJECT, 'zh')}"
    buf = out if out is not None else io.BytesIO()
    build(flow, buf, title=title, subject=subject, lang="vi")
    return buf.getvalue() if out is None else None
