"""What a user's install gets: the versions of the lock, translations however it is installed,
one clear line instead of Qt's abort when there is no display."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _lock_tool():
    spec = importlib.util.spec_from_file_location("borderdesk_lock_tool", ROOT / "scripts" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


lock = _lock_tool()


def test_the_lock_was_made_from_this_pyproject():
    assert lock.check() == []


def test_a_dependency_added_without_relocking_is_caught(tmp_path):
    edited = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    edited.write_text(text.replace('"peewee>=3.17",', '"peewee>=3.17",\n    "rich>=13",'), encoding="utf-8")
    assert lock.inputs_digest(edited) != lock.recorded_digest()
    # … and a change of layout alone is not a change of what is locked.
    edited.write_text(text.replace("\n\n", "\n\n\n"), encoding="utf-8")
    assert lock.inputs_digest(edited) == lock.recorded_digest()


def test_what_an_older_lock_installed_and_this_one_does_not_name_is_stale(monkeypatch):
    """setup.sh uninstalls these before installing the lock: PySide6-Pdf, left by the 6.12 lock,
    would otherwise share QtPdf's files with PySide6-Addons."""
    from importlib import metadata

    class Dist:
        def __init__(self, name):
            self.metadata = {"Name": name}

    installed = ["PySide6_Pdf", "PySide6-Essentials", "peewee", "pip", "borderdesk", "pyflakes"]
    monkeypatch.setattr(metadata, "distributions", lambda: [Dist(n) for n in installed])
    assert lock.stale() == ["borderdesk", "pyflakes", "pyside6-pdf"]


def test_a_fresh_environment_has_nothing_stale_to_print(monkeypatch, capsys):
    """setup.sh reads the names a line each: a fresh .venv must give no line at all (an empty
    line would be handed to pip uninstall as a name)."""
    from importlib import metadata

    class Dist:
        metadata = {"Name": "pip"}

    monkeypatch.setattr(metadata, "distributions", lambda: [Dist()])
    assert lock.main(["stale"]) == 0 and capsys.readouterr().out == ""


#: The environments the lock is for: Python 3.11 to 3.13, on Linux and Windows.
ENVIRONMENTS = [
    {"python_version": v, "python_full_version": f"{v}.0", "sys_platform": p, "platform_system": s,
     "os_name": o, "implementation_name": "cpython", "platform_python_implementation": "CPython",
     "platform_machine": "x86_64" if p == "linux" else "AMD64"}
    for v in ("3.11", "3.12", "3.13")
    for p, s, o in (("linux", "Linux", "posix"), ("win32", "Windows", "nt"))
]


@pytest.mark.parametrize("env", ENVIRONMENTS, ids=lambda e: f"{e['sys_platform']}-{e['python_version']}")
def test_every_requirement_is_pinned_with_hashes_in_every_environment(env):
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*data["project"]["dependencies"], *data["build-system"]["requires"]]
    for extra in data["project"]["optional-dependencies"].values():
        wanted += extra
    pins = lock.pins()
    for text in wanted:
        req = Requirement(text)
        if req.marker and not req.marker.evaluate({**env, "extra": ""}):
            continue
        name = req.name.lower().replace("_", "-").replace(".", "-")
        assert name in pins, f"{req.name} is not in requirements.lock"
        version, marker, hashes = pins[name]
        assert not marker or Marker(marker).evaluate(env), f"{name} is locked for other platforms only"
        assert req.specifier.contains(version, prereleases=True), f"{name}=={version} outside {req.specifier}"
        assert hashes and all(h.startswith("sha256:") for h in hashes)


def _run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)


@pytest.mark.slow
def test_a_wheel_installed_into_a_new_environment_speaks_vietnamese_and_chinese(tmp_path):
    # Built as pip builds it for `pip install .`, with the locked setuptools and Babel.
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                  "-w", str(tmp_path / "wheels"), str(ROOT)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "wheels").glob("borderdesk-*.whl")
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", str(venv)]).returncode == 0
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    target = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    installed = _run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", target, str(wheel)])
    assert installed.returncode == 0, installed.stderr
    # The dependencies come from this environment (a plain path: its .pth files, among them the
    # editable install of this checkout, are not read), the package from the new one.
    Path(target, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    where = _run([str(py), "-c", "import borderdesk, borderdesk.resources as r; print(borderdesk.__file__);"
                  "print(r.get_asset('fonts', 'NotoSerif-Regular.ttf').is_file());"
                  "print((r.translations_dir() / 'qt' / 'qtbase_vi.qm').is_file())"], cwd=tmp_path, env=env)
    assert where.stdout.split() == [str(Path(target, "borderdesk", "__init__.py")), "True", "True"], where.stderr
    vi = _run([str(py), "-m", "borderdesk", "--lang", "vi", "--help"], cwd=tmp_path, env=env)
    assert "hồ sơ hợp tác biên giới" in vi.stdout, vi.stdout + vi.stderr
    zh = _run([str(py), "-m", "borderdesk", "--help"], cwd=tmp_path, env={**env, "LANG": "zh_CN.UTF-8"})
    assert "边境" in zh.stdout, zh.stdout + zh.stderr


@pytest.mark.parametrize("lang, words", [(None, "không có màn hình"), ("zh", "没有可显示窗口的显示器")])
def test_the_desk_without_a_display_says_so_in_one_line(tmp_path, lang, words):
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "borderdesk", "--db", str(tmp_path / "x.sqlite")] + (["--lang", lang] if lang else [])
    out = _run(args, cwd=tmp_path, env=env)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and words in out.stderr and "xvfb-run" in out.stderr
    assert not (tmp_path / "x.sqlite").exists()


@pytest.mark.parametrize("env, problem", [
    ({}, True), ({"DISPLAY": ":0"}, False), ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"QT_QPA_PLATFORM": "offscreen"}, False), ({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w"}, True),
])
def test_what_counts_as_a_display(env, problem):
    from borderdesk.ui.app import display_problem

    assert (display_problem(env, "linux") is not None) is problem
    assert display_problem({}, "win32") is None
