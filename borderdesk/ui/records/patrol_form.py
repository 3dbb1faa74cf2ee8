"""The form of a joint patrol, with the boundary markers it covered."""
from __future__ import annotations

from borderdesk.i18n import N_, _
from borderdesk.ui.records.children import AddButton, ChildColumn, ChildTable
from borderdesk.ui.records.form_base import RecordForm, fields_of

MARKER_COLUMNS = (ChildColumn("marker", N_("Marker number")),)


class PatrolForm(RecordForm):
    kind = "patrol"
    FIELDS = fields_of("patrol")

    def make_children(self, body):
        return ChildTable("markers", MARKER_COLUMNS, (AddButton(N_("Add marker")),), body)

    def children_title(self) -> str:
        return _("Markers covered")
