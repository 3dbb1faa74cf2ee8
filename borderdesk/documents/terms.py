"""The fixed wording of bilingual documents, in Vietnamese and Chinese side by side.

A document prints both languages whatever the interface language is, and its
set phrases are those of official papers, so they live here as (vi, zh)
pairs rather than in the interface catalogs. Terms follow
``shared/domain/glossary.tsv``.
"""
from __future__ import annotations

Pair = tuple[str, str]

NATIONAL_VN: Pair = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "越南社会主义共和国")
MOTTO_VN = "Độc lập - Tự do - Hạnh phúc"
NATIONAL_CN: Pair = ("CỘNG HÒA NHÂN DÂN TRUNG HOA", "中华人民共和国")

MINUTES_TITLE: dict[str, Pair] = {
    "talks": ("BIÊN BẢN HỘI ĐÀM", "会谈纪要"),
    "meeting": ("BIÊN BẢN GẶP GỠ TRÊN BIÊN GIỚI", "边境会晤纪要"),
}
REPORT_TITLE: Pair = ("BÁO CÁO", "报告")
REPORT_SUBJECT: Pair = ("Kết quả thực hiện các cơ chế hợp tác biên giới Việt Nam – Trung Quốc",
                        "越中边境合作机制执行情况")

SIDE_NAME: dict[str, Pair] = {"vn": ("Phía Việt Nam", "越方"), "cn": ("Phía Trung Quốc", "中方")}
DELEGATION: dict[str, Pair] = {"vn": ("Đoàn đại biểu phía Việt Nam", "越方代表团"),
                               "cn": ("Đoàn đại biểu phía Trung Quốc", "中方代表团")}
HEAD: Pair = ("Trưởng đoàn", "团长")
MEMBER: Pair = ("Thành viên", "成员")
HEAD_OF_DELEGATION_SIGN: dict[str, Pair] = {
    "vn": ("TRƯỞNG ĐOÀN ĐẠI BIỂU\nPHÍA VIỆT NAM", "越方代表团团长"),
    "cn": ("TRƯỞNG ĐOÀN ĐẠI BIỂU\nPHÍA TRUNG QUỐC", "中方代表团团长"),
}
SIGN_HINT: Pair = ("(Ký, ghi rõ họ tên)", "（签字）")

SECTION: dict[str, Pair] = {
    "time_place": ("Thời gian, địa điểm", "时间、地点"),
    "delegations": ("Thành phần", "出席人员"),
    "agenda": ("Nội dung hội đàm", "会谈议题"),
    "our_report": ("Phía Việt Nam thông báo", "越方通报"),
    "their_report": ("Phía Trung Quốc thông báo", "中方通报"),
    "purpose": ("Mục đích", "会晤目的"),
    "outcome": ("Kết quả", "会晤结果"),
    "agreed": ("Hai bên thống nhất", "双方商定"),
}

TALKS_TYPE: dict[str, Pair] = {
    "quarterly": ("hội đàm định kỳ quý", "季度定期会谈"),
    "annual": ("hội đàm định kỳ năm", "年度定期会谈"),
    "ad_hoc": ("hội đàm đột xuất", "临时会谈"),
}

ROMAN_QUARTERS = ("I", "II", "III", "IV")
DRAFT: Pair = ("BẢN NHÁP", "草稿")
DRAFT_NOTE: Pair = ("Bản nháp: văn bản còn thiếu nội dung ở một trong hai thứ tiếng, không dùng để ký.",
                    "草稿：文本尚缺部分内容，不得签署。")
LANGUAGE_NAME: dict[str, Pair] = {"vi": ("tiếng Việt", "越南文"), "zh": ("tiếng Trung Quốc", "中文")}
COUNTRY: dict[str, Pair] = {"vn": ("Việt Nam", "越南"), "cn": ("Trung Quốc", "中国")}
STATE: dict[str, Pair] = {"vn": NATIONAL_VN, "cn": NATIONAL_CN}


#: every rank's Vietnamese and Chinese name, per force (the keys of ``domain.kinds.RANKS``).
#: A Vietnamese Đại tá wears the highest of four colonel grades, as the PLA's 大校 does, so
#: Đại tá is 大校 and Thượng tá 上校 (as Chinese official texts name Vietnamese officers).
RANKS: dict[str, Pair] = {
    # Quân đội nhân dân Việt Nam (Bộ đội Biên phòng) / 越南人民军（边防部队）
    "general": ("Đại tướng", "大将"), "colonel_general": ("Thượng tướng", "上将"),
    "lieutenant_general": ("Trung tướng", "中将"), "major_general": ("Thiếu tướng", "少将"),
    "colonel": ("Đại tá", "大校"), "senior_lieutenant_colonel": ("Thượng tá", "上校"),
    "lieutenant_colonel": ("Trung tá", "中校"), "major": ("Thiếu tá", "少校"),
    "captain": ("Đại úy", "大尉"), "senior_lieutenant": ("Thượng úy", "上尉"),
    "lieutenant": ("Trung úy", "中尉"), "second_lieutenant": ("Thiếu úy", "少尉"),
    # 中国人民警察警衔 (出入境边防检查站、边境管理支队、边境派出所) / cấp hàm Cảnh sát nhân dân Trung Quốc
    "cn_police_commissioner_1": ("Cảnh giám cấp 1", "一级警监"),
    "cn_police_commissioner_2": ("Cảnh giám cấp 2", "二级警监"),
    "cn_police_commissioner_3": ("Cảnh giám cấp 3", "三级警监"),
    "cn_police_superintendent_1": ("Cảnh đốc cấp 1", "一级警督"),
    "cn_police_superintendent_2": ("Cảnh đốc cấp 2", "二级警督"),
    "cn_police_superintendent_3": ("Cảnh đốc cấp 3", "三级警督"),
    "cn_police_inspector_1": ("Cảnh ty cấp 1", "一级警司"),
    "cn_police_inspector_2": ("Cảnh ty cấp 2", "二级警司"),
    "cn_police_inspector_3": ("Cảnh ty cấp 3", "三级警司"),
    "cn_police_constable_1": ("Cảnh viên cấp 1", "一级警员"),
    "cn_police_constable_2": ("Cảnh viên cấp 2", "二级警员"),
    # 中国人民解放军 / Quân Giải phóng nhân dân Trung Quốc
    "pla_major_general": ("Thiếu tướng", "少将"), "pla_senior_colonel": ("Đại tá", "大校"),
    "pla_colonel": ("Thượng tá", "上校"), "pla_lieutenant_colonel": ("Trung tá", "中校"),
    "pla_major": ("Thiếu tá", "少校"), "pla_captain": ("Thượng úy", "上尉"),
    "pla_lieutenant": ("Trung úy", "中尉"), "pla_second_lieutenant": ("Thiếu úy", "少尉"),
}

