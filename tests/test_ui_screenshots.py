"""`borderdesk screenshots DIR` pictures every main screen of a database, here in Chinese."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from borderdesk.services import records, registry
from borderdesk.store.connection import close_db

ROOT = Path(__file__).resolve().parent.parent


def test_screenshots_of_every_screen_are_written(post_db, db_path, tmp_path):
    hekou = registry.create("counterpart", {"name_vi": "Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu",
                                            "name_zh": "河口出入境边防检查站"})
    records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "counterpart": hekou.uuid,
                                    "subject_vi": "Thông báo tình hình lũ", "subject_zh": "通报洪水情况"})
    close_db()
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BORDERDESK_SETTINGS": str(tmp_path / "s.ini")}
    done = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db_path), "screenshots", str(out),
                           "--lang", "zh"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pictures = sorted((out / "zh").glob("*.png"))
    names = [p.name for p in pictures]
    assert any(n.startswith("00-setup") for n in names)
    assert any("dashboard" in n for n in names)
    assert "02-hotline_call-form.png" in names or any("hotline_call-form" in n for n in names)
    assert any("registry" in n for n in names)
    for p in pictures:
        image = QImage(str(p))
        assert not image.isNull() and p.stat().st_size > 1000, p
    main = QImage(str(next(p for p in pictures if "dashboard" in p.name)))
    assert (main.width(), main.height()) == (1366, 768)
    assert not (out / "vi").exists()
