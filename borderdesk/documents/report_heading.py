"""The heading and the signature of a report, after each side's conventions.

Vietnamese (Decree 30/2020/NĐ-CP, appendix I): the superior body above the
issuing unit, the number and symbol line ("Số: …/BC-…", the number written in
when the report is registered), the national name and motto, the italic
place-date line, the title; at the end the signer's title, rank and name and
"Nơi nhận". Chinese (GB/T 9704 as a guide): the issuing unit (发文机关), the
title, the body; at the end the unit's name, the date of writing (成文日期, in
Arabic numerals as the 2012 edition writes it) and the seal (盖章) note.
"""
from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from borderdesk.documents import terms
from borderdesk.documents.formats import date as fmt_date
from borderdesk.documents.formats import date_words
from borderdesk.documents.layout import FRAME_WIDTH, para

BODY = 13.5


def _T(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def superior(d, lang: str) -> str:
    """The body above the issuing unit: the province's command for a post, the high command otherwise."""
    if d.post_kind == "post" and d.province:
        return (f"BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG\nTỈNH {d.province.upper()}" if lang == "vi"
                else f"{terms.province_zh(d.province)}省边防部队指挥部")
    return "BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG" if lang == "vi" else "越南边防部队司令部"


def _symbol(d) -> str:
    return f"BC-{d.code}" if d.code else "BC"


def period_text(d, lang: str) -> str:
    if lang == "vi":
        return f"từ ngày {fmt_date(d.date_from, 'vi')} đến ngày {fmt_date(d.date_to, 'vi')}"
    return f"{fmt_date(d.date_from, 'zh')}至{fmt_date(d.date_to, 'zh')}"


def report_title(d, lang: str) -> str:
    """The document's real title: what it reports and for which period."""
    unit = d.unit_vi if lang == "vi" else d.unit_zh
    if lang == "vi":
        return f"Báo cáo kết quả thực hiện các cơ chế hợp tác biên giới, {period_text(d, 'vi')} – {unit}"
    return f"{unit}关于{period_text(d, 'zh')}边境合作机制执行情况的报告"


def _place_date(d, lang: str) -> str:
    today = (d.made_at or dt.datetime.now()).date()
    if lang == "vi":
        return f"{d.province + ', ' if d.province else ''}{date_words(today, 'vi')}"
    return date_words(today, "zh")


def _two_columns(left: list, right: list, split: float = 0.42) -> Table:
    t = Table([[left, right]], colWidths=[FRAME_WIDTH * split, FRAME_WIDTH * (1 - split)])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def report_heading(d, lang: str) -> list:
    unit = d.unit_vi if lang == "vi" else d.unit_zh
    if lang == "vi":
        left = [para(superior(d, "vi"), 12, "center", after=0, leading=15),
                para(unit.upper(), 12, "center", bold=True, after=0, leading=15),
                para("―――――", 8, "center", after=2),
                para("Số:" + "\u00a0" * 10 + f"/{_symbol(d)}", 13, "center", after=0)]  # the number is written in
        right = [para(terms.NATIONAL_VN[0], 12, "center", bold=True, after=0, leading=15),
                 para(terms.MOTTO_VN, 13, "center", bold=True, after=0, leading=16),
                 para("―――――――――", 8, "center", after=2),
                 para(_place_date(d, "vi"), 13, "center", italic=True, after=0)]
        out = [_two_columns(left, right), Spacer(1, 8 * mm)]
        out.append(para("BÁO CÁO", 14, "center", bold=True, after=2, tag="H1"))
        out.append(para(f"Kết quả thực hiện các cơ chế hợp tác biên giới Việt Nam – Trung Quốc\n"
                        f"({period_text(d, 'vi')})", 14, "center", bold=True, after=2, leading=18, tag="H1"))
        out.append(para("―――――", 8, "center", after=4))
        if not d.single_post:
            out.append(para(f"Phạm vi: {d.scope_vi}", 12, "center", after=6))
        return out
    # GB/T 9704: 发文机关标志, 发文字号, a rule, the title; the body under it
    out = [para(superior(d, "zh"), 13, "center", after=2),
           para(unit, 20, "center", bold=True, after=4, leading=26),
           para(f"{d.code or ''}报〔{(d.made_at or dt.datetime.now()).year}〕" + "\u00a0" * 6 + "号", 14, "center",
                after=2),
           para("―" * 22, 10, "center", after=8),
           para(f"关于{period_text(d, 'zh')}边境合作机制执行情况的报告", 18, "center", bold=True, after=8,
                leading=26, tag="H1")]
    if not d.single_post:
        out.append(para(f"范围：{d.scope_zh}", 13, "center", after=6))
    return out


def _rank_name(d, lang: str) -> str:
    s = d.signer
    if s is None:
        return ""
    name = (s.name_vi or s.name_zh) if lang == "vi" else (s.name_zh or s.name_vi)
    rank = terms.rank(s.rank, lang)
    return f"{rank} {name}".strip() if lang == "vi" else f"{rank}{name}"


def _title(d, lang: str) -> str:
    s = d.signer
    if s is not None and (s.title_vi if lang == "vi" else s.title_zh):
        return s.title_vi.upper() if lang == "vi" else s.title_zh
    if lang == "vi":
        return "ĐỒN TRƯỞNG" if d.post_kind == "post" else "CHỈ HUY TRƯỞNG"
    return "站长" if d.post_kind == "post" else "指挥长"


def recipients(d, lang: str) -> list[str]:
    """"Nơi nhận" (vi) / 抄送 (zh): the superior body, and the archive copy."""
    if lang == "vi":
        sup = (f"Bộ Chỉ huy BĐBP tỉnh {d.province}" if d.post_kind == "post" and d.province
               else "Bộ Tư lệnh BĐBP")
        return [f"- {sup} (để báo cáo);", "- Lưu: VT."]
    return [superior(d, "zh")]


def report_signature(d, lang: str) -> list:
    name = _rank_name(d, lang)
    if lang == "vi":
        sign = [para(_title(d, "vi"), 13, "center", bold=True, after=0),
                para("(Ký, ghi rõ họ tên, đóng dấu)", 12, "center", italic=True, after=0),
                Spacer(1, 22 * mm), para(name or " ", 13, "center", bold=True, after=0)]
        left = [para("Nơi nhận:", 12, "left", bold=True, italic=True, after=0)]
        left += [para(line, 11, "left", after=0) for line in recipients(d, "vi")]
        return [Spacer(1, 6 * mm), _two_columns(left, sign, 0.45)]
    unit = d.unit_zh
    sign = [para(unit, BODY, "center", after=0), para(_place_date(d, "zh"), BODY, "center", after=0),
            para("（盖章）", 12, "center", after=0), Spacer(1, 14 * mm),
            para(f"{_title(d, 'zh')}：{name}" if name else f"{_title(d, 'zh')}（签字）", BODY, "center", after=0)]
    cc = [para("―" * 22, 10, "center", after=0),
          para(f"抄送：{recipients(d, 'zh')[0]}。", 12, "left", after=0)]
    return [Spacer(1, 8 * mm), _two_columns([Spacer(1, 1)], sign, 0.45), Spacer(1, 8 * mm)] + cc
