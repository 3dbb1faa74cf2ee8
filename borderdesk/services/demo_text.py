"""Words for the demo: bilingual templates and the names of people on both sides.

Every template is a (Vietnamese, Chinese) pair with the same placeholders,
written with the glossary's terms, so a demo record reads like an officer's
entry in both languages. Names are built from syllables that have a
Vietnamese and a Chinese written form (Nguyễn Văn Hùng = 阮文雄,
王建国 = Vương Kiến Quốc), as the minutes of talks print them.
"""
from __future__ import annotations

import random

# --- people -----------------------------------------------------------------------

VN_SURNAMES = [("Nguyễn", "阮"), ("Trần", "陈"), ("Lê", "黎"), ("Phạm", "范"), ("Hoàng", "黄"), ("Vũ", "武"),
               ("Đỗ", "杜"), ("Bùi", "裴"), ("Đặng", "邓"), ("Ngô", "吴"), ("Dương", "杨"), ("Lý", "李")]
VN_MIDDLE_M = [("Văn", "文"), ("Đức", "德"), ("Quang", "光"), ("Minh", "明"), ("Hữu", "有"), ("Xuân", "春")]
VN_MIDDLE_F = [("Thị", "氏"), ("Thu", "秋"), ("Ngọc", "玉"), ("Thanh", "清")]
VN_GIVEN_M = [("Hùng", "雄"), ("Dũng", "勇"), ("Tuấn", "俊"), ("Thành", "成"), ("Hải", "海"), ("Long", "龙"),
              ("Nam", "南"), ("Sơn", "山"), ("Trung", "忠"), ("Cường", "强"), ("Quân", "军"), ("Thắng", "胜"),
              ("Bình", "平"), ("Khánh", "庆"), ("Phong", "风"), ("Tiến", "进")]
VN_GIVEN_F = [("Lan", "兰"), ("Hoa", "花"), ("Hương", "香"), ("Mai", "梅"), ("Hằng", "姮"), ("Linh", "玲"),
              ("Yến", "燕"), ("Trang", "妆")]
# Hmong, Dao, Giáy, Nùng names of the border communes (no Chinese form is printed for them)
VN_ETHNIC_M = ["Vàng A Sáng", "Giàng Seo Chứ", "Lý Seo Pao", "Sùng A Páo", "Thào A Lử", "Triệu Tài Vần",
               "Lò Văn Chín", "Hầu A Dế", "Mã Seo Quáng", "Tẩn Láo San"]
VN_ETHNIC_F = ["Giàng Thị Mỷ", "Vàng Thị Dợ", "Lý Thị Mai", "Sùng Thị Chư", "Thào Thị Sua", "Triệu Thị Chài",
               "Hoàng Thị Pham", "Lồ Thị Si"]
CN_SURNAMES = [("王", "Vương"), ("李", "Lý"), ("张", "Trương"), ("刘", "Lưu"), ("陈", "Trần"), ("杨", "Dương"),
               ("赵", "Triệu"), ("黄", "Hoàng"), ("周", "Chu"), ("吴", "Ngô"), ("孙", "Tôn"), ("马", "Mã")]
CN_GIVEN_M = [("建国", "Kiến Quốc"), ("明", "Minh"), ("伟", "Vĩ"), ("志强", "Chí Cường"), ("军", "Quân"),
              ("磊", "Lỗi"), ("海涛", "Hải Đào"), ("立新", "Lập Tân"), ("文华", "Văn Hoa"), ("国庆", "Quốc Khánh"),
              ("勇", "Dũng"), ("德明", "Đức Minh")]
CN_GIVEN_F = [("丽", "Lệ"), ("芳", "Phương"), ("秀英", "Tú Anh"), ("红梅", "Hồng Mai"), ("静", "Tĩnh"), ("燕", "Yến")]

VN_COMMUNES = ["Pha Long", "Tả Ngải Chồ", "Dìn Chin", "Tung Chung Phố", "Mường Khương", "Bản Lầu", "Bát Xát",
               "Y Tý", "A Mú Sung", "Trịnh Tường", "Cốc Lếu"]
