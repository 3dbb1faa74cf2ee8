"""The form of a handover, with each person handed over and the verification deadline."""
from __future__ import annotations

import datetime as dt

from borderdesk.domain.errors import BorderDeskError
from borderdesk.domain.validation import parse_date
from borderdesk.i18n import N_, _
from borderdesk.services import calendar
from borderdesk.ui.records.children import AddButton, ChildTable, child_columns
from borderdesk.ui.records.form_base import F, RecordForm, fields_of
from borderdesk.ui.widgets.display import deadline_text, fmt_date


class HandoverForm(RecordForm):
    kind = "handover"
    FIELDS = fields_of("handover", after={"verification_requested": F("deadline", N_("Deadline"), "info")})

    #: who answers the verification request: the side that received the persons
    ANSWERING_SIDE = {"handed_over": "cn", "received": "vn"}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.editors["direction"].combo.activated.connect(self._direction_chosen)

    def _direction_chosen(self, _i: int) -> None:
        """Handed over: the Chinese side answers; received: we answer (the officer may still change it)."""
        side = self.ANSWERING_SIDE.get(self.editors["direction"].value())
        if side:
            self.editors["verification_side"].set_value(side)
            self._on_edited()

    def defaults(self) -> dict:
        out = super().defaults()
        out["verification_side"] = self.ANSWERING_SIDE.get(self.editors["direction"].value() or "received", "vn")
        return out

    def make_children(self, body):
        table = ChildTable("people", child_columns(self.spec.child),
                           (AddButton(N_("Add person"), {"nationality": "VN"}),), body)
        table.edited.connect(self._count_people)
        return table

    def _count_people(self) -> None:
        """The number of persons follows the rows listed (the service refuses a mismatch)."""
        n = self.children_table.table.rowCount()
        if n:
            self.editors["persons"].set_value(n)

    def print_actions(self):
        return [(N_("Print handover record…"), N_("Both signed originals, each in Vietnamese and Chinese (Ctrl+P)"),
                 self.print_record),
                (N_("Print verification request…"), N_("The letter asking the other side to verify these persons"),
                 self.print_letter)]

    def print_record(self) -> bool:
        from borderdesk.ui.documents import open_handover_preview

        if self.uuid is None or not self.maybe_leave():
            return False
        open_handover_preview(self, self.uuid)
        return True

    def print_letter(self) -> bool:
        from borderdesk.ui.documents import open_verification_preview

        if self.uuid is None or not self.maybe_leave():
            return False
        open_verification_preview(self, self.uuid)
        return True

    def update_infos(self) -> None:
        data, _k = self.collect()
        requested = parse_date(data.get("verification_requested"))
        answered = parse_date(data.get("verification_answered"))
        side = data.get("verification_side") or "vn"
        text = ""
        if requested:
            try:
                due = calendar.verification_due(requested, side)
                left = calendar.calendar_for_side(side).working_days_between(dt.date.today(), due)
            except BorderDeskError:
                due, left = None, None
            if answered:
                text = _("Answered {date}").format(date=fmt_date(answered))
            elif due:
                text = deadline_text(due, left)
        else:
            text = _("7 working days from the request, in the answering side's calendar")
        self.infos["deadline"].setText(text)
