"""Bounded resources: a forged 2 GB file and an in-limits decompression bomb, measured in a subprocess.

Each import or inspection runs as ``borderdesk …`` in a child process; its peak
resident memory is read with ``resource.getrusage(RUSAGE_CHILDREN)`` in a
wrapper process of its own, so nothing else this test run did is counted.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import random
import subprocess
import sys
import zipfile

import pytest
from test_sync_authority import col, lines_at, province  # noqa: F401  (fixture)

from borderdesk.store.migrations import schema_version
from borderdesk.store.models import DB
from borderdesk.sync import bundle, proofs, sites
from borderdesk.sync.tables import BY_NAME

LIMIT_MB = 400
_MEASURE = r"""
import resource, subprocess, sys, json
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
print(json.dumps({"rc": proc.returncode, "out": proc.stdout, "err": proc.stderr, "peak_mb": peak}))
"""


def run_measured(db, *args) -> dict:
    cmd = [sys.executable, "-c", _MEASURE, sys.executable, "-m", "borderdesk", "--db", str(db), *args]
    env = {**os.environ, "BORDERDESK_LANG": "en"}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    return json.loads(out.stdout)


def forged_big_file(site, path, size: int) -> None:
    """A real header (source, destination, keys) followed by zeros: sparse, nothing written to disk."""
    good = site.export_to(site_peer(site))
    data = good.read_bytes()
    (n,) = __import__("struct").unpack(">I", data[len(bundle.MAGIC):len(bundle.MAGIC) + 4])
    with open(path, "wb") as fh:
        fh.write(data[: len(bundle.MAGIC) + 4 + n])
        fh.truncate(size)


def site_peer(site):
    return _DEST[site.code]


_DEST: dict = {}


@pytest.mark.parametrize("size", [2 * 1024**3, bundle.MAX_FILE - 1024])
def test_a_forged_big_file_is_refused_in_one_line_within_memory(province, tmp_path, size):
    hq, pa, _pb, _call = province
    _DEST["PA"] = hq
    big = tmp_path / "big.bdsync"
    forged_big_file(pa, big, size)
    DB.close()
    for args in (("bundle", "import", str(big)), ("bundle", "inspect", str(big))):
        got = run_measured(hq.path, *args)
        assert got["rc"] == 1, got
        text = got["err"] if args[1] == "import" else got["out"] + got["err"]
        assert "Traceback" not in text
        if args[1] == "import":
            assert got["err"].count("\n") == 1
            assert ("more than a bundle can be" in text) if size > bundle.MAX_FILE else ("does not decrypt" in text)
        assert got["peak_mb"] < LIMIT_MB, (args, got["peak_mb"])
        print(args[1], size, "peak MB", round(got["peak_mb"]))


def _bomb_zip(pa, unpacked: int) -> tuple[bytes, int]:
    """PA's own call, line after line with a little noise, until the rows unpack to *unpacked* bytes."""
    [row] = [r for r in lines_at(pa, "hotline_call", "LC") if r[col("hotline_call", "site")] == "PA"]
    spec = BY_NAME["hotline_call"]
    rnd = random.Random(7)

    def lines():
        made = 0
        while made < unpacked:
            row[col("hotline_call", "notes")] = "ghi chú " * 40 + "%08x" % rnd.getrandbits(32)
            line = (proofs.line_of(row) + "\n").encode()
            made += len(line)
            yield line

    digest, size, count = hashlib.sha256(), 0, 0
    for line in lines():
        digest.update(line)
        size += len(line)
        count += 1
    manifest = {"format_version": 1, "schema_version": schema_version(), "source": "PA", "source_kind": "post",
                "destination": "LC", "bundle_no": 70, "since_seq": 0, "upto_seq": count + 10,
                "full": True, "ack": {"upto": 0}, "counts": {"hotline_call": count},
                "tables": {"hotline_call": {"columns": list(spec.columns), "children": None}},
                "files": {"rows/hotline_call.jsonl": {"sha256": digest.hexdigest(), "size": size}}}
    rnd.seed(7)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        with zf.open("rows/hotline_call.jsonl", "w", force_zip64=True) as member:
            for line in lines():
                member.write(line)
    return buf.getvalue(), size


def test_an_in_limits_decompression_bomb_is_read_within_memory(province, tmp_path):
    hq, pa, _pb, _call = province
    zip_bytes, unpacked = _bomb_zip(pa, 450 * 1024**2)
    pa.use()
    path = tmp_path / "bomb.bdsync"
    path.write_bytes(bundle.seal(zip_bytes, source="PA", destination=sites.get_peer("LC")))
    assert unpacked > LIMIT_MB * 1024**2 and path.stat().st_size < bundle.MAX_FILE
    DB.close()
    for args in (("bundle", "inspect", str(path)), ("bundle", "import", str(path))):
        got = run_measured(hq.path, *args)
        assert "Traceback" not in got["out"] + got["err"]
        assert got["rc"] == 0, got
        assert got["peak_mb"] < LIMIT_MB, (args, got["peak_mb"])
        print(args[1], "bomb of", unpacked // 1024**2, "MiB from", path.stat().st_size // 1024**2, "MB: peak MB",
              round(got["peak_mb"]))
