"""One boundary for every text that enters, and one key for matching names.

Vietnamese typed on some systems arrives decomposed (NFD): "ạ" as "a" and a combining
dot. Whatever the way in (a form, a spreadsheet, a registry name, a search), the text is
kept composed (NFC) and trimmed, and the decomposed spelling is the same name.
"""
from __future__ import annotations

import csv
import unicodedata

import pytest

from borderdesk.domain import text
from borderdesk.domain.errors import ValidationError
from borderdesk.services import records, registry, spreadsheet
from borderdesk.store import search_index
from borderdesk.store.models import DB

NFC = "Trạm Biên phòng Hà Khẩu"
NFD = unicodedata.normalize("NFD", NFC)


def _csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_the_two_spellings_differ_as_strings_and_fold_to_one_key():
    assert NFD != NFC and len(NFD) > len(NFC)
    assert text.fold(NFD) == text.fold(NFC) == text.fold("TRAM bien  phong ha khau") == "tram bien phong ha khau"
    assert text.fold("Đồn Biên phòng") == text.fold("don bien phong")
    assert text.clean(f"  {NFD}\t ") == NFC


def test_a_form_keeps_the_composed_text(post_db):
    call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming",
                                           "subject_vi": NFD + "  ", "content_vi": "dòng một\n" + NFD + "\n\n"})
    assert call.subject_vi == NFC
    assert call.content_vi == "dòng một\n" + NFC


def test_a_control_character_is_refused_on_its_field(post_db):
    with pytest.raises(ValidationError) as info:
        records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": "a\x07b"})
    assert set(info.value.errors) == {"subject_vi"}


def test_a_registry_name_is_kept_composed_and_found_in_every_spelling(post_db):
    unit = registry.create("counterpart", {"name_vi": NFD, "name_zh": "河口边境派出所"})
    assert unit.name_vi == NFC
    for typed in (NFC, NFD, "tram bien phong ha khau", "TRẠM BIÊN PHÒNG HÀ KHẨU", "河口边境派出所"):
        assert registry.match("counterpart", typed).uuid == unit.uuid, typed
    assert registry.match("counterpart", "Trạm Biên phòng Lào Cai") is None


def test_gates_and_markers_are_matched_the_same_way(post_db):
    gate = registry.create("gate", {"name_vi": "Cửa khẩu Mường Khương", "name_zh": "勐康口岸"})
    marker = registry.create("marker", {"number": "118", "name_vi": "Mốc 118 Mường Khương"})
    for typed in ("Muong Khuong", "cửa khẩu mường khương", unicodedata.normalize("NFD", "Cửa khẩu Mường Khương")):
        assert registry.match("gate", typed.replace("Muong Khuong", "Cua khau Muong Khuong")).uuid == gate.uuid
    assert registry.match("marker", "118").uuid == marker.uuid
    assert registry.match("marker", unicodedata.normalize("NFD", "mốc 118 mường khương")).uuid == marker.uuid
    assert [g.uuid for g in registry.close_matches("gate", "Muong Khuong")] == [gate.uuid]


def test_an_nfd_name_in_a_spreadsheet_is_the_unit_already_there(post_db, tmp_path):
    unit = registry.create("counterpart", {"name_vi": NFC})
    _csv(tmp_path / "a.csv", [["date", "direction", "counterpart"], ["2025-03-14", "incoming", NFD],
                              ["2025-03-15", "incoming", NFC]])
    result = spreadsheet.import_file(tmp_path / "a.csv", "hotline_call")
    assert result.counterparts_created == []
    assert {c.counterpart for c in records.list_records("hotline_call")} == {unit.uuid}


def test_two_spellings_of_a_new_unit_in_one_file_make_one_unit(post_db, tmp_path):
    _csv(tmp_path / "a.csv", [["date", "direction", "counterpart"], ["2025-03-14", "incoming", NFD],
                              ["2025-03-15", "incoming", NFC]])
    result = spreadsheet.import_file(tmp_path / "a.csv", "hotline_call")
    assert result.counterparts_created == [NFC]
    (unit,) = registry.list_entries("counterpart")
    assert unit.name_vi == NFC


def test_nfd_and_nfc_queries_find_the_same_records(post_db):
    nfd_call = records.create("hotline_call", {"date": "2025-03-14", "direction": "incoming", "subject_vi": NFD})
    nfc_call = records.create("hotline_call", {"date": "2025-03-15", "direction": "incoming", "subject_vi": NFC})
    expected = {nfd_call.uuid, nfc_call.uuid}
    for query in (NFC, NFD, "Hà Khẩu", unicodedata.normalize("NFD", "Hà Khẩu"), "ha khau"):
        assert {h["id"] for h in search_index.search(DB, query)} == expected, query
        assert records.count("hotline_call", text=query) == 2, query
    assert registry.list_entries("counterpart", text=unicodedata.normalize("NFD", "Hà")) == []
