"""What the documents read from the database, gathered through the services.

Kept apart so the documents never query tables themselves: minutes come from
``services.records`` and ``services.registry``; a report's figures from
``services.stats``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import records, registry
from borderdesk.store import models as m


@dataclass
class Member:
    side: str
    is_head: bool
    name_vi: str
    name_zh: str
    rank: str
    role_vi: str
    role_zh: str


@dataclass
class MinutesData:
    """A talks or meeting record with the names the minutes print."""

    uuid: str
    kind: str  # talks | meeting
    fields: dict  # every field of the record (to_dict)
    date: dt.date
    post_vi: str
    post_zh: str
    province: str
    counterpart_vi: str
    counterpart_zh: str
    members: list[Member] = field(default_factory=list)
    site: str = ""
    number: str = ""  # "07/BB-PL" once given (services.document_numbers)

    def text(self, name: str, lang: str) -> str:
        return (self.fields.get(f"{name}_{lang}") or "").strip()


def load_minutes(record_uuid: str) -> MinutesData:
    """The talks or meeting *record_uuid* (raises a user-facing error for any other record)."""
    row = records.find(record_uuid)
    if not isinstance(row, m.Talks):
        raise BorderDeskError(_("Minutes are made for talks and meetings only; {id} is another kind of record.")
                              .format(id=record_uuid))
    if row.deleted:
        raise BorderDeskError(_("The record {id} is deleted; restore it before printing.").format(id=record_uuid))
    d = records.to_dict(row)
    post = m.Post.get_or_none(m.Post.code == row.site)
    names = registry.counterpart_names().get(row.counterpart or "", ("", ""))
    members = [Member(c.get("side", ""), bool(c.get("is_head")), c.get("name_vi", "") or "",
                      c.get("name_zh", "") or "", c.get("rank", "") or "", c.get("role_vi", "") or "",
                      c.get("role_zh", "") or "")
               for c in d.get("members", [])]
    date = row.date if isinstance(row.date, dt.date) else dt.date.fromisoformat(str(row.date))
    return MinutesData(
        uuid=row.uuid, kind=row.kind if row.kind in ("talks", "meeting") else "talks", fields=d, date=date,
        post_vi=post.name_vi if post else row.site, post_zh=(post.name_zh if post else "") or "",
        province=(post.province if post else "") or "",
        counterpart_vi=names[0] or "", counterpart_zh=names[1] or "", members=members,
        site=row.site, number=row.minutes_number or "",
    )
