"""Officers keep files in folders named in Vietnamese, with spaces; the frozen app finds its own files."""
from __future__ import annotations

import sys

from borderdesk import resources
from borderdesk.services import session
from borderdesk.app import open_database
from borderdesk.store.connection import close_db
from borderdesk.store.models import Setting

VIETNAMESE_FOLDER = "Đồn Biên phòng Pha Long/Dữ liệu năm 2025"


def test_a_database_in_a_vietnamese_folder_with_spaces(tmp_path):
    path = tmp_path / VIETNAMESE_FOLDER / "sổ theo dõi hợp tác.sqlite"
    open_database(path)  # creates the missing folders too
    session.set_setting("site_code", "PL")
    close_db()

    assert path.exists()
    open_database(path)  # and opens it again
    assert Setting.get(Setting.key == "site_code").value == "PL"


def test_a_spreadsheet_in_a_vietnamese_folder_with_spaces_imports_and_exports(post_db, tmp_path):
    from borderdesk.services import records, spreadsheet

    folder = tmp_path / VIETNAMESE_FOLDER
    folder.mkdir(parents=True)
    sheet = folder / "cuộc gọi đường dây nóng.csv"
    # Excel writes UTF-8 with a BOM.
    sheet.write_text(
        "date,direction,counterpart,subject\n2025-03-14,incoming,Trạm Kiểm soát Biên phòng Hà Khẩu,Trao đổi tình hình\n",
        encoding="utf-8-sig",
    )

    spreadsheet.import_file(sheet, "hotline_call")
    assert records.count("hotline_call") == 1

    out = folder / "xuất dữ liệu" / "cuộc gọi 2025.xlsx"
    out.parent.mkdir()
    assert spreadsheet.export_file(out, "hotline_call") == 1
    assert out.stat().st_size > 0


def test_assets_are_found_in_a_checkout():
    assert resources.get_asset("icons", "borderdesk.png").is_file()
    assert resources.translations_dir().name == "translations"


def test_assets_are_found_in_the_frozen_folder(tmp_path, monkeypatch):
    frozen = tmp_path / "Chương trình" / "BorderDesk" / "_internal"
    (frozen / "resources" / "icons").mkdir(parents=True)
    (frozen / "resources" / "icons" / "borderdesk.png").write_bytes(b"\x89PNG")
    (frozen / "translations" / "vi" / "LC_MESSAGES").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(frozen), raising=False)

    assert resources.get_asset("icons", "borderdesk.png") == frozen / "resources" / "icons" / "borderdesk.png"
    assert resources.get_asset("icons", "borderdesk.png").read_bytes() == b"\x89PNG"
    assert resources.translations_dir() == frozen / "translations"
