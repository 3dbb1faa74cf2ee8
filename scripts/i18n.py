#!/usr/bin/env python3
"""Extract, update, compile and check BorderDesk's translation catalogs (Babel's Python API).

    python scripts/i18n.py extract   # borderdesk/**.py -> translations/borderdesk.pot
    python scripts/i18n.py update    # merge the template into vi and zh_CN (created if missing)
    python scripts/i18n.py compile   # .po -> .mo, translations/qt/*.ts -> .qm (neither is committed)
    python scripts/i18n.py check     # untranslated, fuzzy, broken placeholders: exit 1 if any
    python scripts/i18n.py all       # extract, update, compile

English source strings; ``_("{n} records").format(n=3)`` style placeholders, which a
translation must keep exactly (a lost ``{n}`` raises ``KeyError`` at run time, or worse,
prints a wrong figure silently).
"""
from __future__ import annotations

import argparse
import io
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "borderdesk"
TRANSLATIONS = ROOT / "translations"
DOMAIN = "borderdesk"
TEMPLATE = TRANSLATIONS / f"{DOMAIN}.pot"
#: Catalogs for Qt's own strings (qtbase_vi.ts: Qt ships no Vietnamese), compiled with PySide6's lrelease.
QT_TRANSLATIONS = TRANSLATIONS / "qt"
#: Catalog locales (interface languages ``vi`` and ``zh``; English is the source).
LOCALES = ("vi", "zh_CN")
#: What marks a string for translation (see borderdesk/i18n/__init__.py).
KEYWORDS = {"_": None, "N_": None, "N_plural": (1, 2), "ngettext": (1, 2), "gettext_for": (2,),
            "ngettext_for": (2, 3)}
COMMENT_TAGS = ("TRANSLATORS:",)
HEADER = """\
# BorderDesk interface messages ({language}).
# Source strings are English; keep every {{placeholder}} exactly as it is.
# Terms: ../shared/domain/glossary.tsv.
#"""


def po_path(locale: str, root: Path = TRANSLATIONS) -> Path:
    return root / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def _version() -> str:
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    return "0"


def _render(catalog: Catalog, **kwargs) -> bytes:
    buf = io.BytesIO()
    # No line numbers: a string added in one module leaves every other entry as it was, so
    # catalogs merge cleanly between branches.
    write_po(buf, catalog, width=100, include_lineno=False, **kwargs)
    return buf.getvalue()


