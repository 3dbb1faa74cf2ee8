"""What ``--db`` names: a SQLite file (a post, a provincial command) or a PostgreSQL server (headquarters).

``postgresql://USER@HOST:PORT/NAME`` (or ``postgres://``) is a server database; a value with
any other URL scheme (``mysql://``, ``http://``) is refused, since it would otherwise become a
SQLite file under a folder named ``mysql:``; anything else is a file path.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class UnsupportedScheme(ValueError):
    """A URL whose scheme BorderDesk does not speak (``borderdesk.app`` words it for the user)."""

    def __init__(self, scheme: str) -> None:
        super().__init__(scheme)
        self.scheme = scheme


class BadServerUrl(ValueError):
    """A ``postgresql://`` URL without a database name."""


@dataclass(frozen=True)
class ServerUrl:
    """A PostgreSQL database: the URL as given, and its name."""

    url: str

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    def display(self) -> str:
        """The URL without its password (for messages, logs and the window title)."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        user = parts.username or ""
        return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))

    def __str__(self) -> str:
        return self.display()


Target = Path | ServerUrl


def parse(value: str | os.PathLike) -> Target:
    """The database *value* names. Raises :class:`UnsupportedScheme` or :class:`BadServerUrl`."""
    if isinstance(value, (Path, ServerUrl)):
        return value
    text = os.fspath(value)
    m = _URL.match(text)
    if not m:
        return Path(text)
    scheme = m.group(1).lower()
    if scheme not in SCHEMES:
        raise UnsupportedScheme(m.group(1))
    if not urlsplit(text).path.lstrip("/"):
        raise BadServerUrl(text)
    return ServerUrl(text)


def is_server(value) -> bool:
    return isinstance(value, ServerUrl)
