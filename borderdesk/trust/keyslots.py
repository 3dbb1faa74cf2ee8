"""Key slots: the database key wrapped once per account, in a small file beside the database.

An encrypted database (SQLCipher 4) is opened with a random 256-bit key that
nobody types. That key is derived from the **recovery key** (256 random bits
shown once at set-up as 24 groups of 4 digits, :func:`format_recovery`), and it
is *wrapped* once per account: the account's password goes through Argon2id
(a fresh salt per slot, the cost stored with the slot) into a key that seals
the database key with AES-256-GCM. The slots live in ``<database>.keys``
(JSON, written atomically), so:

- changing a password re-wraps one slot and never re-encrypts the database;
- removing an account removes its slot;
- the recovery key alone opens the database even when the key file is lost
  or damaged, and a new key file can then be written (``passphrase --recovery``).

A slot names its account only by a salted hash, so a lost laptop does not list
its officers' user names. The failure counters of a slot (five wrong passwords
lock it for 15 minutes) are plain fields: they slow down someone guessing at
the login, while someone who copied the files is slowed down by Argon2id alone.

Nothing here touches the database: :mod:`borderdesk.trust.encryption` does.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# argon2 and cryptography are imported where they are used: opening a plain database (and the
# desk's first paint) needs neither (about 0.1 s of imports on an idle 2-core machine).

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

FORMAT = "borderdesk-keyslots"
VERSION = 1
SUFFIX = ".keys"
KEY_BYTES = 32
#: Argon2id cost of a new slot: RFC 9106's "second recommended" setting (t=3, 64 MiB) with p=2 lanes, one per
#: core of a 2-core laptop (the RFC's 4 lanes would share those two cores: the same work, no faster); well
#: above OWASP's minimum for Argon2id (19 MiB, t=2, p=1: Password Storage Cheat Sheet). An unwrap costs about
#: 0.3 s on an idle 2-core laptop (0.26 s measured at load 2, 0.7–0.9 s at load 10–13 with the work of seven
#: other engineers: benchmarks/bench_encryption.py prints the load beside it), once per login: the desk runs
#: it on a worker thread. What a thief's every guess at a copied key file costs too, so it is not lowered
#: for the loaded case. Each slot keeps the cost it was made with: changing this affects new slots only.
KDF = {"t": 3, "m": 65536, "p": 2}
GROUPS = 24
_BITS = 11  # per group: 24 * 11 = 264 bits = the 256-bit recovery key + an 8-bit checksum
_CHECK_INFO = b"borderdesk key check"


class KeyFileError(BorderDeskError):
    """The key file beside an encrypted database is missing or damaged."""


class RecoveryKeyError(BorderDeskError):
    """A recovery key that was mistyped (it carries its own checks)."""


def header_path(db_path: str | os.PathLike) -> Path:
    return Path(str(db_path) + SUFFIX)


# --- the recovery key and the database key -------------------------------------------------------


def new_recovery_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def database_key(recovery: bytes) -> bytes:
    """The SQLCipher key of a database: derived from its recovery key (HKDF-SHA256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"borderdesk database key v1").derive(recovery)


def key_check(key: bytes) -> str:
    """A value that tells whether a key belongs to a key file without giving the key away."""
    return hmac.new(key, _CHECK_INFO, hashlib.sha256).hexdigest()[:32]


def _group_value(value: int, index: int) -> int:
    # 4 digits: the 11-bit value times 4 plus a check of the value and its place (a mistyped
    # digit or two groups swapped are usually caught at once, group by group).
    return value * 4 + (value + index) % 4


def format_recovery(recovery: bytes) -> str:
    """24 groups of 4 digits, e.g. ``4821-0937-…`` (what the commander writes down)."""
    return "-".join(f"{g:04d}" for g in recovery_groups(recovery))


def recovery_groups(recovery: bytes) -> list[int]:
    if len(recovery) != KEY_BYTES:
        raise ValueError("a recovery key has 32 bytes")
    number = (int.from_bytes(recovery, "big") << 8) | hashlib.sha256(recovery).digest()[0]
    values = [(number >> (_BITS * (GROUPS - 1 - i))) & 0x7FF for i in range(GROUPS)]
    return [_group_value(v, i) for i, v in enumerate(values)]


def parse_recovery(text: str) -> bytes:
    """The recovery key from what a user typed (any separators); one clear error when mistyped."""
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    if len(digits) != GROUPS * 4:
        raise RecoveryKeyError(_("a recovery key is 24 groups of 4 digits; {n} digits were given").format(
            n=len(digits)))
    number = 0
    for i in range(GROUPS):
        group = int(digits[4 * i:4 * i + 4])
        value = group // 4
        if value > 0x7FF or _group_value(value, i) != group:
            raise RecoveryKeyError(_("group {n} of the recovery key ({group}) is mistyped").format(
                n=i + 1, group=digits[4 * i:4 * i + 4]))
        number = (number << _BITS) | value
    recovery = (number >> 8).to_bytes(KEY_BYTES, "big")
    if hashlib.sha256(recovery).digest()[0] != number & 0xFF:
        raise RecoveryKeyError(_("the recovery key is mistyped (its checksum does not match)"))
    return recovery


