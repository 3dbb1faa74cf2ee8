"""The form of a friendship activity."""
from __future__ import annotations

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_
from borderdesk.ui.records.form_base import F, RecordForm


class FriendshipForm(RecordForm):
    kind = "friendship"
    FIELDS = (
        F("date", N_("Date"), "date"),
        F("activity_type", N_("Activity"), "choice", K.FRIENDSHIP_TYPES),
        F("counterpart", N_("Counterpart unit"), "counterpart"),
        F("participants", N_("Participants"), "count"),
        F("place", N_("Place"), "bi_line"),
        F("description", N_("Description"), "bi_text", lines=5),
        F("notes", N_("Notes"), "text", lines=2),
    )
