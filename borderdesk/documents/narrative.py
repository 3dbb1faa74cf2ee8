"""The paragraph a report opens with, written from the figures in Vietnamese and in Chinese.

In the style of the provincial reports: "hội đàm 20 lần, gặp gỡ trên biên
giới 74 lần, trao đổi 679 thư, 113 cuộc điện thoại đường dây nóng; phát
hiện, xử lý 221 vụ/1.182 đối tượng (tăng 44% so với cùng kỳ), trong đó khởi
tố 49 vụ/94 đối tượng tổ chức cho người khác xuất nhập cảnh trái phép …" and
"会谈20次，边境会晤74次，往来信函679件，热线电话113次；查处案件221起1,182人，
同比增长44%，其中……". Each language has its own measure words and word
order; a figure of zero is left out rather than printed as "0 lần".
"""
from __future__ import annotations

from typing import Any

from borderdesk.documents import terms
from borderdesk.documents.figures import percent_change
from borderdesk.documents.formats import number

#: categories and outcomes cited after "in which", at most this many
TOP_CATEGORIES = 4

#: how a report names the offence of a category after "N vụ/N đối tượng" / "N起N人"
CASE_PHRASES: dict[str, tuple[str, str]] = {
    "illegal_crossing": ("xuất nhập cảnh trái phép", "非法出入境"),
    "organizing_illegal_crossing": ("tổ chức cho người khác xuất nhập cảnh trái phép", "组织他人非法出入境"),
    "illegal_goods_transport": ("vận chuyển hàng hóa trái phép qua biên giới", "非法跨境运输货物"),
    "smuggling": ("buôn lậu", "走私"),
    "trade_fraud": ("gian lận thương mại", "贸易欺诈"),
    "firecrackers": ("vận chuyển pháo nổ", "运输烟花爆竹"),
    "drugs": ("liên quan đến ma túy", "涉毒"),
    "human_trafficking": ("mua bán người", "拐卖人口"),
    "currency_precious_metals": ("vận chuyển trái phép tiền, kim loại quý", "非法运输货币、贵金属"),
    "high_tech_crime": ("tội phạm công nghệ cao", "高科技犯罪"),
    "other_case": ("vụ việc khác", "其他案件"),
}


def _phrase(cat: str, lang: str) -> str:
    pair = CASE_PHRASES.get(cat) or terms.CASE_CATEGORIES.get(cat) or (cat, cat)
    return pair[0] if lang == "vi" else pair[1]


def _n(v: int, lang: str) -> str:
    return number(v, lang)


def change_phrase(now: int, before: int | None, lang: str, what: str = "") -> str:
    """``tăng 44% so với cùng kỳ`` / ``同比增长44%`` from the two figures (the table's rounding);
    empty when there is nothing to compare with (no base, or a period compared year by year)."""
    if before is None:
        return ""
    pct = percent_change(now, before)
    if pct is None:
        return ""
    if pct == 0:
        return f"{what}tương đương cùng kỳ" if lang == "vi" else f"{what}与去年同期持平"
    if lang == "vi":
        return f"{what}{'tăng' if pct > 0 else 'giảm'} {_n(abs(pct), lang)}%"
    return f"{what}同比{'增长' if pct > 0 else '下降'}{_n(abs(pct), lang)}%"


def cases_change(cases: dict, previous: dict | None, lang: str) -> str:
    """The change of the cases: one phrase when cases and persons moved alike, else one each."""
    if previous is None:
        return ""
    before = previous.get("cases") or {}
    n_now, n_before = cases.get("count", 0), before.get("count", 0)
    p_now, p_before = cases.get("persons", 0), before.get("persons", 0)
    pc, pp = percent_change(n_now, n_before), percent_change(p_now, p_before)
    if pc is None and pp is None:
        return ""
    if pc == pp:
        text = change_phrase(n_now, n_before, lang)
        return f"{text} so với cùng kỳ" if lang == "vi" and pc else text
    if lang == "vi":
        parts = [x for x in (change_phrase(n_now, n_before, lang, "số vụ "),
                             change_phrase(p_now, p_before, lang, "số đối tượng ")) if x]
        return ", ".join(parts) + " so với cùng kỳ"
    parts = [x for x in (change_phrase(n_now, n_before, lang, "起数"), change_phrase(p_now, p_before, lang, "人数"))
             if x]
    return "，".join(parts)