VN_VILLAGES = ["Lao Chải", "Sả Chải", "Pạc Bo", "Na Lốc", "Lũng Pô", "Séo Pờ Hồ", "Cốc Phương", "Ma Tuyển"]
CN_PLACES = [("河口县河口镇", "trấn Hà Khẩu, huyện Hà Khẩu"), ("河口县桥头乡", "hương Kiều Đầu, huyện Hà Khẩu"),
             ("河口县坝洒农场", "nông trường Pả Sa, huyện Hà Khẩu"), ("金平县勐拉镇", "trấn Mãnh Lạp, huyện Kim Bình"),
             ("马关县都龙镇", "trấn Đô Long, huyện Mã Quan")]
CN_VILLAGES = [("龙堡村", "Long Bảo"), ("岔河村", "Xá Hà"), ("老卡村", "Lão Tạp"), ("坪坝村", "Bình Bá")]

VN_ROLES = [("Đồn trưởng", "站长"), ("Chính trị viên", "政治指导员"), ("Phó Đồn trưởng", "副站长"),
            ("Đội trưởng Đội tuần tra", "巡逻队队长"), ("Sỹ quan liên lạc", "联络官"), ("Phiên dịch", "翻译")]
CN_ROLES = [("Trạm trưởng", "站长"), ("Chính ủy", "政委"), ("Phó Trạm trưởng", "副站长"),
            ("Đội trưởng", "队长"), ("Sỹ quan liên lạc", "联络官"), ("Phiên dịch", "翻译")]
#: what persons handed over carry with them (the handover record lists it)
HANDOVER_ITEMS = [
    ("01 điện thoại di động", "手机1部"),
    ("01 điện thoại di động, 350.000 đồng", "手机1部、越南盾350,000元"),
    ("01 ba lô quần áo cá nhân", "个人衣物背包1个"),
]

RANK_ORDER = ["lieutenant_colonel", "major", "major", "captain", "senior_lieutenant", "lieutenant"]
#: the units opposite are police units (出入境边防检查站, 边境管理支队, 边境派出所): police ranks since 2018
CN_RANK_ORDER = ["cn_police_superintendent_2", "cn_police_superintendent_3", "cn_police_superintendent_3",
                 "cn_police_inspector_1", "cn_police_inspector_2", "cn_police_inspector_3"]


def vn_name(rnd: random.Random, sex: str = "M") -> tuple[str, str]:
    """A Kinh name in Vietnamese and in its Chinese characters."""
    s = rnd.choice(VN_SURNAMES)
    mid = rnd.choice(VN_MIDDLE_M if sex == "M" else VN_MIDDLE_F)
    g = rnd.choice(VN_GIVEN_M if sex == "M" else VN_GIVEN_F)
    return f"{s[0]} {mid[0]} {g[0]}", f"{s[1]}{mid[1]}{g[1]}"


def cn_name(rnd: random.Random, sex: str = "M") -> tuple[str, str]:
    """A Chinese name: (Sino-Vietnamese reading, characters)."""
    s = rnd.choice(CN_SURNAMES)
    g = rnd.choice(CN_GIVEN_M if sex == "M" else CN_GIVEN_F)
    return f"{s[1]} {g[1]}", f"{s[0]}{g[0]}"


def border_resident(rnd: random.Random, nationality: str, province_vi: str, year: int) -> dict:
    """A person handed over: name, sex, year of birth, nationality, document, address."""
    sex = "F" if rnd.random() < 0.4 else "M"
    birth = year - rnd.randint(17, 58)
    name_zh = ""
    if nationality == "VN":
        if rnd.random() < 0.55:
            name = rnd.choice(VN_ETHNIC_M if sex == "M" else VN_ETHNIC_F)
        else:
            name, name_zh = vn_name(rnd, sex)
        doc = "" if rnd.random() < 0.3 else f"CCCD {rnd.choice(['010', '011', '002'])}{rnd.randint(0, 1)}" \
                                            f"{birth % 100:02d}{rnd.randint(0, 999999):06d}"
        address = f"Thôn {rnd.choice(VN_VILLAGES)}, xã {rnd.choice(VN_COMMUNES)}, tỉnh {province_vi}"
    else:
        name = name_zh = cn_name(rnd, sex)[1]
        doc = "" if rnd.random() < 0.3 else f"身份证 5325{rnd.randint(0, 99):02d}{birth}" \
                                            f"{rnd.randint(101, 1228):04d}{rnd.randint(0, 9999):04d}"
        place = rnd.choice(CN_PLACES)
        address = f"云南省{place[0]}{rnd.choice(CN_VILLAGES)[0]}"
    return {"name": name, "name_zh": name_zh, "sex": sex, "birth_year": birth, "nationality": nationality,
            "document": doc, "address": address}


