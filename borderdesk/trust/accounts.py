"""Users of this laptop, their roles, and logging in.

Three roles, each including the one before it:

- **officer**: records and documents (create, change, print);
- **commander**: also signs off reports and exports sync bundles;
- **administrator**: also accounts, the registry, keys and restoring backups.

Passwords are hashed with Argon2id (``argon2-cffi``'s defaults). Five wrong
passwords in a row lock the account for 15 minutes; an administrator can
unlock it or reset the password. Logins and failed logins go to the audit
trail, the failed ones committed even though the login fails.

On an encrypted database each account also has a key slot
(:mod:`borderdesk.trust.keyslots`): its password unwraps the database key, so
logging in is what unlocks the file (the slot counts the wrong passwords then,
the database being still locked); every change of password here re-wraps that
slot, removing or disabling an account removes it.

A database without any account is *open*: nobody logs in and every
permission is granted (a post that has not set up accounts yet, and tests).
Once the first account exists, every command and the desk need a login.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from borderdesk.domain.errors import NotFound, ValidationError
from borderdesk.i18n import _
from borderdesk.services import audit_text, events
from borderdesk.services.permissions import (  # noqa: F401  (the accounts' view of who may do what)
    PERMISSIONS, ROLES, PermissionDenied, allowed, current_role, current_user,
    has_accounts, logout, require, set_current,
)
from borderdesk.store.models import DB
from borderdesk.trust import audit, encryption, lockout
from borderdesk.trust.lockout import LOCK_MINUTES, MAX_FAILED, AuthError  # noqa: F401  (the accounts' names)

MIN_PASSWORD = 8

@lru_cache(maxsize=None)
def _hasher():
    """Argon2id, imported on the first password (not at every start of the desk)."""
    from argon2 import PasswordHasher

    return PasswordHasher()
_dummy: list[str] = []


def _dummy_hash() -> str:
    # A real hash to check against when the user does not exist, so that a wrong
    # name takes as long as a wrong password (no guessing names by timing).
    if not _dummy:
        _dummy.append(_hasher().hash("borderdesk-no-such-user"))
    return _dummy[0]


_now = lockout.now


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def _row(username: str) -> dict | None:
    cur = DB.execute_sql("SELECT * FROM account WHERE username = ?", (username,))
    row = cur.fetchone()
    return {d[0]: v for d, v in zip(cur.description, row)} if row else None


def _public(row: dict) -> dict:
    locked = _parse(row["locked_until"])
    return {
        "username": row["username"],
        "full_name": row["full_name"],
        "role": row["role"],
        "active": bool(row["active"]),
        "failed_attempts": row["failed_attempts"],
        "locked_until": row["locked_until"] if locked and locked > _now() else None,
        "must_change": bool(row["must_change"]),
        "created_at": row["created_at"],
    }


def list_users() -> list[dict]:
    cur = DB.execute_sql("SELECT * FROM account ORDER BY username")
    users = [_public({d[0]: v for d, v in zip(cur.description, r)}) for r in cur.fetchall()]
    for user in users:  # on an encrypted database, the lock of the key slot (wrong passwords at unlock)
        user["locked_until"] = user["locked_until"] or encryption.slot_locked_until(user["username"])
    return users


def get_user(username: str) -> dict:
    row = _row(username)
    if row is None:
        raise NotFound(_("no user named {name}").format(name=username))
    return _public(row)


# --- who is logged in ----------------------------------------------------------------


# --- validation --------------------------------------------------------------------


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise ValidationError({"username": _("a user name is 1 to 64 characters without spaces")})
    return name


def _check_password(password: str, field: str = "password") -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise ValidationError(
            {field: _("a password needs at least {n} characters").format(n=MIN_PASSWORD)}
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(
            {"role": _("role must be one of: {roles}").format(roles=", ".join(ROLES))}
        )


# --- changing accounts -------------------------------------------------------------------


def create_user(username: str, password: str, role: str = "officer", full_name: str = "") -> dict:
    """Add a user. The first account must be an administrator and needs no login."""
    name = _check_username(username)
    _check_role(role)
    _check_password(password)
    first = not has_accounts()
    if first and role != "administrator":
        raise ValidationError({"role": _("the first account must be an administrator")})
    if not first:
        require("accounts")
    if _row(name) is not None:
        raise ValidationError({"username": _("there is already a user named {name}").format(name=name)})
    now = _iso(_now())
    with DB.atomic():
        DB.execute_sql(
            "INSERT INTO account (username, full_name, role, password_hash, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name, full_name or "", role, _hasher().hash(password), now, now),
        )
        encryption.set_slot(name, password)  # written before the commit: a failure rolls the account back
        events.emit(events.Change("create", "account", after={"username": name, "role": role, "full_name": full_name},
                                  detail=name))
    if first:
        DB.obj._bd_has_accounts = True
    return get_user(name)


def _update(username: str, sets: dict, action: str = "update", detail: str = "", slot=None) -> dict:
    """Change an account; *slot* (called inside the transaction) keeps its key slot in step."""
    before = _row(username)
    if before is None:
        raise NotFound(_("no user named {name}").format(name=username))
    sets = dict(sets, updated_at=_iso(_now()))
    with DB.atomic():
        DB.execute_sql(
            "UPDATE account SET " + ", ".join(f"{k} = ?" for k in sets) + " WHERE username = ?",
            (*sets.values(), username),
        )
        if slot is not None:
            slot()
        after = _row(username)
        events.emit(
            events.Change(action, "account", before=_public(before), after=_public(after), detail=detail or username)
        )
    return _public(after)


def _admins_left(excluding: str) -> int:
    return DB.execute_sql(
        "SELECT COUNT(*) FROM account WHERE role = 'administrator' AND active = 1 AND username != ?", (excluding,)
    ).fetchone()[0]


def set_role(username: str, role: str) -> dict:
    require("accounts")
    _check_role(role)
    if role != "administrator" and _admins_left(username) == 0:
        raise ValidationError({"role": _("at least one administrator must remain")})
    return _update(username, {"role": role})


def set_active(username: str, active: bool) -> dict:
    """Disable or enable an account. Disabling removes its key slot: on an encrypted database the
    account is enabled again by resetting its password (which wraps a new slot)."""
    require("accounts")
    if not active and _admins_left(username) == 0 and get_user(username)["role"] == "administrator":
        raise ValidationError({"active": _("at least one administrator must remain")})
    if active and encryption.current_key() is not None and not encryption.has_slot(username):
        raise ValidationError({"active": _(
            "{name} has no key to this encrypted database any more: reset their password first, "
            "then enable them").format(name=username)})
    return _update(username, {"active": int(bool(active))},
                   slot=None if active else (lambda: encryption.remove_slot(username)))


def remove_user(username: str) -> None:
    """Remove an account and its key slot (administrator). Its audit entries stay, under its name."""
    require("accounts")
    row = _row(username)
    if row is None:
        raise NotFound(_("no user named {name}").format(name=username))
    if username == current_user():
        raise ValidationError({"username": _("you cannot remove your own account")})
    if row["role"] == "administrator" and _admins_left(username) == 0:
        raise ValidationError({"username": _("at least one administrator must remain")})
    with DB.atomic():
        DB.execute_sql("DELETE FROM account WHERE username = ?", (username,))
        encryption.remove_slot(username)
        events.emit(events.Change("delete", "account", before=_public(row), detail=username))


def reset_password(username: str, new_password: str) -> dict:
    """An administrator sets a new password (the user must change it at the next login)."""
    require("accounts")
    _check_password(new_password)
    return _update(
        username,
        {"password_hash": _hasher().hash(new_password), "failed_attempts": 0, "locked_until": None, "must_change": 1},
        detail=audit_text.PASSWORD_RESET.compose(name=username),
        slot=lambda: encryption.set_slot(username, new_password),
    )


def unlock(username: str) -> dict:
    require("accounts")
    return _update(username, {"failed_attempts": 0, "locked_until": None}, detail=audit_text.UNLOCKED.compose(name=username),
                   slot=lambda: encryption.clear_lock(username))


def change_password(username: str, old_password: str, new_password: str) -> dict:
    """A user changes their own password (knowing the old one)."""
    row = _row(username)
    if row is None or not _matches(row["password_hash"], old_password):
        raise ValidationError({"old_password": _("the current password is wrong")})
    _check_password(new_password, "new_password")
    if new_password == old_password:
        raise ValidationError({"new_password": _("the new password must differ from the current one")})
    return _update(
        username,
        {"password_hash": _hasher().hash(new_password), "must_change": 0},
        detail=audit_text.PASSWORD_CHANGED.compose(name=username),
        slot=lambda: encryption.set_slot(username, new_password),
    )


def _matches(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return _hasher().verify(password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- logging in ----------------------------------------------------------------------------


def authenticate(username: str, password: str, *, unlocked: bool = False) -> dict:
    """Check a name and password; on success the user is the one acting from now on.

    Raises :class:`AuthError` with one clear sentence otherwise; the failed
    attempt is counted and written to the audit trail before the error.
    *unlocked*: the password has just unwrapped this user's key slot of the
    encrypted database (:func:`encryption.unlock_with_password`), which is the
    proof; the hash is not computed a second time.
    """
    name = (username or "").strip()
    row = _row(name) if name else None
    if unlocked:
        _audit_failures_before()
    if row is None:
        # A name nobody has: the same work, answer and lockout as a wrong password (no guessing
        # names by the answer or its time); its failures are counted under the name all the same.
        ghost = _ghost(name)
        locked = _parse(ghost["locked_until"])
        if locked and locked > _now():
            _matches(_dummy_hash(), password)
            _record_failure(name, ghost, audit_text.UNKNOWN_USER, ghost["failed_attempts"], locked)
            raise AuthError(_locked_message(locked))
        _matches(_dummy_hash(), password)
        failures = ghost["failed_attempts"] + 1
        lock_until = _now() + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILED else None
        _record_failure(name, ghost, audit_text.UNKNOWN_USER, failures, lock_until)
        if lock_until:
            raise AuthError(_locked_message(lock_until))
        raise AuthError(_("wrong user name or password"))
    locked = _parse(row["locked_until"])
    if locked and locked > _now():
        if not unlocked:
            _matches(row["password_hash"], password)  # the same time as any other answer
        _record_failure(name, row, audit_text.ACCOUNT_LOCKED)
        raise AuthError(_locked_message(locked))
    if not row["active"]:
        _record_failure(name, row, audit_text.ACCOUNT_DISABLED)
        raise AuthError(_("the account {name} is disabled: ask an administrator").format(name=name))
    if not unlocked and not _matches(row["password_hash"], password):
        failures = row["failed_attempts"] + 1
        lock_until = _now() + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILED else None
        _record_failure(name, row, audit_text.WRONG_PASSWORD, failures, lock_until)
        if lock_until:
            raise AuthError(_locked_message(lock_until))
        raise AuthError(_("wrong user name or password"))
    sets = {"failed_attempts": 0, "locked_until": None}
    if not unlocked and _hasher().check_needs_rehash(row["password_hash"]):
        sets["password_hash"] = _hasher().hash(password)
    with DB.atomic():
        DB.execute_sql(
            "UPDATE account SET " + ", ".join(f"{k} = ?" for k in sets) + " WHERE username = ?",
            (*sets.values(), name),
        )
        set_current(name, row["role"])
        events.emit(events.Change("login", "account", detail=name))
    return _public(_row(name))


def _audit_failures_before() -> None:
    """Wrong passwords typed at the key slots while the database was locked: told now, one entry a user."""
    if encryption.current_key() is None:
        return
    names = [r[0] for r in DB.execute_sql("SELECT username FROM account")]
    told = encryption.take_failures(names)
    if told:
        with DB.atomic():
            for name, n in sorted(told.items()):
                audit.append("login_failed", "account", user=name, detail=audit_text.WRONG_WHILE_LOCKED.compose(n=n))


_GHOST = "login_failures:"


def _ghost(name: str) -> dict:
    """Failed logins under a name that has no account (kept in ``setting``, like an account's own counter)."""
    got = DB.execute_sql("SELECT value FROM setting WHERE key = ?", (_GHOST + name,)).fetchone()
    failures, _sep, until = (got[0] if got else "0|").partition("|")
    return {"ghost": True, "failed_attempts": int(failures or 0), "locked_until": until or None}


_locked_message = lockout.locked_message


def _record_failure(name: str, row: dict | None, reason: audit_text.Detail, failures: int | None = None,
                    lock_until: dt.datetime | None = None) -> None:
    with DB.atomic():
        if row is not None and row.get("ghost") and failures is not None:
            until = _iso(lock_until) if lock_until else ""
            DB.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
                           (_GHOST + name, f"{failures}|{until}"))
        elif row is not None and failures is not None:
            DB.execute_sql(
                "UPDATE account SET failed_attempts = ?, locked_until = ? WHERE username = ?",
                (failures, _iso(lock_until) if lock_until else row["locked_until"], name),
            )
        # Written directly (not through events) to stamp the attempted name, not the acting user.
        audit.append("login_failed", "account", detail=reason.compose(), user=name or "?")