def _activities(s: dict[str, Any], lang: str) -> list[str]:
    g = lambda sec, key="count": (s.get(sec) or {}).get(key, 0)  # noqa: E731
    parts = []
    if lang == "vi":
        if g("talks"):
            extra = f" với {_n(g('talks', 'members'), lang)} lượt thành viên tham gia" if g("talks", "members") else ""
            parts.append(f"hội đàm {_n(g('talks'), lang)} lần{extra}")
        if g("meetings"):
            parts.append(f"gặp gỡ trên biên giới {_n(g('meetings'), lang)} lần")
        if g("letters"):
            parts.append(f"trao đổi {_n(g('letters'), lang)} thư")
        if g("hotline_calls"):
            parts.append(f"{_n(g('hotline_calls'), lang)} cuộc điện thoại đường dây nóng")
        if g("patrols"):
            parts.append(f"tuần tra liên hợp {_n(g('patrols'), lang)} lần với {_n(g('patrols', 'teams'), lang)} tổ, "
                         f"{_n(g('patrols', 'personnel'), lang)} lượt người")
        if g("handovers"):
            parts.append(f"bàn giao, trao trả {_n(g('handovers'), lang)} lần/{_n(g('handovers', 'persons'), lang)} người")
        if g("friendship"):
            parts.append(f"tổ chức {_n(g('friendship'), lang)} hoạt động giao lưu hữu nghị")
    else:
        if g("talks"):
            extra = f"（参加人员{_n(g('talks', 'members'), lang)}人次）" if g("talks", "members") else ""
            parts.append(f"会谈{_n(g('talks'), lang)}次{extra}")
        if g("meetings"):
            parts.append(f"边境会晤{_n(g('meetings'), lang)}次")
        if g("letters"):
            parts.append(f"往来信函{_n(g('letters'), lang)}件")
        if g("hotline_calls"):
            parts.append(f"热线电话{_n(g('hotline_calls'), lang)}次")
        if g("patrols"):
            parts.append(f"联合巡逻{_n(g('patrols'), lang)}次，出动巡逻队{_n(g('patrols', 'teams'), lang)}个、"
                         f"{_n(g('patrols', 'personnel'), lang)}人次")
        if g("handovers"):
            parts.append(f"移交、遣返{_n(g('handovers'), lang)}批次{_n(g('handovers', 'persons'), lang)}人")
        if g("friendship"):
            parts.append(f"开展友好交流活动{_n(g('friendship'), lang)}次")
    return parts


def _cases(current: dict, previous: dict | None, outcomes: dict, lang: str) -> str:
    cases = current.get("cases") or {}
    if not cases.get("count"):
        return ""
    cp = cases_change(cases, previous, lang)
    n, p = _n(cases["count"], lang), _n(cases.get("persons", 0), lang)
    # "in which": criminal proceedings first, then the largest categories
    details: list[str] = []
    crim = outcomes.get("criminal_proceedings") or {}
    crim_cats = sorted((crim.get("by_category") or {}).items(), key=lambda kv: -kv[1]["count"])
    for cat, s in crim_cats[:2]:
        if lang == "vi":
            details.append(f"khởi tố {_n(s['count'], lang)} vụ/{_n(s['persons'], lang)} đối tượng "
                           f"{_phrase(cat, lang)}")
        else:
            details.append(f"{_phrase(cat, lang)}立案{_n(s['count'], lang)}起{_n(s['persons'], lang)}人")
    cited = {c for c, _s in crim_cats[:2]}
    others = sorted(((c, s) for c, s in (cases.get("by_category") or {}).items() if c not in cited),
                    key=lambda kv: -kv[1]["count"])
    for cat, s in others[:TOP_CATEGORIES - len(details)]:
        if lang == "vi":
            details.append(f"{_n(s['count'], lang)} vụ/{_n(s['persons'], lang)} đối tượng {_phrase(cat, lang)}")
        else:
            details.append(f"{_phrase(cat, lang)}{_n(s['count'], lang)}起{_n(s['persons'], lang)}人")
    if lang == "vi":
        text = f"Phát hiện, xử lý {n} vụ/{p} đối tượng" + (f" ({cp})" if cp else "")
        return text + ("; trong đó: " + "; ".join(details) if details else "") + "."
    text = f"查处各类案件{n}起{p}人" + (f"，{cp}" if cp else "")
    return text + ("，其中：" + "；".join(details) if details else "") + "。"


def narrative(d, lang: str) -> list[str]:
    """The opening paragraphs of the report *d* (a ``ReportData``) in *lang* (``vi`` or ``zh``)."""
    current, outcomes = d.current, d.outcomes
    previous = None if d.long else d.previous
    acts = _activities(current, lang)
    paras = []
    who_vi = "đơn vị" if d.single_post else "các đơn vị"
    who_zh = "本单位" if d.single_post else "各单位"
    if lang == "vi":
        if acts:
            paras.append(f"Trong kỳ báo cáo, {who_vi} đã duy trì hiệu quả các cơ chế hợp tác với lực lượng "
                         "quản lý biên giới phía Trung Quốc: " + "; ".join(acts) + ".")
        else:
            paras.append("Trong kỳ báo cáo, không có hoạt động hợp tác nào được ghi nhận.")
    else:
        if acts:
            paras.append(f"报告期内，{who_zh}与中方边境管理部门有效落实各项合作机制：" + "；".join(acts) + "。")
        else:
            paras.append("报告期内，未记录合作活动。")
    cases = _cases(current, previous, outcomes, lang)
    if cases:
        paras.append(cases)
    ours = sum(1 for it in d.overdue if it["side"] == "vn")
    theirs = len(d.overdue) - ours
    if theirs:
        paras.append(f"Phía Trung Quốc còn {_n(theirs, lang)} đề nghị xác minh quá hạn chưa trả lời (chi tiết tại "
                     "mục VI)." if lang == "vi" else f"中方尚有{_n(theirs, lang)}项核查请求逾期未答复（详见第六部分）。")
    if ours:
        paras.append(f"Phía ta còn {_n(ours, lang)} đề nghị xác minh của phía Trung Quốc quá hạn chưa trả lời (chi "
                     "tiết tại mục VI)." if lang == "vi"
                     else f"越方尚有{_n(ours, lang)}项中方核查请求逾期未答复（详见第六部分）。")
    return paras