# --- records --------------------------------------------------------------------------

CALL_SUBJECTS = [
    ("Thông báo tình hình xuất nhập cảnh trái phép khu vực mốc {marker}", "通报{marker}号界碑附近非法出入境情况"),
    ("Trao đổi kế hoạch tuần tra liên hợp tháng {month}", "商定{month}月联合巡逻计划"),
    ("Đề nghị xác minh nhân thân công dân", "请求核查公民身份"),
    ("Thông báo thời gian bàn giao người xuất nhập cảnh trái phép", "通知移交非法出入境人员的时间"),
    ("Phối hợp ngăn chặn vận chuyển pháo nổ qua biên giới", "协同查堵跨境运输烟花爆竹"),
    ("Thông báo tình hình mưa lũ khu vực biên giới", "通报边境地区降雨及洪涝情况"),
    ("Trao đổi công tác bảo đảm an ninh dịp Tết Nguyên Đán", "就春节期间安保工作进行沟通"),
    ("Thông báo cháy rừng gần đường biên giới", "通报边界线附近森林火情"),
    ("Đề nghị phối hợp tìm kiếm người mất tích", "请求协助寻找失踪人员"),
    ("Thống nhất nội dung hội đàm định kỳ quý {quarter}", "商定第{quarter}季度定期会谈内容"),
    ("Thông báo tình hình thông quan tại cửa khẩu {gate_vi}", "通报{gate_zh}通关情况"),
    ("Trao đổi thông tin về đối tượng buôn lậu", "交流走私人员情况"),
]
CALL_CONTENT = (
    "Hai bên trao đổi về việc: {subject_l}. {cp_vi} cho biết sẽ phối hợp chặt chẽ và thông báo kết quả sớm nhất.",
    "双方就“{subject_zh}”交换了情况。{cp_zh}表示将密切配合，并尽快通报结果。",
)
FOLLOW_UPS = [
    ("Theo dõi và thông báo kết quả cho phía bạn", "跟踪落实并向对方通报结果"),
    ("Báo cáo Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "报告省边防部队指挥部"),
    ("Cử cán bộ phối hợp xác minh tại thực địa", "派员赴现场协同核查"),
    ("Gửi công thư xác nhận nội dung đã thống nhất", "发送公函确认商定事项"),
]

LETTER_SUBJECTS = [
    ("Đề nghị xác minh nhân thân {n} người xuất nhập cảnh trái phép", "关于请求核查{n}名非法出入境人员身份的函"),
    ("Thông báo kế hoạch tuần tra liên hợp quý {quarter}/{year}", "关于通报{year}年第{quarter}季度联合巡逻计划的函"),
    ("Mời dự hội đàm định kỳ quý {quarter}/{year}", "关于邀请参加{year}年第{quarter}季度定期会谈的函"),
    ("Thông báo kết quả xác minh", "关于通报核查结果的函"),
    ("Đề nghị phối hợp đấu tranh phòng chống buôn lậu, vận chuyển hàng hóa trái phép qua biên giới",
     "关于请求协作打击走私及非法运输货物过境的函"),
    ("Thông báo thay đổi sỹ quan liên lạc", "关于通报联络官变更的函"),
    ("Đề nghị phối hợp bảo vệ cột mốc {marker}", "关于请求协同保护{marker}号界碑的函"),
    ("Thông báo thời gian làm việc của cửa khẩu {gate_vi} dịp nghỉ lễ", "关于通报节假日期间{gate_zh}工作时间的函"),
    ("Đề nghị cung cấp thông tin đối tượng truy nã", "关于请求提供在逃人员信息的函"),
    ("Thư chúc mừng năm mới", "新年贺函"),
]
LETTER_SUMMARY = (
    "{subject}. Đề nghị {cp_vi} nghiên cứu, phối hợp và trả lời bằng văn bản.",
    "{subject_zh}。请{cp_zh}研究配合，并书面答复。",
)

AGENDA = [
    ("Thông báo tình hình quản lý, bảo vệ biên giới thời gian qua", "通报近期边境管理和保护情况"),
    ("Đánh giá kết quả thực hiện nội dung đã thống nhất tại cuộc hội đàm trước", "评估上次会谈商定事项的落实情况"),
    ("Trao đổi tình hình xuất nhập cảnh trái phép và tội phạm qua biên giới", "交流非法出入境及跨境犯罪情况"),
    ("Thống nhất kế hoạch tuần tra liên hợp", "商定联合巡逻计划"),
    ("Công tác phòng chống ma túy, buôn lậu, pháo nổ", "禁毒、打击走私及烟花爆竹工作"),
    ("Phối hợp quản lý cư dân biên giới và hoạt động thông quan tại cửa khẩu", "协同管理边民及口岸通关工作"),
]
AGREED = [
    ("Duy trì trao đổi thông tin qua đường dây nóng hằng tuần", "坚持每周通过热线交换信息"),
    ("Tổ chức {n} đợt tuần tra liên hợp trong quý tới", "下季度组织{n}次联合巡逻"),
    ("Xác minh và trả lời đề nghị xác minh trong vòng 7 ngày làm việc", "在7个工作日内核查并答复核查请求"),
    ("Phối hợp đấu tranh ngăn chặn xuất nhập cảnh trái phép và mua bán người", "协作打击非法出入境和拐卖人口"),
    ("Tăng cường tuyên truyền pháp luật cho cư dân biên giới hai bên", "加强对双方边民的法律宣传"),
    ("Phối hợp bảo vệ hệ thống mốc quốc giới, không để xảy ra xâm phạm", "协同保护界碑，防止发生破坏"),
    ("Tổ chức giao lưu hữu nghị nhân dịp Tết Nguyên Đán tại {gate_vi}", "春节期间在{gate_zh}组织友好交流活动"),
    ("Thống nhất thời gian, địa điểm hội đàm quý tiếp theo", "商定下季度会谈的时间和地点"),
]
OUR_REPORT = (
    "Thời gian qua, Đồn đã phát hiện, xử lý {cases} vụ với {persons} đối tượng; tiếp nhận và bàn giao {handovers} "
    "lượt với {hp} người xuất nhập cảnh trái phép.",
    "近期，我站共查处案件{cases}起，涉及{persons}人；接收和移交非法出入境人员{handovers}批次共{hp}人。",
)
THEIR_REPORT = (
    "{cp_vi} thông báo đã tổ chức {patrols} đợt tuần tra, ngăn chặn {persons} người xuất cảnh trái phép.",
    "{cp_zh}通报共组织巡逻{patrols}次，劝阻非法出境人员{persons}人。",
)

MEETING_PURPOSES = [
    ("Gặp gỡ trao đổi tình hình khu vực mốc {marker}", "在{marker}号界碑会晤，交流有关情况"),
    ("Bàn giao tài liệu, công thư", "移交材料和公函"),
    ("Thống nhất phương án phối hợp xử lý vụ việc", "商定协同处置案件方案"),
    ("Thăm hỏi, chúc Tết", "春节慰问"),
    ("Khảo sát thực địa khu vực đường biên giới", "实地查看边界线区域"),
]
MEETING_OUTCOMES = [
    ("Hai bên thống nhất tăng cường trao đổi thông tin.", "双方同意加强信息交流。"),
    ("Hai bên thống nhất phối hợp xác minh, trả lời trong 7 ngày làm việc.", "双方同意协同核查，并在7个工作日内答复。"),
    ("Phía Trung Quốc ghi nhận và sẽ báo cáo cấp trên.", "中方表示知悉，并将向上级报告。"),
]

PATROL_SECTION = ("Đoạn biên giới từ mốc {m1} đến mốc {m2}", "{m1}号至{m2}号界碑段")
PATROL_OUTREACH = ("Tuyên truyền pháp luật về biên giới cho {n} lượt cư dân", "向边民宣传边境法律法规{n}人次")
PATROL_FINDINGS = [
    ("Hệ thống mốc nguyên vẹn, không phát hiện vi phạm.", "界碑完好，未发现违法违规情况。"),
    ("Phát hiện {n} người có biểu hiện xuất cảnh trái phép, đã thuyết phục quay về.",
     "发现{n}名企图非法出境人员，已劝返。"),
    ("Phát hiện đường mòn mới gần mốc {marker}, đã thông báo phía bạn.", "在{marker}号界碑附近发现新便道，已通报对方。"),
]

VERIFICATION_RESULTS = [
    ("Đã xác minh, thông tin nhân thân chính xác.", "经核查，身份信息属实。"),
    ("Đã xác minh, {k} người khai sai địa chỉ thường trú.", "经核查，{k}人所报住址不实。"),
]
HANDOVER_NOTES = ("Bàn giao tại {place_vi}; hai bên ký biên bản bàn giao.", "在{place_zh}移交，双方签署移交书。")

CASE_ACTS = {
    "illegal_crossing": ("xuất nhập cảnh trái phép", "非法出入境"),
    "organizing_illegal_crossing": ("tổ chức cho người khác xuất nhập cảnh trái phép", "组织他人非法出入境"),
    "illegal_goods_transport": ("vận chuyển hàng hóa trái phép qua biên giới", "非法运输货物过境"),
    "smuggling": ("buôn lậu", "走私"),
    "trade_fraud": ("gian lận thương mại", "贸易欺诈"),
    "firecrackers": ("vận chuyển pháo nổ", "运输烟花爆竹"),
    "drugs": ("vận chuyển trái phép chất ma túy", "非法运输毒品"),
    "human_trafficking": ("mua bán người", "拐卖人口"),
    "currency_precious_metals": ("vận chuyển trái phép tiền, kim loại quý", "非法运输货币、贵金属"),
    "high_tech_crime": ("tội phạm công nghệ cao", "高科技犯罪"),
}
CASE_WEIGHTS = {"illegal_crossing": 40, "organizing_illegal_crossing": 10, "illegal_goods_transport": 15,
                "smuggling": 8, "firecrackers": 10, "drugs": 5, "human_trafficking": 3,
                "currency_precious_metals": 3, "trade_fraud": 3, "high_tech_crime": 3}
CASE_OUTCOMES = {
    "criminal_proceedings": ("Đã khởi tố vụ án", "已立案侦查"),
    "administrative_handling": ("Đã xử lý hành chính", "已予以行政处罚"),
    "handed_over": ("Đã bàn giao cho phía bạn xử lý", "已移交对方处理"),
    "other": ("Đang tiếp tục xác minh", "正在进一步核查"),
}
CASE_SUMMARY = ("Phát hiện, bắt giữ {n} đối tượng {act_vi} tại khu vực mốc {marker}. {outcome_vi}.",
                "在{marker}号界碑附近查获{act_zh}人员{n}人。{outcome_zh}。")

FRIENDSHIP = {
    "exchange": ("Giao lưu thể thao, văn nghệ giữa cán bộ, chiến sĩ hai bên", "双方官兵开展体育文艺交流"),
    "holiday_visit": ("Thăm, chúc Tết {cp_vi}", "春节前往{cp_zh}拜年慰问"),
    "twinning": ("Kết nghĩa giữa thôn {v_vi} (Việt Nam) và thôn {cv_vi} (Trung Quốc)", "越南{v_vi}村与中国{cv_zh}结对"),
    "award": ("Trao danh hiệu \u201cSứ giả hữu nghị\u201d cho {k} cán bộ hai bên", "向双方{k}名官兵授予\u201c友好使者\u201d称号"),
}


#: what is handed over with the persons (the handover record lists it in both languages)
HANDOVER_ITEMS = (
    ("Giấy tờ tùy thân và tư trang cá nhân", "身份证件和随身物品"),
    ("Tư trang cá nhân, không có giấy tờ", "随身物品，无证件"),
    ("Điện thoại di động và tiền mặt", "手机和现金"),
)


#: the officer's own notes on a record (a field every kind has; some records carry one)
NOTES = (
    "Đã báo cáo Bộ Chỉ huy Bộ đội Biên phòng tỉnh.",
    "Hồ sơ gốc lưu tại đồn.",
    "Cần tiếp tục theo dõi trong tháng tới.",
    "Đã phổ biến cho các tổ công tác.",
)


def fill(pair: tuple[str, str], **values) -> tuple[str, str]:
    """Both languages of a template with the same values."""
    return pair[0].format(**values), pair[1].format(**values)
