"""The form of a letter, with its reply deadline in working days."""
from __future__ import annotations

import datetime as dt

from borderdesk.domain import kinds as K
from borderdesk.domain.validation import parse_date
from borderdesk.i18n import N_, _
from borderdesk.services import calendar
from borderdesk.ui.records.form_base import F, RecordForm
from borderdesk.ui.widgets.display import deadline_text, fmt_date


class LetterForm(RecordForm):
    kind = "letter"
    FIELDS = (
        F("date", N_("Date"), "date"),
        F("direction", N_("Direction"), "choice", K.LETTER_DIRECTIONS),
        F("our_ref", N_("Our reference")),
        F("their_ref", N_("Their reference")),
        F("counterpart", N_("Counterpart unit"), "counterpart"),
        F("subject", N_("Subject"), "bi_line"),
        F("summary", N_("Summary"), "bi_text", lines=4),
        F("reply_due", N_("Reply due"), "date"),
        F("deadline", N_("Deadline"), "info"),
        F("answered_on", N_("Answered on"), "date"),
        F("notes", N_("Notes"), "text", lines=2),
    )

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
