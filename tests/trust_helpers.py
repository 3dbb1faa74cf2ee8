"""Helpers shared by the trust tests: run the real command line in a subprocess."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def cli_env(user: str | None = None, password: str | None = None, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BORDERDESK_")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["BORDERDESK_LANG"] = "en"
    if user is not None:
        env["BORDERDESK_USER"] = user
    if password is not None:
        env["BORDERDESK_PASSWORD"] = password
    env.update(extra)
    return env


def run_cli(db_path, *args: str, user: str | None = None, password: str | None = None,
            **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "borderdesk", "--db", str(db_path), *args],
        cwd=ROOT, env=cli_env(user, password, **extra), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60,
    )


def a_case(day: str = "2025-03-14", persons: int = 2, **more) -> dict:
    return {"date": day, "category": "illegal_crossing", "persons": persons, "outcome": "handed_over",
            "summary_vi": "Bàn giao 2 người xuất cảnh trái phép", **more}


@pytest.fixture(autouse=False)
def fast_hashes(monkeypatch):
    """Cheap Argon2id parameters for in-process tests (the real ones cost ~0.15 s per hash by design)."""
    from argon2 import PasswordHasher

    from borderdesk.trust import accounts

    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: fast)
    monkeypatch.setattr(accounts, "_dummy", [])


def secret_needles(names, keys, hashes) -> list[bytes]:
    """What a lost laptop must never show in clear: SQLite's header, each name (UTF-8 and UTF-16), each
    private key (raw, hex, base64) and each Argon2 hash (its text, its digest in base64 and raw)."""
    import base64

    found = [b"SQLite format 3"]
    for name in names:
        found += [name.encode("utf-8"), name.encode("utf-16-le")]
    for key in keys:
        found += [key, key.hex().encode(), base64.b64encode(key)]
    for h in hashes:
        found.append(h.encode())
        raw = h.rsplit("$", 1)[-1]  # the hash itself, base64 without padding
        found.append(raw.encode())
        found.append(base64.b64decode(raw + "=" * (-len(raw) % 4)))
    return found
