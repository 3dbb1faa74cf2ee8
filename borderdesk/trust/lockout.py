"""Wrong passwords and the lock that follows: shared by the accounts and the key slots."""
from __future__ import annotations

import datetime as dt

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

MAX_FAILED = 5
LOCK_MINUTES = 15


class AuthError(BorderDeskError):
    """Wrong name or password, a locked or disabled account."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def locked_message(until: dt.datetime) -> str:
    minutes = max(1, int((until - now()).total_seconds() + 59) // 60)
    return _("too many wrong passwords: the account is locked for {n} more minutes (an administrator can unlock it)").format(
        n=minutes
    )
