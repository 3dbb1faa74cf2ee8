"""The terminology warning of the minutes: glossary terms whose usual translation the other text lacks."""
from __future__ import annotations

from borderdesk.documents.minutes import FIELDS, MEETING_FIELDS, TALKS_FIELDS
from borderdesk.i18n import _
from borderdesk.services.translation.terminology import check_field


def minutes_warnings(data) -> list[str]:
    """One line per warning over every text of a talks or meeting record (a loaded ``MinutesData``)."""
    out: list[str] = []
    for name in (TALKS_FIELDS if data.kind == "talks" else MEETING_FIELDS):
        for w in check_field(data.text(name, "vi"), data.text(name, "zh"), _(FIELDS[name])):
            out.append(w.message())
    return out