CASE_CATEGORIES: dict[str, Pair] = {
    "illegal_crossing": ("Xuất nhập cảnh trái phép", "非法出入境"),
    "organizing_illegal_crossing": ("Tổ chức cho người khác xuất nhập cảnh trái phép", "组织他人非法出入境"),
    "illegal_goods_transport": ("Vận chuyển hàng hóa trái phép qua biên giới", "非法跨境运输货物"),
    "smuggling": ("Buôn lậu", "走私"),
    "trade_fraud": ("Gian lận thương mại", "贸易欺诈"),
    "firecrackers": ("Pháo nổ", "烟花爆竹"),
    "drugs": ("Ma túy", "毒品"),
    "human_trafficking": ("Mua bán người", "拐卖人口"),
    "currency_precious_metals": ("Vận chuyển trái phép tiền, kim loại quý", "非法运输货币、贵金属"),
    "high_tech_crime": ("Tội phạm công nghệ cao", "高科技犯罪"),
    "other_case": ("Vụ việc khác", "其他案件"),
}
CASE_OUTCOMES: dict[str, Pair] = {
    "criminal_proceedings": ("Khởi tố", "立案"),
    "administrative_handling": ("Xử lý hành chính", "行政处罚"),
    "handed_over": ("Bàn giao cho phía bạn", "移交对方"),
    "other": ("Khác", "其他"),
}

#: rows of the report's table of figures: (stats key, measure key, vi label, zh label)
FIGURE_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("talks", "count", "Hội đàm (lần)", "会谈（次）"),
    ("talks", "members", "Thành viên tham gia hội đàm (lượt)", "参加会谈人员（人次）"),
    ("meetings", "count", "Gặp gỡ trên biên giới (lần)", "边境会晤（次）"),
    ("meetings", "persons", "Người tham gia gặp gỡ (lượt)", "参加会晤人员（人次）"),
    ("letters", "count", "Thư trao đổi (thư)", "往来信函（件）"),
    ("hotline_calls", "count", "Điện thoại đường dây nóng (cuộc)", "热线电话（次）"),
    ("patrols", "count", "Tuần tra liên hợp (lần)", "联合巡逻（次）"),
    ("patrols", "teams", "Tổ tuần tra (tổ)", "巡逻队（个）"),
    ("patrols", "personnel", "Lực lượng tuần tra (lượt người)", "巡逻人员（人次）"),
    ("handovers", "count", "Bàn giao, trao trả (lần)", "移交、遣返（次）"),
    ("handovers", "persons", "Người được bàn giao, trao trả (người)", "移交、遣返人员（人）"),
    ("cases", "count", "Vụ việc phát hiện, xử lý (vụ)", "查处案件（起）"),
    ("cases", "persons", "Đối tượng (người)", "涉案人员（人）"),
)

ZH_NUMERALS = "零一二三四五六七八九十"


def zh_ordinal(n: int) -> str:
    """一, 二 … 十, 十一 … 九十九 (Chinese official numbering of points)."""
    if n <= 10:
        return ZH_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else ZH_NUMERALS[tens]
    return head + "十" + (ZH_NUMERALS[ones] if ones else "")


def rank_key(text: str) -> str | None:
    """The vocabulary key of a rank given as its key or typed as its Vietnamese or Chinese name."""
    t = (text or "").strip()
    if not t:
        return None
    if t in RANKS:
        return t
    folded = t.casefold()
    for key, (vi, zh) in RANKS.items():
        if folded == vi.casefold() or t == zh:
            # a name shared by two forces (Thượng tá = 上校) maps to the same pair either way
            return key
    return None


def rank(key: str, lang: str) -> str:
    """A rank's name in *lang*: a vocabulary key, or a rank typed by name in either language;
    other free text is kept as typed (the missing-translation check then names it)."""
    found = rank_key(key)
    if found is None:
        return (key or "").strip()
    pair = RANKS[found]
    return pair[0] if lang == "vi" else pair[1]


def rank_translated(key: str) -> bool:
    """True when the rank prints in both languages (empty, a key, or a known name)."""
    return not (key or "").strip() or rank_key(key) is not None


#: the border provinces and their Chinese names (place names in a Chinese text are Chinese)
PROVINCES_ZH: dict[str, str] = {
    "Quảng Ninh": "广宁", "Lạng Sơn": "谅山", "Cao Bằng": "高平", "Hà Giang": "河江", "Tuyên Quang": "宣光",
    "Lào Cai": "老街", "Lai Châu": "莱州", "Điện Biên": "奠边",
}


def province_zh(name: str) -> str:
    """The Chinese name of a Vietnamese province (as written when unknown)."""
    return PROVINCES_ZH.get((name or "").strip(), name or "")
