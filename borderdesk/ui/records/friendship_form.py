"""The form of a friendship activity."""
from __future__ import annotations

from borderdesk.ui.records.form_base import RecordForm, fields_of


class FriendshipForm(RecordForm):
    kind = "friendship"
    FIELDS = fields_of("friendship")
