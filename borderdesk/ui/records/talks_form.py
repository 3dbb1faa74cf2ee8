"""The forms of talks and of meetings on the border, with both delegations."""
from __future__ import annotations

from borderdesk.i18n import N_
from borderdesk.ui.records.children import AddButton, ChildTable, child_columns
from borderdesk.ui.records.form_base import RecordForm, fields_of

MEMBER_BUTTONS = (
    AddButton(N_("Add member of our side"), {"side": "vn"}),
    AddButton(N_("Add member of the Chinese side"), {"side": "cn"}),
)


class _DelegationForm(RecordForm):
    def make_children(self, body):
        table = ChildTable("members", child_columns(self.spec.child), MEMBER_BUTTONS, body)
        table.edited.connect(self._count_members)
        return table

    def _count_members(self) -> None:
        """Participants are at least the members listed (the service refuses fewer)."""
        n = self.children_table.table.rowCount()
        ed = self.editors["participants"]
        if ed.number() is not None and ed.number() < n:
            ed.set_value(n)

    def print_actions(self):
        return [(N_("Print minutes…"), N_("Both signed originals, each in Vietnamese and Chinese (Ctrl+P)"),
                 self.print_minutes)]

    def print_minutes(self) -> bool:
        """The bilingual minutes, both originals (Ctrl+P or the form's button)."""
        from borderdesk.ui.documents import open_minutes_preview

        if self.uuid is None:
            return False
        if not self.maybe_leave():
            return False
        open_minutes_preview(self, self.uuid)
        return True


class TalksForm(_DelegationForm):
    kind = "talks"
    FIELDS = fields_of("talks")


class MeetingForm(_DelegationForm):
    kind = "meeting"
    FIELDS = fields_of("meeting")
