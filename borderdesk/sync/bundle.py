"""The bundle file: what is on the stick, and every check made before trusting it.

Layout (one file)::

    BORDERDESK-BUNDLE\\n            magic, 18 bytes
    length (4 bytes, big-endian)    of the header
    header (JSON, UTF-8)            format, source, destination, ephemeral key, nonce, created
    ciphertext                      AES-256-GCM, the header as associated data

The plaintext is a 64-byte Ed25519 signature followed by a zip archive. The
signature covers the whole zip; the zip holds ``manifest.json`` (format and
schema versions, source, destination, bundle number, the range of the
source's sequence numbers covered, the acknowledgement, counts and the
SHA-256 of every other file) and ``rows/<table>.jsonl`` (one JSON object a
line, children inside their parent). See docs/sync.md.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import session
from borderdesk.sync import keys, sites

MAGIC = b"BORDERDESK-BUNDLE\n"
FORMAT_VERSION = 1
_SIGN_CONTEXT = b"borderdesk-bundle-v1\n"
_SIG_LEN = 64
MAX_HEADER = 64 * 1024
#: A decompressed bundle larger than this, or a member inflating more than
#: MAX_RATIO times beyond 16 MiB, is treated as a decompression bomb.
MAX_UNPACKED = 2 * 1024**3
MAX_RATIO = 200
_RATIO_FLOOR = 16 * 1024**2
_NAME = re.compile(r"^(manifest\.json|proofs\.jsonl|rows/[a-z_]{1,40}\.jsonl|audit/[A-Za-z0-9_-]{1,60}\.jsonl"
                   r"|blobs/[0-9a-f]{64})$")  # blobs: attachments' bytes, named by their SHA-256


class BundleRefused(BorderDeskError):
    """The bundle cannot be trusted or used; the message says why, in one line."""


@dataclass
class OpenedBundle:
    path: Path
    header: dict
    manifest: dict
    #: the small files, whole (manifest, proofs, audit); row files are read by :meth:`iter_lines`
    files: dict[str, bytes] = field(default_factory=dict)
    digest: str = ""  # SHA-256 of the whole file: the same bundle carried twice has the same digest
    line_counts: dict[str, int] = field(default_factory=dict)  # row file -> lines
    _zip: zipfile.ZipFile | None = None

    @property
    def source(self) -> str:
        return self.manifest["source"]

    def iter_lines(self, name: str, batch: int):
        """The lines of a row file, *batch* at a time, decompressed as they are read (already verified)."""
        if self._zip is None or name not in self.line_counts:
            return
        out = []
        with self._zip.open(name) as member:
            while True:
                line = member.readline(MAX_LINE + 1)
                if not line:
                    break
                if len(line) > MAX_LINE:
                    raise BundleRefused(_("the bundle's file {name} holds a row longer than {n} MB").format(
                        name=name, n=MAX_LINE // 1024**2))
                if line.strip():
                    out.append(line)
                if len(out) >= batch:
                    yield out
                    out = []
        if out:
            yield out


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def build_zip(manifest: dict, files: dict[str, bytes]) -> bytes:
    """The signed content: manifest (with the hash of every file) plus the files."""
    manifest = dict(manifest)
    manifest["files"] = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in files.items()
    }
    buf = io.BytesIO()
    # Level 1: rows compress about 5x at a fraction of the default level's time.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1))
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def seal(zip_bytes: bytes, *, source: str, destination: sites.Peer) -> bytes:
    """Sign *zip_bytes* with this site's key and encrypt the lot to *destination*."""
    signature = keys.sign(_SIGN_CONTEXT + zip_bytes)
    header = {
        "format": FORMAT_VERSION,
        "source": source,
        "destination": destination.code,
        "created": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return _encrypt(destination.encrypt_public, signature + zip_bytes, header)


def _encrypt(recipient_public: bytes, plaintext: bytes, header: dict) -> bytes:
    # The associated data is the magic and the header without the ephemeral key
    # and nonce (they are chosen by the encryption itself); the ephemeral key is
    # bound by the key derivation (HKDF salt) and a wrong nonce fails the tag.
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    eph_public, nonce, ct = keys.encrypt_to(recipient_public, plaintext, MAGIC + head)
    full = dict(header, ephemeral=_b64(eph_public), nonce=_b64(nonce))
    full_bytes = json.dumps(full, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return MAGIC + struct.pack(">I", len(full_bytes)) + full_bytes + ct


def write_bundle(path: str | os.PathLike, manifest: dict, files: dict[str, bytes], destination: sites.Peer) -> int:
    """Write a sealed bundle atomically. Returns its size in bytes."""
    data = seal(build_zip(manifest, files), source=manifest["source"], destination=destination)
    sites.write_atomically(Path(path), data)
    return len(data)


# --- reading ----------------------------------------------------------------------
#
# A bundle is read as a stream: its size is checked from the file system before a
# byte is read, the ciphertext is decrypted and hashed 1 MiB at a time into one
# buffer of exactly its size (the only copy of the content), the signature is
# checked on that buffer, and each file of the archive is then decompressed in
# pieces: row files are hashed and counted without being kept, and read again
# line by line, a chunk of rows at a time, by the importer.

#: a bundle file larger than this is refused before it is read (a million records make about 110 MB)
MAX_FILE = 256 * 1024**2
#: manifest, proofs and audit files are kept whole: each at most this when unpacked
MAX_SMALL = 64 * 1024**2
#: one row of a table, children included
MAX_LINE = 4 * 1024**2
_CHUNK = 1024**2
_TAG = 16


def read_header(data: bytes, path) -> tuple[dict, bytes, int]:
    """(header, associated data, where the ciphertext starts) from the first bytes of a file."""
    if not data.startswith(MAGIC):
        raise BundleRefused(_("{path} is not a BorderDesk bundle").format(path=path))
    if len(data) < len(MAGIC) + 4:
        raise BundleRefused(_("the bundle {path} is truncated").format(path=path))
    (n,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if n > MAX_HEADER or start + n > len(data):
        raise BundleRefused(_("the bundle {path} is damaged or truncated").format(path=path))
    try:
        header = json.loads(data[start : start + n].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError
        eph = base64.b64decode(header["ephemeral"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        if not isinstance(header["source"], str) or not isinstance(header["destination"], str):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BundleRefused(_("the bundle {path} is damaged (its header cannot be read)").format(path=path)) from None
    if header.get("format") != FORMAT_VERSION:
        raise BundleRefused(
            _("the bundle {path} has format {found}, this BorderDesk reads format {known}: update BorderDesk").format(
                path=path, found=str(header.get("format"))[:20], known=FORMAT_VERSION))
    bare = {k: v for k, v in header.items() if k not in ("ephemeral", "nonce")}
    aad = MAGIC + json.dumps(bare, sort_keys=True, separators=(",", ":")).encode("utf-8")
    header["_eph"], header["_nonce"] = eph, nonce
    return header, aad, start + n


def _sized(path: Path, limit: bool = True) -> int:
    """The file's size, refusing what is not a file or is too big, before reading anything."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise BundleRefused(_("{path} does not exist").format(path=path)) from None
    if not stat.S_ISREG(st.st_mode):
        raise BundleRefused(_("{path} is not a BorderDesk bundle").format(path=path))
    if limit and st.st_size > MAX_FILE:
        raise BundleRefused(_("{path} is {size} MB, more than a bundle can be ({limit} MB): it is not read").format(
            path=path, size=st.st_size // 1024**2, limit=MAX_FILE // 1024**2))
    return st.st_size


def peek_header(path: str | os.PathLike) -> tuple[dict, int]:
    """The envelope of a bundle (what ``inspect`` shows of any bundle) and the file's size."""
    path = Path(path)
    size = _sized(path, limit=False)  # only the first 64 KiB are read
    with open(path, "rb") as fh:
        head = fh.read(len(MAGIC) + 4 + MAX_HEADER)
    return read_header(head, path)[0], size


class _Memory(io.RawIOBase):
    """A read-only, seekable file over a memoryview (zipfile reads the archive in place, no copy)."""

    def __init__(self, view: memoryview):
        self._view, self._pos = view, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, b) -> int:
        n = max(0, min(len(b), len(self._view) - self._pos))
        b[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n


def open_bundle(path: str | os.PathLike) -> OpenedBundle:
    """Read, decrypt and verify a bundle addressed to this site. Refuses with one clear message."""
    from borderdesk.store.migrations import schema_version

    path = Path(path)
    size = _sized(path)
    whole = hashlib.sha256()
    with open(path, "rb") as fh:
        head = fh.read(len(MAGIC) + 4 + MAX_HEADER)
        header, aad, start = read_header(head, path)
        me = session.site_code()
        if header["destination"] != me:
            raise BundleRefused(_("the bundle is addressed to site {dest}, not to this site ({me})").format(
                dest=header["destination"][:40], me=me))
        peer = sites.get_peer(header["source"])
        if peer is None:
            raise BundleRefused(_("the bundle comes from site {code}, which is not enrolled here: "
                                  "enrol it first ('site add')").format(code=header["source"][:40]))
        damaged = _("the bundle {path} is damaged, truncated or was altered (it does not decrypt)").format(path=path)
        body = size - start - _TAG  # ciphertext without its tag
        decryptor = keys.decryptor_for_me(header["_eph"], header["_nonce"], aad)
        if body < _SIG_LEN or decryptor is None:
            raise BundleRefused(damaged)
        whole.update(head[:start])
        fh.seek(start)
        signature = bytearray()
        buf = bytearray(len(_SIGN_CONTEXT) + body - _SIG_LEN)  # the context, then the archive: what is signed
        buf[: len(_SIGN_CONTEXT)] = _SIGN_CONTEXT
        pos, left = len(_SIGN_CONTEXT), body
        while left:
            chunk = fh.read(min(_CHUNK, left))
            if not chunk:
                raise BundleRefused(damaged)
            left -= len(chunk)
            whole.update(chunk)
            try:
                plain = keys.guarded(decryptor.update, chunk)
            except ValueError:
                raise BundleRefused(damaged) from None
            if len(signature) < _SIG_LEN:
                need = _SIG_LEN - len(signature)
                signature += plain[:need]
                plain = plain[need:]
            buf[pos : pos + len(plain)] = plain
            pos += len(plain)
        tag = fh.read(_TAG)
        whole.update(tag)
        if len(tag) != _TAG or fh.read(1) or not keys.finish(decryptor, tag):
            raise BundleRefused(damaged)
    if not keys.verify(peer.sign_public, bytes(signature), buf):
        raise BundleRefused(_("the bundle is not signed by the key enrolled for site {code}").format(
            code=peer.code))
    opened = _unpack(memoryview(buf)[len(_SIGN_CONTEXT):])
    opened.path, opened.header, opened.digest = path, header, whole.hexdigest()
    manifest = opened.manifest
    for key in ("source", "destination", "schema_version", "bundle_no", "since_seq", "upto_seq"):
        if key not in manifest:
            raise BundleRefused(_("the bundle's manifest lacks '{key}'").format(key=key))
    if manifest["source"] != peer.code or manifest["destination"] != me:
        raise BundleRefused(_("the bundle's manifest does not match its envelope (source or destination)"))
    try:
        newer = int(manifest["schema_version"]) > schema_version()
    except (TypeError, ValueError):
        raise BundleRefused(_("the bundle's manifest cannot be read")) from None
    if newer:
        raise BundleRefused(
            _("the bundle was made by a newer BorderDesk (schema {theirs}, this one knows {ours}): "
              "update BorderDesk first").format(theirs=manifest["schema_version"], ours=schema_version()))
    return opened


def unpack(zip_bytes: bytes) -> tuple[dict, dict[str, bytes]]:
    """The manifest and every file of a (verified) zip, whole (small archives: tests and tools)."""
    opened = _unpack(memoryview(zip_bytes))
    files = dict(opened.files)
    for name in opened.line_counts:
        files[name] = b"".join(line for batch in opened.iter_lines(name, 10_000) for line in batch)
    return opened.manifest, files


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A small member, read in pieces and refused as a bomb past :data:`MAX_SMALL`."""
    out, size = [], 0
    try:
        with zf.open(info) as member:
            while piece := member.read(_CHUNK):
                size += len(piece)
                if size > MAX_SMALL:
                    raise BundleRefused(_("the bundle would unpack to an unreasonable size (a decompression bomb)"))
                out.append(piece)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        raise BundleRefused(_("the bundle's file {name} is damaged").format(name=info.filename)) from None
    return b"".join(out)


def _unpack(view: memoryview) -> OpenedBundle:
    """Check a verified archive member by member, in pieces: names, sizes, hashes, bombs."""
    try:
        zf = zipfile.ZipFile(_Memory(view))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise BundleRefused(_("the bundle's content is not a valid archive")) from None
    bomb = _("the bundle would unpack to an unreasonable size (a decompression bomb)")
    names = set()
    declared = 0
    for info in infos:
        if not _NAME.match(info.filename) or info.filename in names:
            raise BundleRefused(
                _("the bundle holds a file with an unsafe or unexpected name: {name}").format(name=info.filename[:80]))
        names.add(info.filename)
        declared += info.file_size
        if declared > MAX_UNPACKED or (
            info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise BundleRefused(bomb)
    if "manifest.json" not in names:
        raise BundleRefused(_("the bundle has no manifest"))
    try:
        manifest = json.loads(_read_small(zf, zf.getinfo("manifest.json")).decode("utf-8"))
        listed = manifest["files"]
        if not isinstance(listed, dict) or not all(isinstance(m, dict) for m in listed.values()):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BundleRefused(_("the bundle's manifest cannot be read")) from None
    if set(listed) != names - {"manifest.json"}:
        raise BundleRefused(_("the bundle's files do not match its manifest"))
    opened = OpenedBundle(Path(), {}, manifest)
    opened._zip = zf
    total = 0
    for name, meta in listed.items():
        info = zf.getinfo(name)
        digest, size, lines, small = hashlib.sha256(), 0, 0, []
        keep = not name.startswith("rows/")
        last = b"\n"
        try:
            with zf.open(info) as member:
                while True:
                    piece = member.read(_CHUNK)
                    if not piece:
                        break
                    size += len(piece)
                    total += len(piece)
                    if total > MAX_UNPACKED or (keep and size > MAX_SMALL):
                        raise BundleRefused(bomb)
                    digest.update(piece)
                    lines += piece.count(b"\n")
                    last = piece[-1:]
                    if keep:
                        small.append(piece)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            raise BundleRefused(_("the bundle's file {name} is damaged").format(name=name)) from None
        if digest.hexdigest() != meta.get("sha256"):
            raise BundleRefused(_("the bundle's file {name} does not match its hash").format(name=name))
        if keep:
            opened.files[name] = b"".join(small)
        else:
            opened.line_counts[name] = lines + (0 if last == b"\n" else 1)
    return opened
