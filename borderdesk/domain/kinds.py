"""The record kinds: every field of each declared once, and the vocabularies they take.

``KINDS`` is the one table every layer reads: the services' validation, the
forms, the lists, the spreadsheet columns, the sync's row checks, the search
index, the reports and the command line's ``--kind`` names. Adding a plain field
to a kind is: the model's column (``store/models.py``), a migration
(``store/migrations.py``), one :class:`~borderdesk.domain.fields.Field` line here,
and its label's translations.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from borderdesk.domain.fields import ChildSpec, Field, ListColumn, columns_of, field_of
from borderdesk.i18n import N_
from borderdesk.store import models as m


@dataclass(frozen=True)
class Deadline:
    """A deadline a kind's records run against (a letter's reply, a handover's verification): the list's
    status column and its status filter read it, and the services' ``status`` filter."""

    due: str  # the column holding the due date
    answered: str  # the column holding the date it was answered
    asked: str  # the column set when the answer is awaited
    side_field: str  # the column naming the side whose working days count
    #: *side_field*'s value -> side ("vn" | "cn"); None: the column holds the side itself
    side_of: dict | None = None

    def side(self, row) -> str:
        value = getattr(row, self.side_field, None)
        got = self.side_of.get(value) if self.side_of is not None else value
        return got or "vn"


#: the status filter of a kind with a deadline
STATUSES = {"pending": N_("Waiting for an answer"), "overdue": N_("Overdue"), "answered": N_("Answered")}


@dataclass(frozen=True)
class KindSpec:
    key: str  # command-line name: hotline_call, letter, talks, meeting, patrol, handover, case, friendship
    model: type
    label: str  # N_-marked, singular
    plural: str  # N_-marked, for navigation and reports
    #: every field the officer fills, in the form's order (identity columns are not fields)
    fields: tuple[Field, ...]
    #: value of ``Talks.kind`` for the two kinds that share the talks table
    talks_kind: str | None = None
    child: ChildSpec | None = None
    deadline: Deadline | None = None

    @property
    def table(self) -> str:
        return self.model._meta.table_name

    @property
    def children(self) -> str | None:
        """The child collection's name on the model (members, people, markers), if any."""
        return self.child.name if self.child else None

    @property
    def columns(self) -> tuple[str, ...]:
        return columns_of(self.fields)

    def field(self, column: str) -> Field:
        """The field holding *column* (``subject_zh`` -> the ``subject`` field)."""
        return field_of(self.fields, column)

    def max_length(self, column: str) -> int | None:
        return self.field(column).max_length(self.model, column)

    @property
    def text_fields(self) -> tuple[str, ...]:
        """The columns fed to the search index, in order: the bilingual pairs, then the others."""
        searched = [f for f in self.fields if f.searchable]
        return columns_of([f for f in searched if f.bilingual]) + columns_of([f for f in searched if not f.bilingual])

    @property
    def bilingual(self) -> tuple[tuple[str, str], ...]:
        """The (vi, zh) pairs of the kind's bilingual texts (documents print them side by side)."""
        return tuple(f.columns for f in self.fields if f.bilingual and f.searchable)  # type: ignore[misc]

    @property
    def summary_fields(self) -> tuple[str, ...]:
        return columns_of([f for f in self.fields if f.summary])

    @property
    def required(self) -> tuple[str, ...]:
        return columns_of([f for f in self.fields if f.required])

    @property
    def list_fields(self) -> tuple[Field, ...]:
        """The fields the kind's list shows, in the spec's order."""
        return tuple(f for f in self.fields if f.list_column is not None)

    @property
    def filter_fields(self) -> tuple[Field, ...]:
        """The fields the list can be filtered by (beyond dates, counterpart, status and search)."""
        return tuple(f for f in self.fields if f.filter)

    @property
    def sortable(self) -> tuple[str, ...]:
        """The columns the list sorts by (a bilingual field by its Vietnamese column)."""
        return tuple(f.columns[0] for f in self.list_fields if f.list_column.sort)

    def vocabularies(self) -> dict[str, dict[str, str]]:
        """column -> vocabulary, for the fields that take one key of a vocabulary."""
        return {f.name: dict(f.vocab) for f in self.fields if f.type == "choice" and f.vocab}