# --- slots -----------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def stretch(password: str, salt: bytes, kdf: dict) -> bytes:
    """Argon2id of a password into a 256-bit wrapping key."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=int(kdf["t"]), memory_cost=int(kdf["m"]),
                           parallelism=int(kdf["p"]), hash_len=KEY_BYTES, type=Type.ID)


@dataclass
class Slot:
    who: str  # salted hash of the user name
    salt: bytes
    kdf: dict
    nonce: bytes
    wrapped: bytes
    failed: int = 0
    locked_until: str | None = None
    #: wrong passwords since the last login, told in the audit trail at the next one
    failed_since_login: int = 0

    def to_json(self) -> dict:
        return {"who": self.who, "kdf": {"name": "argon2id", **self.kdf}, "salt": _b64(self.salt),
                "nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped), "failed": self.failed,
                "locked_until": self.locked_until, "failed_since_login": self.failed_since_login}

    @classmethod
    def from_json(cls, data: dict) -> "Slot":
        kdf = dict(data["kdf"])
        if kdf.pop("name", "argon2id") != "argon2id":
            raise ValueError("unknown kdf")
        return cls(who=str(data["who"]), salt=_unb64(data["salt"]), kdf={k: int(kdf[k]) for k in ("t", "m", "p")},
                   nonce=_unb64(data["nonce"]), wrapped=_unb64(data["wrapped"]), failed=int(data.get("failed", 0)),
                   locked_until=data.get("locked_until"), failed_since_login=int(data.get("failed_since_login", 0)))

    def locked(self) -> dt.datetime | None:
        if not self.locked_until:
            return None
        until = dt.datetime.strptime(self.locked_until, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
        return until if until > _now() else None


@dataclass
class KeyFile:
    """The key slots of one database (``<database>.keys``)."""

    path: Path
    ident: bytes
    check: str
    slots: list[Slot] = field(default_factory=list)

    # --- reading and writing ---

    @classmethod
    def new(cls, db_path: str | os.PathLike, key: bytes) -> "KeyFile":
        return cls(header_path(db_path), secrets.token_bytes(16), key_check(key))

    @classmethod
    def load(cls, db_path: str | os.PathLike) -> "KeyFile":
        path = header_path(db_path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyFileError(_(
                "the key file {file} is missing: copy it back from where the database came from, or open the "
                "database with the recovery key ('borderdesk passphrase --recovery')").format(file=path)) from None
        except OSError as exc:
            raise KeyFileError(_("the key file {file} cannot be read: {error}").format(
                file=path, error=exc.strerror or exc)) from None
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("not a key file")
            if int(data.get("version", 0)) > VERSION:
                raise KeyFileError(_("the key file {file} was written by a newer BorderDesk").format(file=path))
            return cls(path, _unb64(data["id"]), str(data["check"]), [Slot.from_json(s) for s in data["slots"]])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise KeyFileError(_(
                "the key file {file} is damaged: open the database with the recovery key "
                "('borderdesk passphrase --recovery') to write a new one").format(file=path)) from None

    def to_bytes(self) -> bytes:
        data = {"format": FORMAT, "version": VERSION, "cipher": "sqlcipher4", "id": _b64(self.ident),
                "check": self.check, "slots": [s.to_json() for s in self.slots]}
        return (json.dumps(data, indent=1) + "\n").encode("utf-8")

    def save(self, path: Path | None = None) -> Path:
        """Write atomically (a temporary file, flushed, renamed): a key file that exists is a whole one."""
        target = path or self.path
        tmp = target.with_name(target.name + ".partial")
        with open(tmp, "wb") as fh:
            fh.write(self.to_bytes())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        if os.name != "nt":
            fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return target

    # --- slots ---

    def _who(self, username: str) -> str:
        return hashlib.sha256(self.ident + username.encode("utf-8")).hexdigest()[:32]

    def _aad(self, who: str) -> bytes:
        return b"|".join((FORMAT.encode(), self.ident, who.encode()))

    def find(self, username: str) -> Slot | None:
        who = self._who(username)
        return next((s for s in self.slots if s.who == who), None)

    def set_password(self, username: str, password: str, key: bytes, kdf: dict | None = None) -> Slot:
        """Wrap *key* for *username* under *password* (replacing the user's slot if there is one)."""
        if key_check(key) != self.check:
            raise ValueError("not this database's key")
        kdf = dict(kdf or KDF)
        who = self._who(username)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        wrapped = AESGCM(stretch(password, salt, kdf)).encrypt(nonce, key, self._aad(who))
        slot = Slot(who, salt, kdf, nonce, wrapped)
        self.slots = [s for s in self.slots if s.who != who] + [slot]
        return slot

    def remove(self, username: str) -> bool:
        who = self._who(username)
        before = len(self.slots)
        self.slots = [s for s in self.slots if s.who != who]
        return len(self.slots) != before

    def unwrap(self, slot: Slot, password: str) -> bytes | None:
        """The database key if *password* opens *slot*, else None."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            key = AESGCM(stretch(password or "", slot.salt, slot.kdf)).decrypt(slot.nonce, slot.wrapped,
                                                                              self._aad(slot.who))
        except InvalidTag:
            return None
        return key if key_check(key) == self.check else None

    def dummy_unwrap(self, password: str) -> None:
        """As long as a real unwrap (an unknown name takes as long as a wrong password)."""
        stretch(password or "", b"\0" * 16, KDF)

    def owns(self, key: bytes) -> bool:
        return hmac.compare_digest(key_check(key), self.check)