def recover_administrator(username: str, new_password: str) -> list[str]:
    """After the database was opened with its recovery key: *username* (made an administrator if new)
    gets *new_password* and is logged in. Returns the accounts that have no key slot (their key file
    was lost or damaged): an administrator resets their passwords."""
    if not encryption.opened_with_recovery():
        raise PermissionDenied(_("open the database with its recovery key first"))
    name = _check_username(username)
    _check_password(new_password)
    row = _row(name)
    now = _iso(_now())
    with DB.atomic():
        if row is None:
            DB.execute_sql(
                "INSERT INTO account (username, full_name, role, password_hash, created_at, updated_at)"
                " VALUES (?, '', 'administrator', ?, ?, ?)", (name, _hasher().hash(new_password), now, now))
        else:
            DB.execute_sql(
                "UPDATE account SET role = 'administrator', active = 1, password_hash = ?, failed_attempts = 0,"
                " locked_until = NULL, must_change = 0, updated_at = ? WHERE username = ?",
                (_hasher().hash(new_password), now, name))
        encryption.set_slot(name, new_password)
        audit.append("update", "account", detail=audit_text.RECOVERED.compose(name=name),
                     user=name)
    DB.obj._bd_has_accounts = True
    authenticate(name, new_password, unlocked=True)
    return [u["username"] for u in list_users() if u["active"] and not encryption.has_slot(u["username"])]
