"""Writing the Chinese side from the post's own texts: the translation memory, its glossary, the command line."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sync_sites import Site, enrol

from borderdesk.services import records, session
from borderdesk.services import demo as demo_service
from borderdesk.services.translation import build, glossary, memory, suggest
from borderdesk.store import models as m
from borderdesk.store.connection import close_db, init_db
from borderdesk.store.models import DB

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def hook():
    memory.install()
    yield
    memory.uninstall()


@pytest.fixture
def db_path(any_db):
    """The ``db`` fixture's database: a file, and the same on a PostgreSQL server (``any_db``)."""
    return any_db


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A demo post (three years of Pha Long), made once for the module and copied by each test."""
    from borderdesk.services.site import init_site

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    init_db(path)
    init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    session.open_session()
    demo_service.fill_demo(today=TODAY)
    close_db()
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path):
    import shutil

    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, path)
    init_db(path)
    session.open_session()
    yield path
    close_db()


def agreed_with_a_gate():
    """One talk's agreed point naming a gate, its Chinese twin, the gate, and a gate no talk has named."""
    gates = [g for g in m.BorderGate.select() if g.name_zh]
    for talk in m.Talks.select().where(m.Talks.kind == "talks").order_by(m.Talks.date):
        for vi, zh in zip(talk.agreed_vi.splitlines(), talk.agreed_zh.splitlines()):
            gate = next((g for g in gates if g.name_vi in vi and g.name_zh in zh), None)
            if gate:
                named = " ".join(t.agreed_vi for t in m.Talks.select(m.Talks.agreed_vi))
                other = next(g for g in gates if g.name_vi not in named)
                return vi, zh, gate, other
    raise AssertionError("the demo has no agreed point naming a gate")


def test_a_talks_agreed_point_brings_back_its_chinese_twin_first(demo_db):
    vi, zh, gate, other = agreed_with_a_gate()
    first = suggest.suggest(vi, to="zh")[0]
    assert first.text == zh and first.score == 100
    assert first.source_kind == "talks" and first.field == "agreed" and first.source_date

    moved = suggest.suggest(vi.replace(gate.name_vi, other.name_vi), to="zh")[0]
    assert other.name_zh in moved.text and gate.name_zh not in moved.text
    assert moved.text == zh.replace(gate.name_zh, other.name_zh)
    assert other.name_zh in [to for _had, to in moved.carried]  # carried from the registry, not remembered
    # and the reverse, at a Chinese-speaking desk
    back = suggest.suggest(zh.replace(gate.name_zh, other.name_zh), to="vi")[0]
    assert back.text == vi.replace(gate.name_vi, other.name_vi)


def test_numbers_and_short_names_are_carried(demo_db):
    kim = m.BorderGate.get(m.BorderGate.name_vi.contains("Kim Thành"))
    talk = records.create("talks", {"date": "2026-01-05", "kind": "talks",
                                    "agreed_vi": "Tổ chức 4 đợt tuần tra chung khu vực Hà Khẩu trước ngày 15/02/2026",
                                    "agreed_zh": "2026年2月15日前在河口地区组织4次联合巡逻"})
    assert talk.uuid
    got = suggest.suggest("Tổ chức 6 đợt tuần tra chung khu vực Kim Thành trước ngày 20/03/2026", to="zh")[0]
    assert got.text == "2026年3月20日前在金城地区组织6次联合巡逻", got
    assert kim.name_zh.startswith("金城")


def test_several_sentences_are_assembled_and_nothing_is_invented(demo_db):
    lines = m.Talks.select().where(m.Talks.kind == "talks").first()
    vi, zh = lines.agreed_vi.splitlines()[:2], lines.agreed_zh.splitlines()[:2]
    got = suggest.suggest("\n".join(vi), to="zh")[0]
    assert got.text == "\n".join(zh) and (got.parts, got.of) == (2, 2)
    assert suggest.suggest("Xyzzy quux frobnicate", to="zh") == []