# --- vocabularies (glossary keys) ------------------------------------------------

CALL_DIRECTIONS = {"incoming": N_("Incoming (they called)"), "outgoing": N_("Outgoing (we called)")}
LETTER_DIRECTIONS = {"incoming": N_("Received"), "outgoing": N_("Sent")}
HANDOVER_DIRECTIONS = {"received": N_("Received from the other side"), "handed_over": N_("Handed to the other side")}
HANDOVER_TYPES = {"handover": N_("Handover"), "repatriation": N_("Repatriation")}
TALKS_TYPES = {"quarterly": N_("Periodic (quarterly)"), "annual": N_("Periodic (annual)"), "ad_hoc": N_("Ad hoc")}
SIDES = {"vn": N_("Vietnamese side"), "cn": N_("Chinese side")}
PATROL_TYPES = {"joint": N_("Joint patrol"), "law_enforcement": N_("Joint law-enforcement patrol")}
FRIENDSHIP_TYPES = {
    "exchange": N_("Friendship exchange"),
    "twinning": N_("Twinning"),
    "holiday_visit": N_("Holiday visit"),
    "award": N_("Award"),
    "other": N_("Other activity"),
}
SEXES = {"M": N_("Male"), "F": N_("Female")}

#: crime categories: the glossary keys marked "crime category"
CASE_CATEGORIES = {
    "illegal_crossing": N_("Illegal border crossing"),
    "organizing_illegal_crossing": N_("Organizing illegal border crossing"),
    "illegal_goods_transport": N_("Illegal transport of goods across the border"),
    "smuggling": N_("Smuggling"),
    "trade_fraud": N_("Trade fraud"),
    "firecrackers": N_("Firecrackers"),
    "drugs": N_("Drugs"),
    "human_trafficking": N_("Human trafficking"),
    "currency_precious_metals": N_("Illegal transport of currency and precious metals"),
    "high_tech_crime": N_("High-tech crime"),
    "other_case": N_("Other case"),
}
CASE_OUTCOMES = {
    "criminal_proceedings": N_("Criminal proceedings opened"),
    "administrative_handling": N_("Administrative penalty"),
    "handed_over": N_("Handed to the other side"),
    "other": N_("Other"),
}
UNIT_TYPES = {
    "exit_entry_inspection_station": N_("Exit-entry border inspection station"),
    "exit_entry_inspection_head_station": N_("Exit-entry border inspection head station"),
    "border_management_detachment": N_("Border management detachment"),
    "border_police_station": N_("Border police station"),
    "other": N_("Other unit"),
}
GATE_TYPES = {
    "international_border_gate": N_("International border gate"),
    "bilateral_border_gate": N_("Bilateral border gate"),
    "auxiliary_border_gate": N_("Auxiliary border gate"),
    "crossing_point": N_("Crossing point"),
    "border_gate": N_("Border gate"),
}
#: ranks per force, each force's from the highest: the Vietnamese People's Army (Border Guard),
#: the Chinese people's police (the inspection stations, management detachments and police
#: stations opposite hold police ranks since 2018) and the PLA. Their Vietnamese and Chinese
#: names for documents are in ``documents/terms.py``.
VN_ARMY_RANKS = {
    "general": N_("General"),
    "colonel_general": N_("Colonel general"),
    "lieutenant_general": N_("Lieutenant general"),
    "major_general": N_("Major general"),
    "colonel": N_("Colonel"),
    "senior_lieutenant_colonel": N_("Senior lieutenant colonel"),
    "lieutenant_colonel": N_("Lieutenant colonel"),
    "major": N_("Major"),
    "captain": N_("Captain"),
    "senior_lieutenant": N_("Senior lieutenant"),
    "lieutenant": N_("Lieutenant"),
    "second_lieutenant": N_("Second lieutenant"),
}
CN_POLICE_RANKS = {
    "cn_police_commissioner_1": N_("Police commissioner, 1st class (一级警监)"),
    "cn_police_commissioner_2": N_("Police commissioner, 2nd class (二级警监)"),
    "cn_police_commissioner_3": N_("Police commissioner, 3rd class (三级警监)"),
    "cn_police_superintendent_1": N_("Police superintendent, 1st class (一级警督)"),
    "cn_police_superintendent_2": N_("Police superintendent, 2nd class (二级警督)"),
    "cn_police_superintendent_3": N_("Police superintendent, 3rd class (三级警督)"),
    "cn_police_inspector_1": N_("Police inspector, 1st class (一级警司)"),
    "cn_police_inspector_2": N_("Police inspector, 2nd class (二级警司)"),
    "cn_police_inspector_3": N_("Police inspector, 3rd class (三级警司)"),
    "cn_police_constable_1": N_("Police constable, 1st class (一级警员)"),
    "cn_police_constable_2": N_("Police constable, 2nd class (二级警员)"),
}
PLA_RANKS = {
    "pla_major_general": N_("PLA major general (少将)"),
    "pla_senior_colonel": N_("PLA senior colonel (大校)"),
    "pla_colonel": N_("PLA colonel (上校)"),
    "pla_lieutenant_colonel": N_("PLA lieutenant colonel (中校)"),
    "pla_major": N_("PLA major (少校)"),
    "pla_captain": N_("PLA captain (上尉)"),
    "pla_lieutenant": N_("PLA lieutenant (中尉)"),
    "pla_second_lieutenant": N_("PLA second lieutenant (少尉)"),
}
RANK_FORCES = {"vn_army": VN_ARMY_RANKS, "cn_police": CN_POLICE_RANKS, "pla": PLA_RANKS}
#: every rank a form offers: ours first, then the ranks of the units opposite
RANKS = {**VN_ARMY_RANKS, **CN_POLICE_RANKS, **PLA_RANKS}


