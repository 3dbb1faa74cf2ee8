"""Attachments: 25 MB written and read inside the database (plain and SQLCipher) against a folder beside it
(plain, and encrypted by us with AES-256-GCM as a folder would need for encryption at rest).

Run: ``python benchmarks/bench_attachments.py [--mb 25] [--repeat 3]``. Every write ends durable
(the database commits with synchronous=FULL; a folder file is fsync'd, then its folder).
Prints Markdown table rows: what, median time, goal, note.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from common import OUT, row, timed

from borderdesk.services import session
from borderdesk.services.site import init_site
from borderdesk.store import attachment_store as store
from borderdesk.store.connection import close_db, init_db
from borderdesk.store.models import DB


def _db_case(folder: Path, data: bytes, encrypted: bool, repeat: int) -> tuple[float, float]:
    path = folder / ("enc.sqlite" if encrypted else "plain.sqlite")
    if encrypted:
        os.environ["BORDERDESK_DB_KEY"] = "benchmark passphrase 25"
        from borderdesk.trust import encryption

        encryption.request_encryption(True)
    init_db(path)
    if encrypted:
        from borderdesk.trust import encryption

        encryption.request_encryption(False)
        assert not path.read_bytes()[:16].startswith(b"SQLite format 3")
    init_site("PL", "Pha Long")
    session.open_session()
    state = {"n": 0}

    def write():
        state["n"] += 1
        blob = data[:-8] + state["n"].to_bytes(8, "big")  # new content each time: no dedup
        with DB.atomic():
            store.put_blob(blob)

    w = timed(write, repeat)
    sha = hashlib.sha256(data[:-8] + (1).to_bytes(8, "big")).hexdigest()

    def read():
        assert hashlib.sha256(store.read_blob(sha)).hexdigest() == sha

    r = timed(read, repeat)
    close_db()
    os.environ.pop("BORDERDESK_DB_KEY", None)
    return w, r


def _folder_case(folder: Path, data: bytes, encrypt: bool, repeat: int) -> tuple[float, float]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = AESGCM.generate_key(256)
    files = folder / "attachments"
    files.mkdir(exist_ok=True)
    state = {"n": 0, "last": None}

    def write():
        state["n"] += 1
        blob = data[:-8] + state["n"].to_bytes(8, "big")
        sha = hashlib.sha256(blob).hexdigest()
        payload = blob
        if encrypt:
            nonce = os.urandom(12)
            payload = nonce + AESGCM(key).encrypt(nonce, blob, sha.encode())
        tmp = files / (sha + ".tmp")
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, files / sha)
        fd = os.open(files, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
        state["last"] = sha

    w = timed(write, repeat)
    sha = state["last"]

    def read():
        payload = (files / sha).read_bytes()
        blob = AESGCM(key).decrypt(payload[:12], payload[12:], sha.encode()) if encrypt else payload
        assert hashlib.sha256(blob).hexdigest() == sha

    r = timed(read, repeat)
    return w, r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=25)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = os.urandom(int(args.mb * 1024 * 1024))
    lines = []
    for label, fn, flag in (("in the database (SQLite, 1 MiB pieces)", _db_case, False),
                            ("in the database (SQLCipher, 1 MiB pieces)", _db_case, True),
                            ("folder beside it (plain files)", _folder_case, False),
                            ("folder beside it (AES-256-GCM files)", _folder_case, True)):
        folder = Path(tempfile.mkdtemp(dir=OUT, prefix="attach-"))
        try:
            w, r = fn(folder, data, flag, args.repeat)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        lines.append(row(f"write {args.mb:g} MB {label}, durable", w, "< 2 s"))
        lines.append(row(f"read {args.mb:g} MB {label}, hash checked", r, "< 1 s"))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
