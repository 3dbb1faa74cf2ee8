"""This site's key pairs, and the cryptography of a bundle.

Two pairs per site: Ed25519 to sign what it sends, X25519 to receive what is
sent to it. A bundle is encrypted with a fresh X25519 key agreed with the
destination's public key (ECDH), stretched by HKDF-SHA256 into an AES-256-GCM
key; only the destination's private key opens it, and GCM refuses any byte
changed on the way. Private keys are kept in the database (``sync_key``):
whoever can read the file can act as this site, as with the records themselves.
"""
from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from borderdesk.store.models import DB

_RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)
_RAW_PRIVATE = dict(
    encoding=serialization.Encoding.Raw,
    format=serialization.PrivateFormat.Raw,
    encryption_algorithm=serialization.NoEncryption(),
)
_HKDF_INFO = b"borderdesk bundle v1"


def fingerprint(sign_public: bytes, encrypt_public: bytes, code: str, kind: str) -> str:
    """Twenty hex digits in groups of four, short enough to read out over the phone.

    It covers the site's code and kind as well as both keys: a site that re-signs its
    identity as headquarters, or under another code, reads out another fingerprint.
    """
    body = b"borderdesk-site-v2\n" + code.encode("utf-8") + b"\n" + kind.encode("utf-8") + b"\n"
    digest = hashlib.sha256(body + sign_public + encrypt_public).hexdigest()[:20]
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def ensure_site_keys() -> bool:
    """Make this site's two key pairs if it has none yet. Returns True when made now."""
    have = {r[0] for r in DB.execute_sql("SELECT purpose FROM sync_key").fetchall()}
    made = False
    with DB.atomic():
        if "sign" not in have:
            k = Ed25519PrivateKey.generate()
            _store("sign", k.private_bytes(**_RAW_PRIVATE), k.public_key().public_bytes(**_RAW))
            made = True
        if "encrypt" not in have:
            x = X25519PrivateKey.generate()
            _store("encrypt", x.private_bytes(**_RAW_PRIVATE), x.public_key().public_bytes(**_RAW))
            made = True
    return made


def _store(purpose: str, private: bytes, public: bytes) -> None:
    DB.execute_sql(
        "INSERT INTO sync_key (purpose, private_key, public_key) VALUES (?, ?, ?)", (purpose, private, public)
    )


def _load(purpose: str) -> tuple[bytes, bytes]:
    ensure_site_keys()
    row = DB.execute_sql("SELECT private_key, public_key FROM sync_key WHERE purpose = ?", (purpose,)).fetchone()
    return bytes(row[0]), bytes(row[1])


def public_keys() -> tuple[bytes, bytes]:
    """(signing public key, encryption public key) of this site."""
    return _load("sign")[1], _load("encrypt")[1]


def my_fingerprint() -> str:
    from borderdesk.services import session

    return fingerprint(*public_keys(), session.site_code(), session.site_kind())


def sign(data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(_load("sign")[0]).sign(data)


def verify(sign_public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        guarded(Ed25519PublicKey.from_public_bytes(sign_public).verify, signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


def _derive(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public, info=_HKDF_INFO
    ).derive(shared)


def encrypt_to(recipient_public: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes, bytes]:
    """Encrypt for the holder of *recipient_public*. Returns (ephemeral public key, nonce, ciphertext)."""
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(**_RAW)
    key = _derive(eph.exchange(X25519PublicKey.from_public_bytes(recipient_public)), eph_public, recipient_public)
    nonce = os.urandom(12)
    return eph_public, nonce, AESGCM(key).encrypt(nonce, plaintext, aad)


def decryptor_for_me(ephemeral_public: bytes, nonce: bytes, aad: bytes):
    """An AES-GCM decryptor for a bundle sent to this site, fed in pieces (None: the key cannot be agreed).

    Nothing it returns may be used before :func:`finish` has checked the tag.
    """
    private, public = _load("encrypt")
    try:
        shared = X25519PrivateKey.from_private_bytes(private).exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        dec = Cipher(algorithms.AES(_derive(shared, ephemeral_public, public)), modes.GCM(nonce)).decryptor()
        dec.authenticate_additional_data(aad)
        return dec
    except ValueError:
        return None


def finish(decryptor, tag: bytes) -> bool:
    """Check the tag: True when every byte decrypted is authentic."""
    try:
        guarded(decryptor.finalize_with_tag, tag)
        return True
    except (InvalidTag, ValueError):
        return False


def guarded(fn, *args):
    """Call into the crypto library, turning its Rust panics (not ``Exception``s) into a ``ValueError``."""
    try:
        return fn(*args)
    except BaseException as exc:  # noqa: BLE001 - only a PanicException is caught, anything else goes on
        if type(exc).__name__ != "PanicException":
            raise
        raise ValueError(f"the crypto library failed: {exc}") from None


def decrypt_for_me(ephemeral_public: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes | None:
    """Open a bundle sent to this site; None when it is not ours or was altered."""
    private, public = _load("encrypt")
    try:
        shared = X25519PrivateKey.from_private_bytes(private).exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        return AESGCM(_derive(shared, ephemeral_public, public)).decrypt(nonce, ciphertext, aad)
    except (InvalidTag, ValueError):
        return None
