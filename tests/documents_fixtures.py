"""A post with talks, meetings and records to print: shared by the documents tests."""
from __future__ import annotations

import datetime as dt

from borderdesk.services import records, registry, session, site
from borderdesk.app import open_database
from borderdesk.store.connection import close_db

HEKOU = ("Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu", "河口出入境边防检查站")

AGENDA_VI = ("Thông báo tình hình an ninh trật tự khu vực biên giới quý IV năm 2025\n"
             "Phối hợp quản lý cư dân biên giới qua lại cửa khẩu Lào Cai – Hà Khẩu\n"
             "Trao đổi về việc bàn giao người xuất nhập cảnh trái phép")
AGENDA_ZH = ("通报2025年第四季度边境地区治安情况\n"
             "配合管理经老街—河口口岸往来的边民\n"
             "就移交非法出入境人员交换意见")
AGREED_VI = ("Duy trì liên lạc qua đường dây nóng 24/24 giờ giữa hai đơn vị\n"
             "Tổ chức tuần tra liên hợp đoạn biên giới từ mốc 102 đến mốc 105 mỗi tháng một lần\n"
             "Trả lời đề nghị xác minh trong vòng 7 ngày làm việc")
AGREED_ZH = ("两单位之间保持24小时热线联络\n"
             "每月在102号至105号界碑之间的边界段组织一次联合巡逻\n"
             "在7个工作日内答复核查请求")


def open_post(path, code: str = "PL", name_vi: str = "Đồn Biên phòng Pha Long",
              name_zh: str = "巴龙边防站", province: str = "Lào Cai"):
    db = open_database(path)
    session.open_session("tester")
    site.init_site(code, name_vi, name_zh, "post", province)
    return db


def hekou() -> str:
    row = registry.find_counterpart(HEKOU[0])
    if row is None:
        row = registry.create("counterpart", {"name_vi": HEKOU[0], "name_zh": HEKOU[1],
                                              "unit_type": "exit_entry_inspection_station", "province": "Vân Nam"})
    return row.uuid


def members() -> list[dict]:
    return [
        {"side": "vn", "is_head": True, "name_vi": "Nguyễn Văn Hùng", "name_zh": "阮文雄", "rank": "lieutenant_colonel",
         "role_vi": "Đồn trưởng Đồn Biên phòng Pha Long", "role_zh": "巴龙边防站站长"},
        {"side": "vn", "is_head": False, "name_vi": "Trần Đức Thắng", "name_zh": "陈德胜", "rank": "major",
         "role_vi": "Phó Đồn trưởng", "role_zh": "副站长"},
        {"side": "vn", "is_head": False, "name_vi": "Lý Thị Mai", "name_zh": "李氏梅", "rank": "captain",
         "role_vi": "Phiên dịch", "role_zh": "翻译"},
        {"side": "cn", "is_head": True, "name_vi": "Vương Kiến Quốc", "name_zh": "王建国",
         "rank": "cn_police_superintendent_2",
         "role_vi": "Trạm trưởng Trạm kiểm tra Hà Khẩu", "role_zh": "河口出入境边防检查站站长"},
        {"side": "cn", "is_head": False, "name_vi": "Lý Minh", "name_zh": "李明", "rank": "cn_police_superintendent_3",
         "role_vi": "Phó Trạm trưởng", "role_zh": "副站长"},
    ]


def make_talks(**over):
    data = {
        "date": "2025-12-18", "time": "09:00", "counterpart": hekou(), "talks_type": "quarterly",
        "host_side": "vn", "participants": 5,
        "place_vi": "Nhà làm việc Đồn Biên phòng Pha Long", "place_zh": "巴龙边防站会议室",
        "agenda_vi": AGENDA_VI, "agenda_zh": AGENDA_ZH,
        "our_report_vi": "Trong quý IV, phía Việt Nam đã phát hiện 12 vụ với 31 đối tượng xuất nhập cảnh trái phép, "
                         "trong đó có đối tượng khai ở 河口镇.",
        "our_report_zh": "第四季度越方查获非法出入境案件12起31人，其中有人自称住在Pha Long xã。",
        "their_report_vi": "Phía Trung Quốc thông báo đã tiếp nhận 8 người do phía Việt Nam bàn giao.",
        "their_report_zh": "中方通报已接收越方移交人员8人。",
        "agreed_vi": AGREED_VI, "agreed_zh": AGREED_ZH,
    }
    data.update(over)
    return records.create("talks", data, over.pop("members", None) or members())


def close():
    close_db()


D = dt.date


MUONG_KHANG = ("Trạm kiểm tra Biên phòng xuất nhập cảnh Mường Khang", "勐康出入境边防检查站")
CATEGORIES = ("organizing_illegal_crossing", "illegal_crossing", "firecrackers", "illegal_goods_transport", "drugs")
OUTCOMES = ("criminal_proceedings", "administrative_handling", "handed_over", "other")


def counterpart(names) -> str:
    row = registry.find_counterpart(names[0])
    if row is None:
        row = registry.create("counterpart", {"name_vi": names[0], "name_zh": names[1],
                                              "unit_type": "exit_entry_inspection_station", "province": "Vân Nam"})
    return row.uuid


def fill_year(year: int, scale: int = 1) -> None:
    """A small, deterministic year of every record kind (scale multiplies the counts)."""
    cps = [counterpart(HEKOU), counterpart(MUONG_KHANG)]
    for i in range(12 * scale):
        month = i % 12 + 1
        day = dt.date(year, month, 3 + (i // 12) % 20).isoformat()
        cp = cps[i % 2]
        records.create("hotline_call", {"date": day, "direction": "incoming" if i % 3 else "outgoing",
                                        "counterpart": cp, "subject_vi": "Trao đổi tình hình", "subject_zh": "交换情况"})
        if i % 2 == 0:
            records.create("letter", {"date": day, "direction": "outgoing", "counterpart": cp,
                                      "subject_vi": "Công thư", "subject_zh": "公函"})
        if i % 3 == 0:
            records.create("talks", {"date": day, "counterpart": cp, "talks_type": "quarterly",
                                     "participants": 8 + i % 4, "place_vi": "Cửa khẩu", "place_zh": "口岸"})
        if i % 4 == 1:
            records.create("meeting", {"date": day, "counterpart": cp, "participants": 4 + i % 3})
        if i % 2 == 1:
            records.create("patrol", {"date": day, "counterpart": cp, "teams": 2, "personnel": 10 + i % 5})
        if i % 3 == 2:
            records.create("handover", {"date": day, "counterpart": cp, "direction": "handed_over",
                                        "persons": 1 + i % 4})
        records.create("case", {"date": day, "category": CATEGORIES[i % len(CATEGORIES)],
                                "persons": 1 + (i * 7) % 9, "outcome": OUTCOMES[i % len(OUTCOMES)]})
