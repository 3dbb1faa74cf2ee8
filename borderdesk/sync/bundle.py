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
import struct
import zipfile
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
    files: dict[str, bytes] = field(default_factory=dict)
    digest: str = ""  # SHA-256 of the whole file: the same bundle carried twice has the same digest

    @property
    def source(self) -> str:
        return self.manifest["source"]


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


def read_header(data: bytes, path) -> tuple[dict, bytes, bytes]:
    """(header, associated data, ciphertext); refuses what is not a bundle at all."""
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
        str(header["source"]), str(header["destination"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BundleRefused(_("the bundle {path} is damaged (its header cannot be read)").format(path=path)) from None
    if header.get("format") != FORMAT_VERSION:
        raise BundleRefused(
            _("the bundle {path} has format {found}, this BorderDesk reads format {known}: update BorderDesk").format(
                path=path, found=header.get("format"), known=FORMAT_VERSION))
    bare = {k: v for k, v in header.items() if k not in ("ephemeral", "nonce")}
    aad = MAGIC + json.dumps(bare, sort_keys=True, separators=(",", ":")).encode("utf-8")
    header["_eph"], header["_nonce"] = eph, nonce
    return header, aad, data[start + n :]


def open_bundle(path: str | os.PathLike) -> OpenedBundle:
    """Read, decrypt and verify a bundle addressed to this site. Refuses with one clear message."""
    from borderdesk.store.migrations import schema_version

    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise BundleRefused(_("{path} is not a BorderDesk bundle").format(path=path)) from None
    header, aad, ciphertext = read_header(data, path)
    me = session.site_code()
    if header["destination"] != me:
        raise BundleRefused(_("the bundle is addressed to site {dest}, not to this site ({me})").format(
            dest=header["destination"], me=me))
    peer = sites.get_peer(header["source"])
    if peer is None:
        raise BundleRefused(_("the bundle comes from site {code}, which is not enrolled here: "
                              "enrol it first ('site add')").format(code=header["source"]))
    plain = keys.decrypt_for_me(header["_eph"], header["_nonce"], ciphertext, aad)
    if plain is None:
        raise BundleRefused(_("the bundle {path} is damaged, truncated or was altered (it does not decrypt)").format(
            path=path))
    signature, zip_bytes = plain[:_SIG_LEN], plain[_SIG_LEN:]
    if not keys.verify(peer.sign_public, signature, _SIGN_CONTEXT + zip_bytes):
        raise BundleRefused(_("the bundle is not signed by the key enrolled for site {code}").format(
            code=peer.code))
    manifest, files = unpack(zip_bytes)
    for key in ("source", "destination", "schema_version", "bundle_no", "since_seq", "upto_seq"):
        if key not in manifest:
            raise BundleRefused(_("the bundle's manifest lacks '{key}'").format(key=key))
    if manifest["source"] != peer.code or manifest["destination"] != me:
        raise BundleRefused(_("the bundle's manifest does not match its envelope (source or destination)"))
    if int(manifest["schema_version"]) > schema_version():
        raise BundleRefused(
            _("the bundle was made by a newer BorderDesk (schema {theirs}, this one knows {ours}): "
              "update BorderDesk first").format(theirs=manifest["schema_version"], ours=schema_version()))
    return OpenedBundle(path, header, manifest, files, hashlib.sha256(data).hexdigest())


def unpack(zip_bytes: bytes) -> tuple[dict, dict[str, bytes]]:
    """The manifest and files of a (verified) zip, refusing unsafe archives."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(zip_bytes))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise BundleRefused(_("the bundle's content is not a valid archive")) from None
    names = set()
    total = 0
    for info in infos:
        if not _NAME.match(info.filename) or info.filename in names:
            raise BundleRefused(
                _("the bundle holds a file with an unsafe or unexpected name: {name}").format(name=info.filename[:80]))
        names.add(info.filename)
        total += info.file_size
        if total > MAX_UNPACKED or (
            info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise BundleRefused(_("the bundle would unpack to an unreasonable size (a decompression bomb)"))
    if "manifest.json" not in names:
        raise BundleRefused(_("the bundle has no manifest"))
    try:
        manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
        listed = manifest["files"]
        if not isinstance(listed, dict):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, zipfile.BadZipFile):
        raise BundleRefused(_("the bundle's manifest cannot be read")) from None
    if set(listed) != names - {"manifest.json"}:
        raise BundleRefused(_("the bundle's files do not match its manifest"))
    files = {}
    for name, meta in listed.items():
        try:
            data = zf.read(name)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise BundleRefused(_("the bundle's file {name} is damaged").format(name=name)) from None
        if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            raise BundleRefused(_("the bundle's file {name} does not match its hash").format(name=name))
        files[name] = data
    return manifest, files