def test_the_memory_follows_saves_deletions_and_signed_minutes(demo_db, hook):
    from borderdesk.services import document_numbers
    from borderdesk.trust.audit import document_printed

    build.ensure()  # built once (the desk does it in the background when it starts)
    sentence = "Hai bên thống nhất lập tổ công tác chung về cột mốc hư hỏng"
    draft = records.create("talks", {"date": "2026-02-01", "kind": "talks", "agreed_vi": sentence,
                                     "agreed_zh": "双方同意成立受损界碑联合工作组"})
    # the hook wrote it: the memory holds it before anyone asks for a suggestion
    held = DB.execute_sql("SELECT count(*) FROM tm_use WHERE source = ?", (draft.uuid,)).fetchone()[0]
    assert held == 1
    signed = records.create("talks", {"date": "2025-06-01", "kind": "talks", "agreed_vi": sentence,
                                      "agreed_zh": "双方商定就受损界碑成立联合工作组"})
    assert suggest.suggest(sentence, to="zh", today=TODAY)[0].source_id == draft.uuid  # newer wins
    # a draft printed is still a draft: what signs minutes is their number, not a print in the audit trail
    document_printed("minutes", "ban-nhap.pdf", signed.uuid)
    assert suggest.suggest(sentence, to="zh", today=TODAY)[0].source_id == draft.uuid
    assert document_numbers.minutes_number(signed.uuid)  # the first final print numbers them: signed
    tiers = dict(DB.execute_sql("SELECT source, tier FROM tm_use WHERE source IN (?, ?)", (draft.uuid, signed.uuid)))
    assert tiers == {draft.uuid: memory.DRAFT, signed.uuid: memory.SIGNED}
    assert suggest.suggest(sentence, to="zh", today=TODAY)[0].text == "双方商定就受损界碑成立联合工作组"
    records.delete("talks", signed.uuid)
    left = DB.execute_sql("SELECT count(*) FROM tm_use WHERE source = ?", (signed.uuid,)).fetchone()[0]
    assert left == 0
    assert suggest.suggest(sentence, to="zh", today=TODAY)[0].text == "双方同意成立受损界碑联合工作组"


def test_minutes_numbered_at_another_post_count_as_signed_when_they_arrive(demo_db):
    """The number travels with the record (#14): headquarters weighs a post's signed minutes without its prints."""
    sentence = "Hai bên thống nhất lập sổ theo dõi chung việc sửa chữa cột mốc số 9"
    older = records.create("talks", {"date": "2025-09-01", "kind": "talks", "agreed_vi": sentence,
                                     "agreed_zh": "双方同意建立第9号界碑维修联合台账"})
    talk = records.create("talks", {"date": "2025-03-01", "kind": "talks", "agreed_vi": sentence,
                                    "agreed_zh": "双方商定共同建立第9号界碑修缮登记簿"})
    # as a bundle writes it: the record with the number its post gave it (the memory is built after)
    DB.execute_sql("UPDATE talks SET minutes_number = '03/BB-PL' WHERE uuid = ?", (talk.uuid,))
    assert not memory.is_built()
    assert not DB.execute_sql("SELECT 1 FROM audit_entry WHERE action = 'print' AND uuid = ?", (talk.uuid,)).fetchone()
    first = suggest.suggest(sentence, to="zh", today=TODAY)[0]
    assert first.source_id == talk.uuid and first.text == "双方商定共同建立第9号界碑修缮登记簿"
    tiers = dict(DB.execute_sql("SELECT source, tier FROM tm_use WHERE source IN (?, ?)", (older.uuid, talk.uuid)))
    assert tiers == {older.uuid: memory.DRAFT, talk.uuid: memory.SIGNED}


def test_glossary_terms_are_suggested_and_kept_by_headquarters_only(db):
    from borderdesk.domain.errors import BorderDeskError
    from borderdesk.services.site import init_site

    init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    session.open_session()
    assert suggest.suggest("Bàn giao", to="zh")[0].text == "移交"
    assert suggest.suggest("移交", to="vi")[0].text == "Bàn giao"
    assert any(t.key == "handover" and t.source == "shipped" for t in glossary.terms())
    with pytest.raises(BorderDeskError, match="headquarters"):
        glossary.add({"key": "handover", "vi": "Bàn giao", "zh": "交接"})


