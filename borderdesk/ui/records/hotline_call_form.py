"""The form of a hotline call."""
from __future__ import annotations

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_
from borderdesk.ui.records.form_base import F, RecordForm


class HotlineCallForm(RecordForm):
    kind = "hotline_call"
    FIELDS = (
        F("date", N_("Date"), "date"),
        F("time", N_("Time"), "time"),
        F("direction", N_("Direction"), "choice", K.CALL_DIRECTIONS),
        F("counterpart", N_("Counterpart unit"), "counterpart"),
        F("counterpart_officer", N_("Their officer")),
        F("our_officer", N_("Our officer")),
        F("interpreter", N_("Interpreter")),
        F("subject", N_("Subject"), "bi_line"),
        F("content", N_("Content"), "bi_text", lines=4),
        F("follow_up", N_("Follow-up"), "bi_text", lines=2),
        F("follow_up_due", N_("Follow-up due"), "date"),
        F("notes", N_("Notes"), "text", lines=2),
    )
