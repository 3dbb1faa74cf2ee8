"""The record kinds and the vocabularies their fields take.

``KINDS`` is the one table every layer reads: the command line's ``--kind``
names, the GUI's navigation, the spreadsheet columns, the search index and
the reports. Labels are marked with ``N_`` and translated where shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from borderdesk.i18n import N_
from borderdesk.store import models as m


@dataclass(frozen=True)
class KindSpec:
    key: str  # command-line name: hotline_call, letter, talks, meeting, patrol, handover, case, friendship
    model: type
    label: str  # N_-marked, singular
    plural: str  # N_-marked, for navigation and reports
    #: text fields fed to the search index, in order
    text_fields: tuple[str, ...]
    #: the (vi, zh) pairs that appear in bilingual documents
    bilingual: tuple[tuple[str, str], ...] = ()
    #: value of ``Talks.kind`` for the two kinds that share the talks table
    talks_kind: str | None = None
    #: child collection name on the model, if any (members, people, markers)
    children: str | None = None
    summary_fields: tuple[str, ...] = field(default=())

    @property
    def table(self) -> str:
        return self.model._meta.table_name


def _pairs(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"{n}_vi", f"{n}_zh") for n in names)


def _flat(pairs) -> tuple[str, ...]:
    return tuple(f for pair in pairs for f in pair)


_CALL = _pairs("subject", "content", "follow_up")
_LETTER = _pairs("subject", "summary")
_TALKS = _pairs("place", "agenda", "our_report", "their_report", "agreed", "purpose", "outcome")
_PATROL = _pairs("section", "outreach", "findings")
_HANDOVER = _pairs("verification_result", "items")
_CASE = _pairs("summary")
_FRIEND = _pairs("place", "description")

KINDS: dict[str, KindSpec] = {
    k.key: k
    for k in (
        KindSpec("hotline_call", m.HotlineCall, N_("Hotline call"), N_("Hotline calls"),
                 _flat(_CALL) + ("counterpart_officer", "our_officer", "interpreter", "notes"), _CALL,
                 summary_fields=("subject_vi", "subject_zh")),
        KindSpec("letter", m.Letter, N_("Letter"), N_("Letters"),
                 _flat(_LETTER) + ("our_ref", "their_ref", "notes"), _LETTER,
                 summary_fields=("subject_vi", "subject_zh")),
        KindSpec("talks", m.Talks, N_("Talks"), N_("Talks"),
                 _flat(_TALKS) + ("marker", "notes"), _TALKS, talks_kind="talks", children="members",
                 summary_fields=("agenda_vi", "agenda_zh")),
        KindSpec("meeting", m.Talks, N_("Meeting on the border"), N_("Meetings on the border"),
                 _flat(_TALKS) + ("marker", "notes"), _TALKS, talks_kind="meeting", children="members",
                 summary_fields=("purpose_vi", "purpose_zh")),
        KindSpec("patrol", m.JointPatrol, N_("Joint patrol"), N_("Joint patrols"),
                 _flat(_PATROL) + ("notes",), _PATROL, children="markers",
                 summary_fields=("section_vi", "section_zh")),
        KindSpec("handover", m.Handover, N_("Handover"), N_("Handovers"),
                 _flat(_HANDOVER) + ("marker", "our_officer", "their_officer", "notes"), _HANDOVER,
                 children="people",
                 summary_fields=("notes",)),
        KindSpec("case", m.Case, N_("Case"), N_("Cases"),
                 _flat(_CASE) + ("notes",), _CASE, summary_fields=("summary_vi", "summary_zh")),
        KindSpec("friendship", m.FriendshipActivity, N_("Friendship activity"), N_("Friendship activities"),
                 _flat(_FRIEND) + ("notes",), _FRIEND, summary_fields=("description_vi", "description_zh")),
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
