"""The lock file: every runtime, test and build dependency pinned, transitively, with hashes.

    python scripts/lock.py          # (make lock) resolve pyproject.toml again into requirements.lock
    python scripts/lock.py check    # exit 1 when pyproject.toml and requirements.lock disagree

The lock is made by ``uv pip compile --universal``: one file for Python 3.11 and newer on Linux,
Windows and macOS (platform-only packages carry environment markers), every version pinned with
``==`` and the hashes of all its published files. ``scripts/setup.sh`` installs from it with
``pip install --require-hashes``, never from pyproject's ranges, so what a user gets does not
depend on the day they install. Its first line records a digest of what it was made from
(pyproject's dependency tables and the build requirements below), so an edit to pyproject.toml
without ``make lock`` is caught by ``tests/test_lock.py`` and by ``setup.sh``.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
LOWEST_PYTHON = "3.11"
DIGEST_PREFIX = "# inputs-sha256: "


def inputs_digest(pyproject: Path = PYPROJECT) -> str:
    """A digest of everything the lock is resolved from (formatting of pyproject.toml aside)."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    project = data["project"]
    inputs = {
        "requires-python": project.get("requires-python"),
        "dependencies": sorted(project.get("dependencies", [])),
        "optional-dependencies": {k: sorted(v) for k, v in sorted(project.get("optional-dependencies", {}).items())},
        "build-system": _build_requirements(data),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _build_requirements(data: dict | None = None) -> list[str]:
    """The build backend's own requirements: locked too, since setup.sh builds the package
    without build isolation (nothing unpinned is fetched at build time)."""
    data = data or tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return sorted(data.get("build-system", {}).get("requires", []))


def recorded_digest(lock: Path = LOCK) -> str | None:
    if not lock.exists():
        return None
    first = lock.read_text(encoding="utf-8").splitlines()[:1]
    return first[0][len(DIGEST_PREFIX):].strip() if first and first[0].startswith(DIGEST_PREFIX) else None


def pins(lock: Path = LOCK) -> dict[str, tuple[str, str, list[str]]]:
    """``{normalised name: (version, marker, hashes)}`` of every entry of the lock."""
    out: dict[str, tuple[str, str, list[str]]] = {}
    name = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if not line or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            spec, _, marker = line.rstrip(" \\").partition(";")
            pkg, _, version = spec.strip().partition("==")
            name = re.sub(r"[-_.]+", "-", pkg).lower()
            out[name] = (version, marker.strip(), [])
        elif "--hash=" in line and name:
            out[name][2].append(line.strip().rstrip(" \\").split("--hash=", 1)[1])
    return out


def compile_lock() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build_in = Path(tmp) / "build-requirements.in"
        build_in.write_text("\n".join(_build_requirements()) + "\n", encoding="utf-8")
        body = _uv_compile(build_in)
    LOCK.write_text(
        f"{DIGEST_PREFIX}{inputs_digest()}\n"
        "# Made by `make lock` (scripts/lock.py) from pyproject.toml: do not edit by hand.\n"
        "# Installed by scripts/setup.sh with `pip install --require-hashes -r requirements.lock`.\n"
        + body, encoding="utf-8")
    print(f"lock: {LOCK.name}: {len(pins())} packages pinned")


def _uv_compile(build_in: Path) -> str:
    uv = Path(sys.executable).with_name("uv")
    cmd = [str(uv) if uv.exists() else "uv", "pip", "compile", str(PYPROJECT), str(build_in), "--all-extras",
           "--universal", "--python-version", LOWEST_PYTHON, "--generate-hashes", "--no-header"]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"lock: uv pip compile failed:\n{result.stderr.strip()}")
    return result.stdout.replace(f"-r {build_in}", "build requirements (scripts/lock.py)")


def check() -> list[str]:
    """What is wrong between pyproject.toml and the lock (empty when they agree)."""
    if not LOCK.exists():
        return [f"{LOCK.name} is missing: run `make lock`"]
    problems = []
    if recorded_digest() != inputs_digest():
        problems.append("pyproject.toml's dependencies changed since requirements.lock was made: run `make lock`")
    for name, (version, _marker, hashes) in pins().items():
        if not hashes:
            problems.append(f"{name}=={version} has no hash in {LOCK.name}")
    return problems


def stale() -> list[str]:
    """Distributions installed in this interpreter that the lock does not name (left by an older
    lock: PySide6-Pdf after the move to PySide6-Addons shipped the same QtPdf files). BorderDesk
    itself is among them: setup.sh installs it again right after the lock, with its new requirements."""
    from importlib import metadata

    keep = set(pins()) | {"pip"}
    found = {re.sub(r"[-_.]+", "-", d.metadata["Name"] or "").lower() for d in metadata.distributions()}
    return sorted(n for n in found if n and n not in keep)


def main(argv: list[str]) -> int:
    if argv[:1] == ["stale"]:
        for name in stale():  # one a line, nothing at all when none
            print(name)
        return 0
    if argv[:1] == ["check"]:
        problems = check()
        for p in problems:
            print(f"lock: {p}", file=sys.stderr)
        return 1 if problems else 0
    compile_lock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
