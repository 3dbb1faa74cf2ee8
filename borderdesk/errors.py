"""Errors the services raise; each carries words a user can act on.

The bottom of the import graph with i18n: every layer, `store` included, may raise them.
"""
from __future__ import annotations


class BorderDeskError(Exception):
    """Base of every error meant for a user (one clear line, no traceback)."""


class ValidationError(BorderDeskError):
    """One or more fields are wrong. ``errors`` maps a field name to its translated message.

    Child rows use dotted names: ``people.2.birth_year``.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotFound(BorderDeskError):
    pass


class SetupError(BorderDeskError):
    """The database is not set up the way the command needs (no site yet, already set up …)."""