# --- the fields -------------------------------------------------------------------------

DATE = Field("date", N_("Date"), "date", required=True, list_column=ListColumn(15, sort=True))
COUNTERPART = Field("counterpart", N_("Counterpart unit"), "ref", ref="counterpart", list_column=ListColumn(sort=True))
NOTES = Field("notes", N_("Notes"), "text", searchable=True, lines=2)
TIME = Field("time", N_("Time"), "time")


def _place_fields(participants_label: str, alias: str, header: str) -> tuple[Field, ...]:
    return (
        TIME,
        Field("host_side", N_("Host side"), "choice", vocab=SIDES, default="vn"),
        Field("place", N_("Place"), "line", bilingual=True, searchable=True, list_column=ListColumn(20, optional=1)),
        Field("marker", N_("Boundary marker"), "line", ref="marker", searchable=True),
        COUNTERPART,
        Field("participants", participants_label, "count", sheet_aliases=(alias,),
              list_column=ListColumn(8, header=header, sort=True)),
    )


def _talks_texts(shown: bool) -> tuple[Field, ...]:
    """The texts of talks (shown in the talks' form; kept, not shown, for meetings: one table)."""
    return (
        Field("agenda", N_("Agenda"), "text", bilingual=True, searchable=True, summary=shown, in_form=shown,
              list_column=ListColumn() if shown else None),
        Field("our_report", N_("Our side reported"), "text", bilingual=True, searchable=True, in_form=shown),
        Field("their_report", N_("Their side reported"), "text", bilingual=True, searchable=True, in_form=shown),
        Field("agreed", N_("Agreed (one point a line)"), "text", bilingual=True, searchable=True, in_form=shown,
              lines=4),
    )


def _meeting_texts(shown: bool) -> tuple[Field, ...]:
    return (
        Field("purpose", N_("Purpose"), "text", bilingual=True, searchable=True, summary=shown, in_form=shown,
              list_column=ListColumn() if shown else None),
        Field("outcome", N_("Outcome"), "text", bilingual=True, searchable=True, in_form=shown),
    )


def _names(required: bool = True, label: str = N_("Name"), header: str = N_("Vietnamese name")) -> tuple[Field, ...]:
    return (Field("name_vi", label, required=required, searchable=True, list_column=ListColumn(header=header)),
            Field("name_zh", N_("Chinese name"), searchable=True, list_column=ListColumn()))


