"""The form of a case."""
from __future__ import annotations

from borderdesk.ui.records.form_base import RecordForm, fields_of


class CaseForm(RecordForm):
    kind = "case"
    FIELDS = fields_of("case")
