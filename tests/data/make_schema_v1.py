"""How tests/data/schema_v1.sqlite was made: migration 1 only, rows written as the first release wrote them.

Kept for the record; the committed file is what the migration test opens. Do not regenerate it
after migration 1 changes (it must not change).
"""
import os
import sys

import peewee as pw

from borderdesk.store import migrations

NOW = "2026-01-05 08:00:00"


def ident(u, v, s):
    return (u, "PL", NOW, NOW, v, "admin", 0, s)


def main(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)
    db = pw.SqliteDatabase(path)
    db.connect()
    migrations.applied(db)
    with db.atomic():
        migrations.MIGRATIONS[1](db)
        db.execute_sql("INSERT INTO schema_migration VALUES (1, ?)", (NOW,))
    db.execute_sql("PRAGMA user_version = 1")
    c = db.cursor()
    c.execute("INSERT INTO setting VALUES ('site_code','PL'),('site_kind','post'),('seq','4')")
    c.execute(
        "INSERT INTO post (uuid,site,created_at,updated_at,version,changed_by,deleted,seq,code,name_vi,name_zh,province,kind)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ident("00000000-0000-4000-8000-000000000001", "1767600000000.00000@PL", 1)
        + ("PL", "Đồn Biên phòng Pha Long", "", "Lào Cai", "post"))
    c.execute(
        "INSERT INTO counterpart_unit (uuid,site,created_at,updated_at,version,changed_by,deleted,seq,name_vi,name_zh,"
        "unit_type,province,notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ident("00000000-0000-4000-8000-000000000002", "1767600000001.00000@PL", 2)
        + ("Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu", "河口出入境边防检查站",
           "exit_entry_inspection_station", "Vân Nam", ""))
    c.execute(
        "INSERT INTO hotline_call (uuid,site,created_at,updated_at,version,changed_by,deleted,seq,date,counterpart,notes,"
        "time,direction,counterpart_officer,our_officer,interpreter,subject_vi,subject_zh,content_vi,content_zh,"
        "follow_up_vi,follow_up_zh,follow_up_due) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ident("00000000-0000-4000-8000-000000000003", "1767600000002.00000@PL", 3)
        + ("2025-12-30", "00000000-0000-4000-8000-000000000002", "", "09:15", "incoming", "李明", "Nguyễn Văn Bình", "",
           "Thông báo tình hình biên giới dịp Tết", "通报春节期间边境情况", "", "", "", "", None))
    c.execute(
        "INSERT INTO talks (uuid,site,created_at,updated_at,version,changed_by,deleted,seq,date,counterpart,notes,kind,"
        "talks_type,time,place_vi,place_zh,marker,host_side,participants,agenda_vi,agenda_zh,our_report_vi,our_report_zh,"
        "their_report_vi,their_report_zh,agreed_vi,agreed_zh,purpose_vi,purpose_zh,outcome_vi,outcome_zh)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ident("00000000-0000-4000-8000-000000000004", "1767600000003.00000@PL", 4)
        + ("2025-12-20", "00000000-0000-4000-8000-000000000002", "", "talks", "quarterly", "08:30", "Cột mốc 102",
           "102号界碑", "102", "vn", 2, "Hội đàm định kỳ quý IV", "第四季度定期会谈", "", "", "", "",
           "Tăng cường tuần tra", "加强巡逻", "", "", "", ""))
    for pos, side, vi, zh, rank in ((0, "vn", "Trần Quốc Hùng", "", "lieutenant_colonel"), (1, "cn", "", "张建国", "major")):
        c.execute(
            "INSERT INTO delegation_member (talks_id,position,side,is_head,name_vi,name_zh,rank,role_vi,role_zh)"
            " VALUES ('00000000-0000-4000-8000-000000000004',?,?,1,?,?,?,'','')", (pos, side, vi, zh, rank))
    db.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "schema_v1.sqlite"))
