"""The Vietnamese and Chinese catalogs are complete, and ``_()`` really uses them."""
from __future__ import annotations

import gettext
import importlib.util
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from borderdesk import i18n

ROOT = Path(__file__).resolve().parent.parent


def _load_i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _load_i18n_script()


@pytest.mark.parametrize("locale", tool.LOCALES)
def test_every_interface_string_is_translated(locale):
    problems = tool.check_catalog(tool.po_path(locale))
    assert not problems, "\n".join(map(str, problems[:40])) + f"\n… {len(problems)} problem(s)"


def test_the_catalogs_hold_every_string_of_the_code(tmp_path):
    """Someone added a string and forgot `make i18n`: the committed template misses it."""
    fresh = tool.extract(template=tmp_path / "fresh.pot", quiet=True)
    committed = {m.id for m in _read(tool.TEMPLATE) if m.id}
    missing = sorted(str(m.id) for m in fresh if m.id and m.id not in committed)
    assert not missing, f"{len(missing)} string(s) not extracted (run `make i18n` and translate them): {missing[:5]}"


def _read(path: Path) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f)


def _write_catalog(path: Path, locale: str, entries: dict) -> None:
    catalog = Catalog(locale=locale)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgstr == "FUZZY" else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog)


def test_check_finds_untranslated_fuzzy_and_broken_placeholders(tmp_path):
    po = tmp_path / "vi" / "LC_MESSAGES" / "borderdesk.po"
    _write_catalog(
        po,
        "vi",
        {
            "Save": "Lưu",
            "Delete": "",
            "Print": "FUZZY",
            "{n} records": "{count} bản ghi",
            "Call on {date}": "Cuộc gọi ngày {date}",
            ("{n} person", "{n} persons"): ("{n} người",),
            ("One talk", "{n} talks"): ("cuộc hội đàm",),
        },
    )
    reasons = {p.msgid: p.reason for p in tool.check_catalog(po)}
    assert reasons.pop("Delete") == "untranslated"
    assert reasons.pop("Print") == "fuzzy"
    assert "placeholders" in reasons.pop("{n} records")
    assert "placeholders" in reasons.pop("One talk")  # Vietnamese has one form: it needs {n}
    assert reasons == {}


def test_underscore_translates_with_a_compiled_catalog(tmp_path, monkeypatch):
    _write_catalog(
        tmp_path / "vi" / "LC_MESSAGES" / "borderdesk.po",
        "vi",
        {"Hotline calls": "Điện thoại đường dây nóng", ("{n} record", "{n} records"): ("{n} bản ghi",)},
    )
    _write_catalog(tmp_path / "zh_CN" / "LC_MESSAGES" / "borderdesk.po", "zh_CN", {"Hotline calls": "热线电话"})
    compiled = tool.compile_catalogs(root=tmp_path, quiet=True)
    assert {p.parent.parent.name for p in compiled} == {"vi", "zh_CN"}

    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    i18n.reload_catalogs()
    try:
        i18n.set_language("vi")
        assert i18n._("Hotline calls") == "Điện thoại đường dây nóng"
        assert i18n.ngettext("{n} record", "{n} records", 3).format(n=3) == "3 bản ghi"
        assert i18n.gettext_for("zh", "Hotline calls") == "热线电话"
        i18n.set_language("en")
        assert i18n._("Hotline calls") == "Hotline calls"
        i18n.set_language("zh")
        assert i18n._("Not in the catalog") == "Not in the catalog"
    finally:
        i18n.reload_catalogs()


def test_the_compiled_catalogs_of_the_checkout_load():
    """`make` compiles translations/*.po; gettext finds the result where i18n looks."""
    tool.compile_catalogs(quiet=True)
    for locale in tool.LOCALES:
        found = gettext.find(i18n.DOMAIN, str(i18n.translations_dir()), languages=[locale])
        assert found and Path(found).suffix == ".mo"