_PROVINCE = Field("province", N_("Province"), searchable=True, list_column=ListColumn(12))
POST_KINDS = {"post": N_("Border post"), "headquarters": N_("Headquarters (provincial command)")}

#: registry kind -> (model, label, its fields)
REGISTRY: dict[str, tuple[type, str, tuple[Field, ...]]] = {
    "post": (m.Post, N_("Posts"), (
        Field("code", N_("Code"), required=True, searchable=True, list_column=ListColumn(6)), *_names(), _PROVINCE,
        Field("kind", N_("Type"), "choice", vocab=POST_KINDS, default="post"))),
    "counterpart": (m.CounterpartUnit, N_("Counterpart units"), (
        *_names(), Field("unit_type", N_("Unit type"), "choice", vocab=UNIT_TYPES, default="",
                         list_column=ListColumn(26)),
        _PROVINCE, Field("notes", N_("Notes"), "text", searchable=True))),
    "gate": (m.BorderGate, N_("Border gates"), (
        *_names(), Field("gate_type", N_("Gate type"), "choice", vocab=GATE_TYPES, default="",
                         list_column=ListColumn(20)),
        Field("pair", N_("Opposite gate"), bilingual=True, searchable=True), _PROVINCE)),
    "marker": (m.BoundaryMarker, N_("Boundary markers"), (
        Field("number", N_("Marker number"), required=True, searchable=True, list_column=ListColumn(8)),
        *_names(required=False), Field("section", N_("Border section"), searchable=True, list_column=ListColumn(16)),
        Field("province", N_("Province")))),
    "officer": (m.Officer, N_("Officers"), (
        *_names(label=N_("Full name"), header=N_("Full name")),
        Field("rank", N_("Rank"), vocab=RANKS, list_column=ListColumn(14)),
        Field("position", N_("Position"), bilingual=True, searchable=True),
        Field("post_code", N_("Post code"), list_column=ListColumn(8)))),
}


#: "07/BB-PL", given at the first complete print of the minutes (services.document_numbers)
MINUTES_NUMBER = Field("minutes_number", N_("Minutes number"), "line", in_form=False)

MEMBERS = ChildSpec("members", m.DelegationMember, "talks", N_("Delegations"), (
    Field("side", N_("Side"), "choice", vocab=SIDES, required=True, list_column=ListColumn(10)),
    Field("is_head", N_("Head"), "flag", list_column=ListColumn(5)),
    Field("name", N_("Full name"), "line", bilingual=True, searchable=True),
    Field("rank", N_("Rank"), "line", vocab=RANKS, list_column=ListColumn(10)),
    Field("role", N_("Position"), "line", bilingual=True, searchable=True),
), sheet_column="delegation")
PEOPLE = ChildSpec("people", m.HandoverPerson, "handover", N_("Persons handed over"), (
    Field("name", N_("Full name"), "line", required=True, searchable=True),
    Field("name_zh", N_("Name (Chinese)"), "line", searchable=True, list_column=ListColumn(10)),
    Field("sex", N_("Sex"), "choice", vocab=SEXES, default="", list_column=ListColumn(7)),
    Field("birth_year", N_("Year of birth"), "year", list_column=ListColumn(8)),
    Field("nationality", N_("Nationality"), "code", list_column=ListColumn(7)),
    Field("document", N_("Document"), "line", searchable=True, list_column=ListColumn(12)),
    Field("address", N_("Home address"), "line", searchable=True),
), sheet_column="people")
MARKERS = ChildSpec("markers", m.PatrolMarker, "patrol", N_("Markers covered"), (
    Field("marker", N_("Marker number"), "line", ref="marker", required=True, searchable=True),
), sheet_column="markers")