def test_the_glossary_travels_from_headquarters_to_a_post(tmp_path, any_db):
    hq = Site(tmp_path, "LC", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", kind="headquarters", db=any_db)
    pl = Site(tmp_path, "PL", "Đồn Biên phòng Pha Long")
    enrol(pl, hq)
    hq.use()
    glossary.add({"key": "handover", "vi": "Bàn giao", "zh": "交接", "note": "HQ decision 12/2026"})
    glossary.add({"key": "joint_inspection", "vi": "Kiểm tra liên hợp", "zh": "联合检查"})
    pl.use()
    assert suggest.suggest("Kiểm tra liên hợp", to="zh") == [] or \
        suggest.suggest("Kiểm tra liên hợp", to="zh")[0].text != "联合检查"
    preview = hq.carry(pl)
    assert preview.counts["glossary_term"]["new"] == 2
    pl.use()
    by_key = {t.key: t for t in glossary.terms()}
    assert by_key["handover"].zh == "交接" and by_key["handover"].source == "LC"
    assert by_key["joint_inspection"].vi == "Kiểm tra liên hợp"
    assert suggest.suggest("Kiểm tra liên hợp", to="zh")[0].text == "联合检查"
    assert suggest.suggest("Bàn giao", to="zh")[0].text == "交接"
    close_db()


# --- the command line -------------------------------------------------------------------------------


def bd(db, *args, check=True):
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "borderdesk", "--db", str(db), "--lang", "en", *args],
                          capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc


def test_suggest_on_the_command_line(demo_db):
    vi, zh, gate, other = agreed_with_a_gate()
    close_db()
    out = json.loads(bd(demo_db, "suggest", vi, "--to", "zh", "--limit", "3", "--json").stdout)
    assert out[0]["text"] == zh and out[0]["score"] == 100 and len(out) <= 3
    assert out[0]["source"]["kind"] == "talks" and out[0]["source"]["id"]
    out = json.loads(bd(demo_db, "suggest", vi.replace(gate.name_vi, other.name_vi), "--json").stdout)
    assert out[0]["text"] == zh.replace(gate.name_zh, other.name_zh)
    assert other.name_zh in [c["to"] for c in out[0]["carried"]]
    bad = bd(demo_db, "suggest", vi, "--limit", "0", check=False)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_glossary_on_the_command_line(tmp_path, any_db):
    hq = any_db  # headquarters' file, or its PostgreSQL server
    bd(hq, "init", "--code", "LC", "--name", "Bộ Chỉ huy BĐBP tỉnh Lào Cai", "--headquarters", "--no-encryption")
    bd(hq, "glossary", "add", "handover", "--vi", "Bàn giao", "--zh", "交接")
    tsv = tmp_path / "terms.tsv"
    tsv.write_text("key\tvi\tzh\ten\tnote\njoint_inspection\tKiểm tra liên hợp\t联合检查\tJoint inspection\t\n",
                   encoding="utf-8")
    assert "1 added" in bd(hq, "glossary", "import", str(tsv)).stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("key\tvi\tzh\nfine_term\tTốt\t好\nBad Key\tXấu\t坏\n", encoding="utf-8")
    err = bd(hq, "glossary", "import", str(bad), check=False)
    assert err.returncode == 1 and "line 3" in err.stderr and "Traceback" not in err.stderr
    terms = {t["key"]: t for t in json.loads(bd(hq, "glossary", "list", "--json").stdout)}
    assert terms["handover"]["zh"] == "交接" and terms["joint_inspection"]["en"] == "Joint inspection"
    assert "fine_term" not in terms  # all or nothing
    assert terms["border_post"]["source"] == "shipped"


def test_terminology_warnings_name_the_usual_term_and_what_is_written_instead(db):
    from borderdesk.services.site import init_site
    from borderdesk.services.translation import terminology

    init_site("PL", "Đồn Biên phòng Pha Long", "", "post", "Lào Cai")
    session.open_session()
    got = [w.message() for w in terminology.check_pair("Hai bên bàn giao 3 người tại cửa khẩu", "双方在口岸遣返3人")]
    assert "'bàn giao' is usually '移交'; the Chinese text has '遣返'" in got
    assert "'遣返' is usually 'Trao trả'; the Vietnamese text has 'bàn giao'" in got
    assert terminology.check_pair("Hai bên bàn giao 3 người", "双方移交3人") == []
    # one agreed point a line: each line is checked against its twin, not against the whole
    lines = terminology.check_field("Bàn giao người tại cửa khẩu\nPhối hợp phòng chống ma túy",
                                    "在口岸遣返人员\n协同开展禁毒工作", "Agreed points")
    assert [w.message() for w in lines if w.written == "ma túy"] == [
        "Agreed points: 'ma túy' is usually '毒品', which the Chinese text does not have"]
    # a name of the registry is written as registered, not checked as a term; one syllable is not checked
    from borderdesk.services import registry

    registry.create("gate", {"name_vi": "Cửa khẩu phụ Bản Vược", "name_zh": "坝洒口岸"})
    assert terminology.check_pair("Gặp nhau tại Cửa khẩu phụ Bản Vược năm nay", "今年在坝洒口岸会面") == []
