"""Logging in from the command line.

On a database with accounts, every command reads the user from ``BORDERDESK_USER`` and
the password from ``BORDERDESK_PASSWORD``, asks for them when they are unset and a
terminal is attached, and stops with one line when the login fails.
"""
from __future__ import annotations

import getpass
import os
import sys

from borderdesk.i18n import _

ENV_USER = "BORDERDESK_USER"
ENV_PASSWORD = "BORDERDESK_PASSWORD"
ENV_NEW_PASSWORD = "BORDERDESK_NEW_PASSWORD"


def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(prompt: str, secret: bool = False) -> str:
    if secret:
        return getpass.getpass(prompt)
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return sys.stdin.readline().strip()


_given: dict = {}  # the name and password given once in this process (the unlock and the login share them)
_unlocked_by: dict = {}  # database path -> the user whose key slot unlocked it


def credentials() -> tuple[str, str]:
    """The user's name and password: ``BORDERDESK_USER``/``BORDERDESK_PASSWORD``, else asked in a terminal."""
    from borderdesk.trust import accounts

    if "user" in _given:
        return _given["user"], _given["password"]
    user = os.environ.get(ENV_USER)
    password = os.environ.get(ENV_PASSWORD)
    if not user or password is None:
        if not _interactive():
            raise accounts.AuthError(
                _("this database needs a login: set {user} and {password}").format(user=ENV_USER, password=ENV_PASSWORD)
            )
        user = user or _ask(_("User: "))
        if password is None:
            password = _ask(_("Password for {user}: ").format(user=user), secret=True)
    _given.update(user=user, password=password)
    return user, password


def unlock(path) -> None:
    """An encrypted database: the login's password unwraps its key (a wrong one changes nothing)."""
    from borderdesk.trust import encryption

    user, password = credentials()
    encryption.unlock_with_password(path, user, password)
    _unlocked_by[str(path)] = user


def login() -> None:
    """Log in on the open database if it has accounts (environment, else a prompt); raise if that fails."""
    from borderdesk.store.models import DB
    from borderdesk.trust import accounts, encryption

    if not accounts.has_accounts():
        return
    user, password = credentials()
    unlocked = encryption.current_key() is not None and _unlocked_by.get(DB.obj.database) == user
    accounts.authenticate(user, password, unlocked=unlocked)