KINDS: dict[str, KindSpec] = {
    k.key: k
    for k in (
        KindSpec("hotline_call", m.HotlineCall, N_("Hotline call"), N_("Hotline calls"), (
            DATE,
            dataclasses.replace(TIME, list_column=ListColumn(6, optional=2)),
            Field("direction", N_("Direction"), "choice", vocab=CALL_DIRECTIONS, required=True,
                  filter=N_("All directions"), list_column=ListColumn(18, sort=True)),
            COUNTERPART,
            Field("counterpart_officer", N_("Their officer"), searchable=True),
            Field("our_officer", N_("Our officer"), ref="officer", searchable=True,
                  list_column=ListColumn(18, optional=1)),
            Field("interpreter", N_("Interpreter"), searchable=True),
            Field("subject", N_("Subject"), "line", bilingual=True, searchable=True, summary=True,
                  list_column=ListColumn(sort=True)),
            Field("content", N_("Content"), "text", bilingual=True, searchable=True, lines=4),
            Field("follow_up", N_("Follow-up"), "text", bilingual=True, searchable=True, lines=2),
            Field("follow_up_due", N_("Follow-up due"), "date", future_ok=True),
            NOTES,
        )),
        KindSpec("letter", m.Letter, N_("Letter"), N_("Letters"), (
            DATE,
            Field("direction", N_("Direction"), "choice", vocab=LETTER_DIRECTIONS, required=True,
                  filter=N_("All directions"), list_column=ListColumn(10, optional=2, sort=True)),
            Field("our_ref", N_("Our reference"), searchable=True,
                  list_column=ListColumn(12, optional=1, sort=True, or_else="their_ref")),
            Field("their_ref", N_("Their reference"), searchable=True),
            COUNTERPART,
            Field("subject", N_("Subject"), "line", bilingual=True, searchable=True, summary=True,
                  list_column=ListColumn(sort=True)),
            Field("summary", N_("Summary"), "text", bilingual=True, searchable=True, lines=4),
            Field("reply_due", N_("Reply due"), "date", future_ok=True,
                  list_column=ListColumn(30, header=N_("Reply"), sort=True)),
            Field("answered_on", N_("Answered on"), "date"),
            Field("in_reply_to", N_("In reply to"), "ref", ref="letter", in_form=False),
            Field("scan_path", N_("Scan"), "line", in_form=False),
            NOTES,
        ), deadline=Deadline("reply_due", "answered_on", "reply_due", "direction", {"incoming": "vn", "outgoing": "cn"})),
        KindSpec("talks", m.Talks, N_("Talks"), N_("Talks"), (
            DATE,
            Field("talks_type", N_("Type"), "choice", vocab=TALKS_TYPES, default="ad_hoc",
                  list_column=ListColumn(16, optional=2)),
            *_place_fields(N_("Participants (both sides)"), "members", N_("Members")),
            *_talks_texts(True),
            *_meeting_texts(False),
            NOTES,
            MINUTES_NUMBER,
        ), talks_kind="talks", child=MEMBERS),
        KindSpec("meeting", m.Talks, N_("Meeting on the border"), N_("Meetings on the border"), (
            DATE,
            *_place_fields(N_("Participants (both sides)"), "persons", N_("Persons")),
            *_talks_texts(False),  # one table with the talks: kept, not shown
            *_meeting_texts(True),
            NOTES,
            MINUTES_NUMBER,
        ), talks_kind="meeting", child=MEMBERS),
        KindSpec("patrol", m.JointPatrol, N_("Joint patrol"), N_("Joint patrols"), (
            DATE,
            Field("patrol_type", N_("Type"), "choice", vocab=PATROL_TYPES, default="joint",
                  list_column=ListColumn(18, optional=1)),
            COUNTERPART,
            Field("section", N_("Section"), "line", bilingual=True, searchable=True, summary=True,
                  list_column=ListColumn()),
            Field("teams", N_("Teams"), "count", list_column=ListColumn(7, optional=2, sort=True)),
            Field("personnel", N_("Personnel (both sides)"), "count",
                  list_column=ListColumn(8, header=N_("Personnel"), sort=True)),
            Field("outreach", N_("Outreach"), "text", bilingual=True, searchable=True),
            Field("findings", N_("Findings"), "text", bilingual=True, searchable=True),
            NOTES,
        ), child=MARKERS),
        KindSpec("handover", m.Handover, N_("Handover"), N_("Handovers"), (
            DATE,
            Field("direction", N_("Direction"), "choice", vocab=HANDOVER_DIRECTIONS, required=True,
                  filter=N_("All directions"), list_column=ListColumn(22, sort=True)),
            Field("handover_type", N_("Type"), "choice", vocab=HANDOVER_TYPES, default="handover",
                  list_column=ListColumn(12, optional=1)),
            COUNTERPART,
            Field("gate", N_("Border gate"), "ref", ref="gate"),
            Field("marker", N_("Boundary marker"), "line", ref="marker", searchable=True),
            Field("persons", N_("Persons"), "count", list_column=ListColumn(8, sort=True)),
            # the handover record (biên bản bàn giao) names both sides' officers and the items handed over
            Field("our_officer", N_("Our officer"), ref="officer", searchable=True),
            Field("their_officer", N_("Their officer"), searchable=True),
            Field("items", N_("Items handed over"), "text", bilingual=True, searchable=True, lines=2),
            # empty: the side that did not hand the persons over (see services.record_rules)
            Field("verification_side", N_("Verification answered by"), "choice", vocab=SIDES),
            Field("verification_requested", N_("Verification requested"), "date"),
            Field("verification_due", N_("Verification due"), "date", derived=True, in_form=False,
                  list_column=ListColumn(header=N_("Verification"), sort=True)),
            Field("verification_answered", N_("Verification answered"), "date"),
            Field("verification_result", N_("Verification result"), "text", bilingual=True, searchable=True,
                  lines=2),
            Field("notes", N_("Notes"), "text", searchable=True, summary=True, lines=2),
        ), child=PEOPLE, deadline=Deadline("verification_due", "verification_answered", "verification_requested",
                                           "verification_side")),
        KindSpec("case", m.Case, N_("Case"), N_("Cases"), (
            DATE,
            Field("category", N_("Category"), "choice", vocab=CASE_CATEGORIES, required=True,
                  filter=N_("All categories"), list_column=ListColumn(24, sort=True)),
            Field("outcome", N_("Outcome"), "choice", vocab=CASE_OUTCOMES, default="other",
                  filter=N_("All outcomes"), list_column=ListColumn(20, optional=1, sort=True)),
            Field("persons", N_("Persons"), "count", list_column=ListColumn(8, sort=True)),
            dataclasses.replace(COUNTERPART, list_column=None),  # a case's list has no room for it
            Field("summary", N_("Summary"), "text", bilingual=True, searchable=True, summary=True, lines=5,
                  list_column=ListColumn()),
            NOTES,
        )),
        KindSpec("friendship", m.FriendshipActivity, N_("Friendship activity"), N_("Friendship activities"), (
            DATE,
            Field("activity_type", N_("Activity"), "choice", vocab=FRIENDSHIP_TYPES, default="exchange",
                  list_column=ListColumn(18, optional=2)),
            COUNTERPART,
            Field("participants", N_("Participants"), "count", list_column=ListColumn(10, sort=True)),
            Field("place", N_("Place"), "line", bilingual=True, searchable=True, list_column=ListColumn(20, optional=1)),
            Field("description", N_("Description"), "text", bilingual=True, searchable=True, summary=True, lines=5,
                  list_column=ListColumn()),
            NOTES,
        )),
    )
}

#: the kinds the spreadsheet import/export and ``list`` accept on the command line
CLI_KINDS = ("hotline_call", "letter", "talks", "meeting", "patrol", "handover", "case", "friendship")


def kind_of(model_or_row, talks_kind: str | None = None) -> KindSpec:
    """The spec for a model class (or a row of it; talks rows tell talks from meetings)."""
    model = model_or_row if isinstance(model_or_row, type) else type(model_or_row)
    if model is m.Talks:
        tk = talks_kind or getattr(model_or_row, "kind", None) or "talks"
        return KINDS["meeting" if tk == "meeting" else "talks"]
    for spec in KINDS.values():
        if spec.model is model:
            return spec
    raise KeyError(model)
