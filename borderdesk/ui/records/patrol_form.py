"""The form of a joint patrol, with the boundary markers it covered."""
from __future__ import annotations

from borderdesk.i18n import N_
from borderdesk.ui.records.children import AddButton, ChildTable, child_columns
from borderdesk.ui.records.form_base import RecordForm, fields_of


class PatrolForm(RecordForm):
    kind = "patrol"
    FIELDS = fields_of("patrol")

    def make_children(self, body):
        return ChildTable("markers", child_columns(self.spec.child), (AddButton(N_("Add marker")),), body)
