"""Sites that know each other: identity files, enrolment, and what each peer has had from us.

An identity file holds a site's code, names, kind and public keys, signed by
its own signing key (so a damaged file is noticed). Enrolling it trusts those
keys: compare the fingerprint with the other site by phone before you do.
"""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import session
from borderdesk.store.models import DB, Post
from borderdesk.sync import keys

IDENTITY_FORMAT = "borderdesk-site"


@dataclass(frozen=True)
class Peer:
    code: str
    name_vi: str
    name_zh: str
    kind: str
    province: str
    sign_public: bytes
    encrypt_public: bytes
    fingerprint: str


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s) -> bytes:
    return base64.b64decode(str(s).encode("ascii"), validate=True)


def my_identity() -> dict:
    """This site's identity: what ``site key`` writes."""
    code = session.site_code()
    post = Post.get_or_none(Post.code == code)
    sign_pub, enc_pub = keys.public_keys()
    return {
        "format": IDENTITY_FORMAT,
        "version": 1,
        "code": code,
        "name_vi": post.name_vi if post else session.get_setting("site_name_vi", "") or "",
        "name_zh": post.name_zh if post else session.get_setting("site_name_zh", "") or "",
        "kind": session.site_kind(),
        "province": post.province if post else "",
        "sign_public": _b64(sign_pub),
        "encrypt_public": _b64(enc_pub),
        "fingerprint": keys.fingerprint(sign_pub, enc_pub),
    }


def _canonical(ident: dict) -> bytes:
    body = {k: v for k, v in ident.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_identity(path: str | os.PathLike) -> dict:
    ident = my_identity()
    ident["signature"] = _b64(keys.sign(_canonical(ident)))
    write_atomically(Path(path), json.dumps(ident, ensure_ascii=False, indent=2).encode("utf-8"))
    return ident


def write_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename: never a half-written file under the final name."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    try:  # make the rename itself durable (not possible on every platform)
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def read_identity(path: str | os.PathLike) -> Peer:
    """Parse and check an identity file; raises a clear error if it is not one."""
    bad = _("{path} is not a BorderDesk site identity file").format(path=path)
    try:
        raw = Path(path).read_bytes()
        if len(raw) > 1_000_000:
            raise BorderDeskError(bad)
        ident = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BorderDeskError(bad) from None
    if not isinstance(ident, dict) or ident.get("format") != IDENTITY_FORMAT:
        raise BorderDeskError(bad)
    try:
        sign_pub, enc_pub = _unb64(ident["sign_public"]), _unb64(ident["encrypt_public"])
        signature = _unb64(ident["signature"])
        code = str(ident["code"]).strip()
    except (KeyError, ValueError):
        raise BorderDeskError(bad) from None
    if len(sign_pub) != 32 or len(enc_pub) != 32 or not code:
        raise BorderDeskError(bad)
    if not keys.verify(sign_pub, signature, _canonical(ident)):
        raise BorderDeskError(_("the identity file {path} is damaged or was altered").format(path=path))
    kind = ident.get("kind") if ident.get("kind") in ("post", "headquarters") else "post"
    return Peer(code, str(ident.get("name_vi", "")), str(ident.get("name_zh", "")), kind,
                str(ident.get("province", "")), sign_pub, enc_pub, keys.fingerprint(sign_pub, enc_pub))


def enrol(peer: Peer, *, replace: bool = False) -> Peer:
    """Trust *peer*'s keys from now on. Enrolling the same keys again changes nothing."""
    from borderdesk.sync import require

    require("keys")
    if peer.code == session.site_code():
        raise BorderDeskError(_("this is this site's own identity file ({code})").format(code=peer.code))
    old = get_peer(peer.code)
    if old and (old.sign_public, old.encrypt_public) != (peer.sign_public, peer.encrypt_public) and not replace:
        raise BorderDeskError(
            _("site {code} is already enrolled with other keys (fingerprint {fp}); "
              "check by phone, then enrol again with --replace").format(code=peer.code, fp=old.fingerprint)
        )
    with DB.atomic():
        DB.execute_sql(
            "INSERT OR REPLACE INTO sync_peer (code, name_vi, name_zh, kind, province, sign_public, "
            "encrypt_public, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (peer.code, peer.name_vi, peer.name_zh, peer.kind, peer.province, peer.sign_public,
             peer.encrypt_public, peer.fingerprint),
        )
        DB.execute_sql("INSERT OR IGNORE INTO sync_state (peer) VALUES (?)", (peer.code,))
    return peer


def _peer(row) -> Peer:
    return Peer(row[0], row[1], row[2], row[3], row[4], bytes(row[5]), bytes(row[6]), row[7])


_COLS = "code, name_vi, name_zh, kind, province, sign_public, encrypt_public, fingerprint"


def get_peer(code: str) -> Peer | None:
    row = DB.execute_sql(f"SELECT {_COLS} FROM sync_peer WHERE code = ?", (code,)).fetchone()
    return _peer(row) if row else None


def list_peers() -> list[Peer]:
    return [_peer(r) for r in DB.execute_sql(f"SELECT {_COLS} FROM sync_peer ORDER BY code").fetchall()]


# --- what we know about each peer ------------------------------------------------


def received_coverage(peer: str) -> list[tuple[int, int]]:
    """The peer's sequence ranges we hold, merged: [(since, upto], …] in order."""
    spans = sorted(DB.execute_sql(
        "SELECT since_seq, upto_seq FROM sync_received WHERE peer = ? ORDER BY since_seq", (peer,)
    ).fetchall())
    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def ack_for(peer: str) -> int:
    """Everything of *peer*'s up to this sequence number has reached us (what we acknowledge)."""
    cov = received_coverage(peer)
    return cov[0][1] if cov and cov[0][0] == 0 else 0


@dataclass
class PeerStatus:
    peer: Peer
    bundles_sent: int
    sent_upto: int
    acked_upto: int
    last_bundle_no: int | None
    last_received_at: str | None
    their_seq: int  # highest sequence of theirs we hold
    missing_bundles: list[int]  # bundle numbers never received
    holes: list[tuple[int, int]]  # ranges of their sequence we do not hold
    open_conflicts: int


def status(peer: Peer) -> PeerStatus:
    st = DB.execute_sql(
        "SELECT bundles_sent, sent_upto, acked_upto FROM sync_state WHERE peer = ?", (peer.code,)
    ).fetchone() or (0, 0, 0)
    nos = [r[0] for r in DB.execute_sql(
        "SELECT DISTINCT bundle_no FROM sync_received WHERE peer = ? ORDER BY bundle_no", (peer.code,))]
    last = DB.execute_sql(
        "SELECT bundle_no, received_at FROM sync_received WHERE peer = ? ORDER BY bundle_no DESC, received_at DESC "
        "LIMIT 1", (peer.code,)).fetchone()  # the newest bundle, even when an older one arrived after it
    cov = received_coverage(peer.code)
    holes, pos = [], 0
    for lo, hi in cov:
        if lo > pos:
            holes.append((pos, lo))
        pos = max(pos, hi)
    missing = sorted(set(range(1, max(nos) + 1)) - set(nos)) if nos else []
    conflicts = DB.execute_sql(
        "SELECT count(*) FROM sync_conflict WHERE status = 'open' AND source = ?", (peer.code,)).fetchone()[0]
    return PeerStatus(peer, st[0], st[1], st[2], last[0] if last else None, last[1] if last else None,
                      pos, missing, holes, conflicts)
