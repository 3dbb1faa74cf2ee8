"""The worker of the attachment kill test: attaches large files in a loop until it is killed.

Run as ``attachment_kill_child.py DB RECORD_ID FOLDER SEED``. After each attach's
commit returns it prints ``attached UUID SHA256`` (one write, flushed): what is
now durable. Each file is a fresh 8-20 MB PDF-like content, so every attach
writes new pieces (nothing is deduplicated away).
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from borderdesk.services import attachments, session
from borderdesk.store.connection import init_db


def main(path: str, record: str, folder: str, seed: int) -> None:
    init_db(path)
    session.open_session()
    rnd = random.Random(seed)
    os.write(1, b"ready\n")
    i = 0
    while True:
        i += 1
        body = rnd.randbytes(rnd.randint(8, 20) * 1024 * 1024)
        f = Path(folder) / f"scan-{seed}-{i}.pdf"
        f.write_bytes(b"%PDF-1.4\n" + body + b"\n%%EOF\n")
        att = attachments.attach_file(record, f, title=f"scan {seed}-{i}")
        os.write(1, f"attached {att.uuid} {att.sha256}\n".encode())
        f.unlink()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
