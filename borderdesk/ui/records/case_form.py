"""The form of a case."""
from __future__ import annotations

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_
from borderdesk.ui.records.form_base import F, RecordForm


class CaseForm(RecordForm):
    kind = "case"
    FIELDS = (
        F("date", N_("Date"), "date"),
        F("category", N_("Category"), "choice", K.CASE_CATEGORIES),
        F("outcome", N_("Outcome"), "choice", K.CASE_OUTCOMES),
        F("persons", N_("Persons"), "count"),
        F("counterpart", N_("Counterpart unit"), "counterpart"),
        F("summary", N_("Summary"), "bi_text", lines=5),
        F("notes", N_("Notes"), "text", lines=2),
    )
