"""The form of a letter, with its reply deadline in working days."""
from __future__ import annotations

import datetime as dt

from borderdesk.domain.validation import parse_date
from borderdesk.i18n import N_, _
from borderdesk.services import calendar
from borderdesk.ui.records.form_base import F, RecordForm, fields_of
from borderdesk.ui.widgets.display import deadline_text, fmt_date


class LetterForm(RecordForm):
    kind = "letter"
    FIELDS = fields_of("letter", after={"reply_due": F("deadline", N_("Deadline"), "info")})

    def update_infos(self) -> None:
        data, _k = self.collect()
        due = parse_date(data.get("reply_due"))
        answered = parse_date(data.get("answered_on"))
        text = ""
        if answered:
            text = _("Answered {date}").format(date=fmt_date(answered))
        elif due:
            side = calendar.letter_answer_side(data.get("direction") or "incoming")
            left = calendar.calendar_for_side(side).working_days_between(dt.date.today(), due)
            text = deadline_text(due, left)
        self.infos["deadline"].setText(text)
