"""Who may do what: roles, the login of this process, and the check every service makes.

Permission checks live here, in the services, so that the command line and the desk
get the same answer: a service calls :func:`require` before it writes. Accounts
themselves (passwords, locking) live in :mod:`borderdesk.trust.accounts`, which
records a login here through :func:`set_current`.
"""
from __future__ import annotations

import peewee as pw

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import N_, _
from borderdesk.services import session
from borderdesk.store.models import DB

ROLES = {
    "officer": N_("Officer"),
    "commander": N_("Commander"),
    "administrator": N_("Administrator"),
}
_RANK = {"officer": 1, "commander": 2, "administrator": 3}
#: what each role may do beyond the role below it
_GRANTS = {
    "officer": {"records", "documents", "backup"},
    "commander": {"reports.signoff", "bundles.export"},
    "administrator": {"accounts", "registry", "keys", "restore"},
}
PERMISSIONS = {
    role: set().union(*(_GRANTS[r] for r in _RANK if _RANK[r] <= rank)) for role, rank in _RANK.items()
}
#: who is logged in, and into which database (a login does not carry over to another file)
_shared: dict = {"user": None, "role": None, "db": None}


class PermissionDenied(BorderDeskError):
    pass


def has_accounts() -> bool:
    """True once the database holds an account: from then on everyone logs in."""
    db = DB.obj
    if db is None:
        return False
    if getattr(db, "_bd_has_accounts", False):
        return True
    try:
        found = DB.execute_sql("SELECT 1 FROM account LIMIT 1").fetchone() is not None
    except pw.OperationalError:  # a database from before migration 4, opened without migrating
        return False
    if found:
        db._bd_has_accounts = True
    return found


def _logged_in() -> bool:
    return _shared["user"] is not None and _shared["db"] is DB.obj and DB.obj is not None


def current_user() -> str | None:
    return _shared["user"] if _logged_in() else None


def current_role() -> str | None:
    return _shared["role"] if _logged_in() else None


def set_current(username: str | None, role: str | None) -> None:
    _shared["user"], _shared["role"], _shared["db"] = username, role, DB.obj if username else None
    if username:
        session.set_user(username)


def logout() -> None:
    set_current(None, None)


def allowed(role_or_permission: str) -> bool:
    """May the logged-in user do this? Always yes on a database without accounts."""
    if not has_accounts():
        return True
    role = current_role()
    if role is None:
        return False
    if role_or_permission in _RANK:
        return _RANK[role] >= _RANK[role_or_permission]
    return role_or_permission in PERMISSIONS.get(role, set())


def require(role_or_permission: str) -> None:
    """Raise :class:`PermissionDenied` unless the logged-in user may do this (services call it)."""
    if allowed(role_or_permission):
        return
    if current_role() is None:
        raise PermissionDenied(_("please log in first"))
    raise PermissionDenied(
        _("{user} ({role}) may not do this: it needs {what}").format(
            user=current_user(), role=_(ROLES[current_role()]), what=_describe(role_or_permission)
        )
    )


def _describe(role_or_permission: str) -> str:
    if role_or_permission in ROLES:
        return _(ROLES[role_or_permission])
    for role in _RANK:
        if role_or_permission in _GRANTS[role]:
            return _(ROLES[role])
    return role_or_permission
