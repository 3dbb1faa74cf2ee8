"""The form of a joint patrol, with the boundary markers it covered."""
from __future__ import annotations

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_, _
from borderdesk.ui.records.children import AddButton, ChildColumn, ChildTable
from borderdesk.ui.records.form_base import F, RecordForm

MARKER_COLUMNS = (ChildColumn("marker", N_("Marker number")),)


class PatrolForm(RecordForm):
    kind = "patrol"
    FIELDS = (
        F("date", N_("Date"), "date"),
        F("patrol_type", N_("Type"), "choice", K.PATROL_TYPES),
        F("counterpart", N_("Counterpart unit"), "counterpart"),
        F("section", N_("Section"), "bi_line"),
        F("teams", N_("Teams"), "count"),
        F("personnel", N_("Personnel (both sides)"), "count"),
        F("outreach", N_("Outreach"), "bi_text"),
        F("findings", N_("Findings"), "bi_text"),
        F("notes", N_("Notes"), "text", lines=2),
    )

    def make_children(self, body):
        return ChildTable("markers", MARKER_COLUMNS, (AddButton(N_("Add marker")),), body)

    def children_title(self) -> str:
        return _("Markers covered")
