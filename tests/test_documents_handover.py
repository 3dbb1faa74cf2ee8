"""The handover record and the verification request letter: from the services, the command line,
read back glyph by glyph."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from borderdesk.documents import glyphcheck, handover, pdfa
from borderdesk.services import records, registry

from documents_fixtures import close, hekou, open_post

PEOPLE = [
    {"name": "Nguyễn Văn An", "name_zh": "阮文安", "sex": "M", "birth_year": 1990, "nationality": "VN",
     "document": "CCCD 001090012345", "address": "Xã Pha Long, huyện Mường Khương, tỉnh Lào Cai"},
    {"name": "Lò Thị Hoa", "name_zh": "", "sex": "F", "birth_year": 1998, "nationality": "VN", "document": "",
     "address": "Xã Bản Lầu, huyện Mường Khương"},
    {"name": "王小明", "name_zh": "", "sex": "M", "birth_year": 1985, "nationality": "CN", "document": "",
     "address": "云南省河口县"},
]


@pytest.fixture
def post(tmp_path):
    db = tmp_path / "bd.sqlite"
    open_post(db)
    yield db
    close()


def _handover(**over):
    gate = registry.create("gate", {"name_vi": "Cửa khẩu Mường Khương", "name_zh": "勐康口岸",
                                    "gate_type": "bilateral_border_gate"})
    data = {"date": "2026-09-17", "counterpart": hekou(), "direction": "handed_over", "gate": gate.uuid,
            "marker": "97", "our_officer": "Thượng úy Nguyễn Đức Minh", "their_officer": "二级警司 李强",
            "items_vi": "01 điện thoại di động, 500.000 đồng", "items_zh": "手机1部、越南盾500,000元",
            "verification_requested": "2026-09-17", "verification_side": "cn", "persons": 3}
    data.update(over)
    return records.create("handover", data, PEOPLE)


def _cli(db, *args):
    env = dict(os.environ, BORDERDESK_LANG="en")
    return subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def squash(text: str) -> str:
    return "".join(text.split())


def test_the_handover_record_prints_two_originals_with_every_person_in_both_texts(post, tmp_path):
    row = _handover()
    out = tmp_path / "record.pdf"
    res = _cli(post, "report", "handover", row.uuid, "--out", str(out))
    assert res.returncode == 0, res.stderr
    drawn = squash(glyphcheck.assert_every_glyph_drawn(out).text)
    assert pdfa.inspect(out)["passed"]
    for phrase in ("BIÊN BẢN BÀN GIAO NGƯỜI XUẤT NHẬP CẢNH TRÁI PHÉP", "非法出入境人员移交书",
                   "Nguyễn Văn An", "阮文安", "王小明", "Lò Thị Hoa", "越南", "Nam", "Nữ", "男", "女", "1990",
                   "CCCD 001090012345", "01 điện thoại di động, 500.000 đồng", "手机1部、越南盾500,000元",
                   "ngày 17 tháng 9 năm 2026", "2026年9月17日", "勐康口岸97号界碑附近",
                   "Thượng úy Nguyễn Đức Minh", "二级警司 李强", "同等作准",
                   "hai văn bản có giá trị như nhau", "ĐẠI DIỆN PHÍA VIỆT NAM", "中方代表",
                   # the Chinese original: China first, Chinese text first
                   "每份均用中文和越南文写成"):
        assert squash(phrase) in drawn, phrase
    # four texts: Vietnamese and Chinese of each original
    from pypdf import PdfReader

    assert len(PdfReader(str(out)).pages) == 4
    assert "BẢNNHÁP" not in drawn


def test_the_verification_letter_gives_the_reply_due_date_in_the_answering_sides_calendar(post, tmp_path):
    from borderdesk.services import calendar

    row = _handover()
    out = tmp_path / "letter.pdf"
    res = _cli(post, "report", "verification", row.uuid, "--out", str(out))
    assert res.returncode == 0, res.stderr
    due = calendar.verification_due(records.find(row.uuid).verification_requested, "cn")
    assert due.isoformat() in res.stdout
    drawn = squash(glyphcheck.assert_every_glyph_drawn(out).text)
    assert squash(f"trả lời cho chúng tôi trước ngày {due.day:02d} tháng {due.month} năm {due.year}") in drawn
    assert squash(f"并于{due.year}年{due.month}月{due.day}日前函复我站") in drawn
    assert squash("Kính gửi: Trạm kiểm tra Biên phòng xuất nhập cảnh Hà Khẩu") in drawn
    assert "NguyễnVănAn" in drawn and "阮文安" in drawn  # the list of persons, in both scripts


def test_a_letter_for_a_verification_we_owe_and_a_record_without_persons_are_refused(post, tmp_path):
    ours = _handover(direction="received", verification_side="vn")
    res = _cli(post, "report", "verification", ours.uuid, "--out", str(tmp_path / "x.pdf"))
    assert res.returncode == 1 and "ours to answer" in res.stderr and "Traceback" not in res.stderr
    res = _cli(post, "report", "handover", "no-such-id", "--out", str(tmp_path / "y.pdf"))
    assert res.returncode == 1 and "no-such-id" in res.stderr
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


def test_a_gap_makes_a_draft_only_when_allowed(post, tmp_path):
    row = _handover(items_zh="")
    out = tmp_path / "draft.pdf"
    res = _cli(post, "report", "handover", row.uuid, "--out", str(out))
    assert res.returncode == 1 and "Items handed over (Chinese)" in res.stderr
    res = _cli(post, "report", "handover", row.uuid, "--out", str(out), "--allow-missing")
    assert res.returncode == 0, res.stderr
    drawn = squash(glyphcheck.assert_every_glyph_drawn(out).text)
    assert "BẢNNHÁP" in drawn and "草稿" in drawn and "同等作准" not in drawn
    assert handover.gaps(handover.load_handover(row.uuid))
