"""Qt lives in ``borderdesk/ui/`` only: the rest runs headless (command line, CI, headquarters' scripts)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "borderdesk"
QT_ROOTS = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}


def _non_ui_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts[:1])


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in QT_ROOTS]
    return found


def test_no_module_outside_ui_imports_qt():
    modules = _non_ui_modules()
    assert len(modules) > 10
    offenders = [hit for path in modules for hit in _qt_imports(path)]
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_importing_everything_but_the_ui_loads_no_qt():
    """What the ``ast`` walk cannot see (an import inside a helper that imports Qt) shows here."""
    names = [_module_name(p) for p in _non_ui_modules() if p.name != "__main__.py"]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "# Build the command line too: it discovers and imports every command module.\n"
        "from borderdesk.cli import build_parser\n"
        "build_parser()\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(QT_ROOTS)!r})\n"
        "print('\\n'.join(loaded))\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"Qt was imported: {result.stdout}{result.stderr}"
