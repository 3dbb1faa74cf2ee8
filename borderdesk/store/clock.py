"""Hybrid logical clock: versions that order edits across machines.

A version is a fixed-width string ``WWWWWWWWWWWWW.CCCCC@SITE`` (wall-clock
milliseconds, a counter for edits within the same millisecond or behind a
clock that went backwards, and the site code). Comparing two versions as
strings compares (time, counter, site): later wins and the site code breaks
ties, deterministically on every machine. ``observe`` folds in versions that
arrive in a bundle so that a local edit made after an import always sorts
after what it edits, even when the laptop's clock is wrong.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _

_WALL_DIGITS = 13
_COUNTER_DIGITS = 5
#: the last wall time and counter a version can hold (the year 2286): the clock never goes past them
MAX_WALL = 10**_WALL_DIGITS - 1
MAX_COUNTER = 10**_COUNTER_DIGITS - 1
#: a version further ahead of this machine's clock than this is refused on import (docs/sync.md)
MAX_SKEW_MS = 24 * 3600 * 1000


class ClockExhausted(BorderDeskError):
    """The clock reached the last version its fixed width can write."""


@dataclass(frozen=True, order=True)
class Version:
    wall_ms: int
    counter: int
    site: str

    def __str__(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}.{self.counter:0{_COUNTER_DIGITS}d}@{self.site}"

    @classmethod
    def parse(cls, text: str) -> "Version":
        stamp, _, site = text.partition("@")
        wall, _, counter = stamp.partition(".")
        if (not site or len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS
                or not (wall.isdigit() and wall.isascii() and counter.isdigit() and counter.isascii())):
            raise ValueError(f"not a version: {text!r}")
        return cls(int(wall), int(counter), site)


class HybridClock:
    def __init__(self, site: str, last: str | None = None, now_ms=None) -> None:
        self.site = site
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))
        self._lock = threading.Lock()
        self._wall = 0
        self._counter = 0
        if last:
            self.observe(last)

    def tick(self) -> str:
        """A new version for a local change."""
        with self._lock:
            now = min(self._now_ms(), MAX_WALL)
            if now > self._wall:
                self._wall, self._counter = now, 0
            elif self._counter < MAX_COUNTER:
                self._counter += 1
            elif self._wall < MAX_WALL:
                self._wall, self._counter = self._wall + 1, 0
            else:
                raise ClockExhausted(_("the version clock reached its last value (a version from far in the "
                                       "future was taken in); no change can be ordered after it"))
            return str(Version(self._wall, self._counter, self.site))

    def observe(self, version: str) -> None:
        """Move the clock past a version seen elsewhere."""
        v = Version.parse(version)
        with self._lock:
            if (v.wall_ms, v.counter) > (self._wall, self._counter):
                self._wall, self._counter = v.wall_ms, v.counter
