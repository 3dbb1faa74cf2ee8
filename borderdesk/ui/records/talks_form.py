"""The forms of talks and of meetings on the border, with both delegations."""
from __future__ import annotations

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_, _
from borderdesk.ui.records.children import AddButton, ChildColumn, ChildTable
from borderdesk.ui.records.form_base import F, RecordForm

MEMBER_COLUMNS = (
    ChildColumn("side", N_("Side"), "choice", K.SIDES, width=10),
    ChildColumn("is_head", N_("Head"), "bool", width=5),
    ChildColumn("name_vi", N_("Name (Vietnamese)")),
    ChildColumn("name_zh", N_("Name (Chinese)")),
    ChildColumn("rank", N_("Rank"), "rank", K.RANKS, width=10),
    ChildColumn("role_vi", N_("Role (Vietnamese)")),
    ChildColumn("role_zh", N_("Role (Chinese)")),
)
MEMBER_BUTTONS = (
    AddButton(N_("Add member of our side"), {"side": "vn"}),
    AddButton(N_("Add member of the Chinese side"), {"side": "cn"}),
)


def _place_fields() -> tuple[F, ...]:
    return (
        F("time", N_("Time"), "time"),
        F("host_side", N_("Host side"), "choice", K.SIDES),
        F("place", N_("Place"), "bi_line"),
        F("marker", N_("Boundary marker")),
        F("counterpart", N_("Counterpart unit"), "counterpart"),
        F("participants", N_("Participants (both sides)"), "count"),
    )


class _DelegationForm(RecordForm):
    def make_children(self, body):
        table = ChildTable("members", MEMBER_COLUMNS, MEMBER_BUTTONS, body)
        table.edited.connect(self._count_members)
        return table

    def _count_members(self) -> None:
        """Participants are at least the members listed (the service refuses fewer)."""
        n = self.children_table.table.rowCount()
        ed = self.editors["participants"]
        if ed.number() is not None and ed.number() < n:
            ed.set_value(n)

    def children_title(self) -> str:
        return _("Delegations")

    def print_minutes(self) -> bool:
        """The bilingual minutes (Ctrl+P), once the documents package is there."""
        if self.uuid is None:
            return False
        try:
            from borderdesk.ui.documents import open_minutes_preview
        except ImportError:
            return False
        if not self.maybe_leave():
            return False
        open_minutes_preview(self, self.uuid)
        return True


class TalksForm(_DelegationForm):
    kind = "talks"
    FIELDS = (F("date", N_("Date"), "date"), F("talks_type", N_("Type"), "choice", K.TALKS_TYPES)) + _place_fields() + (
        F("agenda", N_("Agenda"), "bi_text"),
        F("our_report", N_("Our side reported"), "bi_text"),
        F("their_report", N_("Their side reported"), "bi_text"),
        F("agreed", N_("Agreed (one point a line)"), "bi_text", lines=4),
        F("notes", N_("Notes"), "text", lines=2),
    )


class MeetingForm(_DelegationForm):
    kind = "meeting"
    FIELDS = (F("date", N_("Date"), "date"),) + _place_fields() + (
        F("purpose", N_("Purpose"), "bi_text"),
        F("outcome", N_("Outcome"), "bi_text"),
        F("notes", N_("Notes"), "text", lines=2),
    )
