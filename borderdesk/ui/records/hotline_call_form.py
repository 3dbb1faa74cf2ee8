"""The form of a hotline call."""
from __future__ import annotations

from borderdesk.ui.records.form_base import RecordForm, fields_of


class HotlineCallForm(RecordForm):
    kind = "hotline_call"
    FIELDS = fields_of("hotline_call")
