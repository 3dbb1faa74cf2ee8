"""The form class of each record kind."""
from __future__ import annotations

from borderdesk.ui.records.case_form import CaseForm
from borderdesk.ui.records.form_base import RecordForm
from borderdesk.ui.records.friendship_form import FriendshipForm
from borderdesk.ui.records.handover_form import HandoverForm
from borderdesk.ui.records.hotline_call_form import HotlineCallForm
from borderdesk.ui.records.letter_form import LetterForm
from borderdesk.ui.records.patrol_form import PatrolForm
from borderdesk.ui.records.talks_form import MeetingForm, TalksForm

FORMS: dict[str, type[RecordForm]] = {
    "hotline_call": HotlineCallForm,
    "letter": LetterForm,
    "talks": TalksForm,
    "meeting": MeetingForm,
    "patrol": PatrolForm,
    "handover": HandoverForm,
    "case": CaseForm,
    "friendship": FriendshipForm,
}