def _without_dates(data: bytes) -> bytes:
    return b"\n".join(
        line for line in data.splitlines() if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))
    )


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* unless only the header's dates differ (keeps git diffs to real changes)."""
    if path.exists() and _without_dates(path.read_bytes()) == _without_dates(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def extract(package: Path = PACKAGE, template: Path = TEMPLATE, quiet: bool = False) -> Catalog:
    catalog = Catalog(project="BorderDesk", version=_version(), charset="utf-8", fuzzy=False,
                      header_comment=HEADER.format(language="template"))
    rel = package.name
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        location = (f"{rel}/{Path(filename).as_posix()}", lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    changed = _write_if_changed(template, _render(catalog, sort_output=False))
    if not quiet:
        print(f"{template.relative_to(ROOT) if template.is_relative_to(ROOT) else template}: "
              f"{len(catalog)} messages{'' if changed else ' (unchanged)'}")
    return catalog


def update(template: Path = TEMPLATE, root: Path = TRANSLATIONS, quiet: bool = False) -> None:
    with template.open("rb") as f:
        tmpl = read_po(f)
    for locale in LOCALES:
        path = po_path(locale, root)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=locale)
            catalog.update(tmpl, update_header_comment=False)
            action = "updated"
        else:
            catalog = Catalog(locale=locale, project="BorderDesk", version=_version(), charset="utf-8",
                              fuzzy=False, header_comment=HEADER.format(language=locale))
            catalog.update(tmpl, no_fuzzy_matching=True)
            action = "created"
        changed = _write_if_changed(path, _render(catalog, ignore_obsolete=True))
        if not quiet:
            print(f"{locale}: {action if changed else 'unchanged'} ({_stats(catalog)})")


def compile_catalogs(root: Path = TRANSLATIONS, quiet: bool = False) -> list[Path]:
    """Compile every ``<locale>/LC_MESSAGES/borderdesk.po`` under *root*; fuzzy entries are left out."""
    written = []
    for po in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        # A plural entry with no translated form would come out as the English
        # singular for every count ("93 record"): leave it out, gettext then
        # falls back to the English singular/plural pair.
        for message in list(catalog):
            if message.id and isinstance(message.id, (list, tuple)) and not _all_forms(message):
                catalog.delete(message.id, context=message.context)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        written.append(mo)
        if not quiet:
            print(f"{po.parent.parent.name}: {_stats(catalog)} -> {mo.name}")
    return written


def lrelease() -> str:
    """PySide6's ``lrelease`` (the wheel ships it; the ``pyside6-lrelease`` wrapper sits beside Python)."""
    import PySide6

    for candidate in (Path(PySide6.__file__).parent / "lrelease", Path(PySide6.__file__).parent / "lrelease.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("PySide6's lrelease was not found: reinstall PySide6")
    return found


def compile_qt_catalogs(root: Path = QT_TRANSLATIONS, quiet: bool = False) -> list[Path]:
    """Compile ``translations/qt/*.ts`` (Qt's own strings) to ``.qm`` beside them."""
    written = []
    for ts in sorted(root.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        done = subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True)
        if done.returncode != 0 or not qm.exists():
            raise SystemExit(f"lrelease failed on {ts.name}: {done.stderr.strip() or done.stdout.strip()}")
        written.append(qm)
        if not quiet:
            print(f"{ts.name} -> {qm.name}")
    return written


def _stats(catalog: Catalog) -> str:
    messages = [m for m in catalog if m.id]
    done = sum(1 for m in messages if m.string and not m.fuzzy and _all_forms(m))
    return f"{done}/{len(messages)} translated"


def _all_forms(message) -> bool:
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return all(forms)


# --- check --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    locale: str
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.locale}: {self.reason}: {self.msgid!r}"


def placeholders(text: str) -> set[str] | None:
    """``{name}`` fields of a ``str.format`` string (with their conversion/spec); None if malformed."""
    try:
        return {
            f"{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}"
            for _, name, spec, conv in string.Formatter().parse(text)
            if name is not None
        }
    except ValueError:
        return None


def check_catalog(path: Path) -> list[Problem]:
    """Every entry translated, none fuzzy, placeholders the same as in the English source."""
    with path.open("rb") as f:
        catalog = read_po(f)
    locale = path.parent.parent.name
    nplurals = catalog.num_plurals
    problems: list[Problem] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        key = ids[0]
        if message.fuzzy:
            problems.append(Problem(locale, key, "fuzzy"))
        if not all(forms):
            problems.append(Problem(locale, key, "untranslated"))
            continue
        source = [placeholders(i) for i in ids]
        if any(s is None for s in source):
            problems.append(Problem(locale, key, "malformed placeholders in the source"))
            continue
        union = set().union(*source)
        for i, form in enumerate(forms):
            got = placeholders(form)
            if got is None:
                problems.append(Problem(locale, key, f"malformed placeholders in {form!r}"))
                continue
            # A language with one plural form uses the plural sentence ("{n} records") for all n;
            # otherwise form 0 may drop the count ("One record").
            if len(ids) == 1:
                expected = source[0]
            elif nplurals == 1 or i > 0:
                expected = source[-1]
            else:
                expected = None
            if expected is not None and got != expected:
                problems.append(Problem(locale, key, f"placeholders {sorted(got)} instead of {sorted(expected)}"))
            elif not got <= union:
                problems.append(Problem(locale, key, f"unknown placeholders {sorted(got - union)}"))
    return problems


def check(root: Path = TRANSLATIONS, quiet: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    for locale in LOCALES:
        path = po_path(locale, root)
        if not path.exists():
            problems.append(Problem(locale, "", f"missing catalog {path}"))
            continue
        problems.extend(check_catalog(path))
    if not quiet:
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("extract", "update", "compile", "check", "all"))
    parser.add_argument("--quiet", "-q", action="store_true")
    args = parser.parse_args(argv)
    if args.command in ("extract", "all"):
        extract(quiet=args.quiet)
    if args.command in ("update", "all"):
        update(quiet=args.quiet)
    if args.command in ("compile", "all"):
        compile_catalogs(quiet=args.quiet)
        compile_qt_catalogs(quiet=args.quiet)
    if args.command == "check":
        return 1 if check(quiet=args.quiet) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
