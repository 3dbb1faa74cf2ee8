"""Sites that know each other: identity files, enrolment, and what each peer has had from us.

An identity file holds a site's code, names, kind and public keys, signed by
its own signing key (so a damaged file is noticed). Enrolling it trusts those
keys: compare the fingerprint with the other site by phone before you do.
"""
from __future__ import annotations

import base64
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import audit_text, session
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
        "fingerprint": keys.fingerprint(sign_pub, enc_pub, code, session.site_kind()),
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
    if not valid_code(code):
        raise BorderDeskError(_("the identity file {path} names site code {code}, which is not a valid code "
                                "(Latin letters, digits, '-' and '_', at most 32)").format(
            path=path, code=printable(code[:40])))
    if not keys.verify(sign_pub, signature, _canonical(ident)):
        raise BorderDeskError(_("the identity file {path} is damaged or was altered").format(path=path))
    kind = ident.get("kind")
    if kind not in ("post", "headquarters"):
        raise BorderDeskError(bad)
    names = [str(ident.get(k, ""))[:200] for k in ("name_vi", "name_zh", "province")]
    return Peer(code, names[0], names[1], kind, names[2], sign_pub, enc_pub,
                keys.fingerprint(sign_pub, enc_pub, code, kind))


def enrol(peer: Peer, *, replace: bool = False) -> Peer:
    """Trust *peer*'s keys from now on. Enrolling the same identity again changes nothing.

    Without *replace*, refuses other keys for a code already enrolled, and the same keys
    enrolled under another code or with another kind (a post re-signing itself as
    headquarters). Every enrolment and every replacement is an audit entry.
    """
    from borderdesk.sync import require

    require("keys")
    if not valid_code(peer.code):
        raise BorderDeskError(_("{code} is not a valid site code (Latin letters, digits, '-' and '_', at most 32)")
                              .format(code=printable(peer.code[:40])))
    if peer.code == session.site_code():
        raise BorderDeskError(_("this is this site's own identity file ({code})").format(code=peer.code))
    old = get_peer(peer.code)
    same_keys = [p for p in list_peers() if p.sign_public == peer.sign_public or p.encrypt_public == peer.encrypt_public]
    if not replace:
        if old and (old.sign_public, old.encrypt_public) != (peer.sign_public, peer.encrypt_public):
            raise BorderDeskError(
                _("site {code} is already enrolled with other keys (fingerprint {fp}); "
                  "check by phone, then enrol again with --replace").format(code=peer.code, fp=old.fingerprint))
        for other in same_keys:
            if other.code != peer.code:
                raise BorderDeskError(
                    _("these keys are already enrolled as site {old}, not {new}: check by phone, then enrol again "
                      "with --replace").format(old=other.code, new=peer.code))
        if old and old.kind != peer.kind:
            raise BorderDeskError(
                _("site {code} is enrolled as {old}, and this file says {new}: check by phone, then enrol again "
                  "with --replace").format(code=peer.code, old=old.kind, new=peer.kind))
    if old == peer:
        return peer
    with DB.atomic():
        DB.execute_sql(
            "INSERT OR REPLACE INTO sync_peer (code, name_vi, name_zh, kind, province, sign_public, "
            "encrypt_public, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (peer.code, peer.name_vi, peer.name_zh, peer.kind, peer.province, peer.sign_public,
             peer.encrypt_public, peer.fingerprint),
        )
        DB.execute_sql("INSERT OR IGNORE INTO sync_state (peer) VALUES (?)", (peer.code,))
        from borderdesk.services import events

        def summary(p: Peer | None) -> dict | None:
            return None if p is None else {"code": p.code, "kind": p.kind, "name_vi": p.name_vi,
                                           "fingerprint": p.fingerprint}

        replaced = old is not None and old.fingerprint != peer.fingerprint
        action = "site_replace" if replaced else "site_enrol"
        detail = (audit_text.SITE_REPLACED.compose(code=peer.code, old=old.fingerprint, new=peer.fingerprint)
                  if replaced else audit_text.SITE_ENROLLED.compose(code=peer.code, fp=peer.fingerprint))
        events.emit(events.Change(action, "site", None, summary(old), summary(peer), detail))
    return peer


#: a site code: the rule ``init`` applies (borderdesk/services/registry.py)
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def valid_code(code: str) -> bool:
    return bool(_CODE.match(code or ""))


def printable(text: str) -> str:
    """*text* with control, format and bidirectional-override characters shown as escapes."""
    out = []
    for ch in str(text):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


def _peer(row) -> Peer:
    sign, enc = bytes(row[5]), bytes(row[6])
    return Peer(row[0], row[1], row[2], row[3], row[4], sign, enc, keys.fingerprint(sign, enc, row[0], row[3]))


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
