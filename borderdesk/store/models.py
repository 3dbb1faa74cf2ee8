"""Tables of the records database.

Every row that travels between machines (registry entries and records)
derives from :class:`Synced` and carries its identity: a UUID, the site that
owns it, created/updated times in UTC, a hybrid-logical-clock ``version``,
who changed it last, and a ``deleted`` tombstone. Child rows (delegation
members, persons handed over, markers covered) belong to their parent and
travel with it: they carry no identity of their own, and any change to them
is a change (a new version) of the parent.

Foreign keys between synced rows point at UUIDs, never at local integers,
so they mean the same on every machine.
"""
from __future__ import annotations

import datetime as dt

import peewee as pw

DB = pw.DatabaseProxy()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


#: The longest free text (notes, minutes, summaries): every layer takes this one number
#: through the field spec (``domain/fields.py``), the receiving site of a bundle too.
TEXT_MAX = 20000


class LongText(pw.TextField):
    """A free text of at most :data:`TEXT_MAX` characters (stored as TEXT, like any text)."""

    max_length = TEXT_MAX


class BaseModel(pw.Model):
    class Meta:
        database = DB
        legacy_table_names = False


class Setting(BaseModel):
    """Key/value facts about this database: its site identity, options."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class Synced(BaseModel):
    uuid = pw.CharField(primary_key=True, max_length=36)
    site = pw.CharField(max_length=32, index=True)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    version = pw.CharField(max_length=64, index=True)
    changed_by = pw.CharField(max_length=120, default="")
    deleted = pw.BooleanField(default=False)
    #: Local update sequence: every write here (local or imported) takes the
    #: next number, so a bundle carries "everything with seq above what the
    #: destination acknowledged".
    seq = pw.BigIntegerField(default=0, index=True)


# --- registry -----------------------------------------------------------------


class Post(Synced):
    """A site of ours: a border post, or a headquarters (provincial command)."""

    code = pw.CharField(max_length=32, unique=True)
    name_vi = pw.CharField(max_length=200)
    name_zh = pw.CharField(max_length=200, default="")
    province = pw.CharField(max_length=120, default="")
    kind = pw.CharField(max_length=16, default="post")  # post | headquarters


class CounterpartUnit(Synced):
    name_vi = pw.CharField(max_length=200)
    name_zh = pw.CharField(max_length=200, default="")
    unit_type = pw.CharField(max_length=64, default="")  # glossary key
    province = pw.CharField(max_length=120, default="")
    notes = LongText(default="")


class BorderGate(Synced):
    name_vi = pw.CharField(max_length=200)
    name_zh = pw.CharField(max_length=200, default="")
    gate_type = pw.CharField(max_length=64, default="")  # glossary key
    province = pw.CharField(max_length=120, default="")
    pair_vi = pw.CharField(max_length=200, default="")  # the gate opposite
    pair_zh = pw.CharField(max_length=200, default="")


class BoundaryMarker(Synced):
    number = pw.CharField(max_length=32)
    name_vi = pw.CharField(max_length=200, default="")
    name_zh = pw.CharField(max_length=200, default="")
    section = pw.CharField(max_length=120, default="")
    province = pw.CharField(max_length=120, default="")


class Officer(Synced):
    name_vi = pw.CharField(max_length=200)
    name_zh = pw.CharField(max_length=200, default="")
    rank = pw.CharField(max_length=64, default="")  # glossary key (colonel …) or free text
    position_vi = pw.CharField(max_length=200, default="")
    position_zh = pw.CharField(max_length=200, default="")
    post_code = pw.CharField(max_length=32, default="")


class HolidayCorrection(Synced):
    """A correction to the default holiday calendar of one country.

    ``is_day_off`` true adds a day off (a holiday or a substituted day off);
    false makes the date a working day (a make-up working weekend, or a
    holiday the government cancelled).
    """

    country = pw.CharField(max_length=2)  # VN | CN
    day = pw.DateField()
    is_day_off = pw.BooleanField()
    name_vi = pw.CharField(max_length=200, default="")
    name_zh = pw.CharField(max_length=200, default="")

    class Meta:
        indexes = ((("country", "day"), False),)


class GlossaryTerm(Synced):
    """A standard term in both languages, kept by headquarters and carried to the posts.

    The glossary shipped with the program (``resources/domain/glossary.tsv``) is the
    base; a row here adds a term or corrects a shipped one with the same ``key``. Its
    uuid is derived from the key, so the same term edited at two sites is one row.
    """

    key = pw.CharField(max_length=64, unique=True)
    vi = pw.CharField(max_length=300)
    zh = pw.CharField(max_length=300)
    en = pw.CharField(max_length=300, default="")
    note = pw.CharField(max_length=500, default="")


# --- records --------------------------------------------------------------------


class Record(Synced):
    """Common columns of every record kind."""

    date = pw.DateField()
    counterpart = pw.CharField(max_length=36, null=True)  # CounterpartUnit.uuid
    notes = LongText(default="")


# The indexes below are those of schema 1; the database's real indexes are
# made by the numbered migrations (store/migrations.py), never from here.
def _record_indexes():
    return (
        (("deleted", "date"), False),
        (("site", "deleted", "date"), False),
        (("counterpart", "date"), False),
    )


class HotlineCall(Record):
    time = pw.CharField(max_length=5, default="")  # HH:MM, local time
    direction = pw.CharField(max_length=16)  # incoming | outgoing
    counterpart_officer = pw.CharField(max_length=200, default="")
    our_officer = pw.CharField(max_length=200, default="")
    interpreter = pw.CharField(max_length=200, default="")
    subject_vi = pw.CharField(max_length=500, default="")
    subject_zh = pw.CharField(max_length=500, default="")
    content_vi = LongText(default="")
    content_zh = LongText(default="")
    follow_up_vi = LongText(default="")
    follow_up_zh = LongText(default="")
    follow_up_due = pw.DateField(null=True)

    class Meta:
        indexes = _record_indexes()


class Letter(Record):
    direction = pw.CharField(max_length=16)  # incoming | outgoing
    our_ref = pw.CharField(max_length=64, default="")
    their_ref = pw.CharField(max_length=64, default="")
    subject_vi = pw.CharField(max_length=500, default="")
    subject_zh = pw.CharField(max_length=500, default="")
    summary_vi = LongText(default="")
    summary_zh = LongText(default="")
    reply_due = pw.DateField(null=True)
    answered_on = pw.DateField(null=True)  # set when the reply is recorded
    in_reply_to = pw.CharField(max_length=36, null=True)  # Letter.uuid
    scan_path = pw.CharField(max_length=500, default="")

    class Meta:
        indexes = _record_indexes() + ((("reply_due", "answered_on"), False),)


class Talks(Record):
    """Talks (hội đàm) and meetings on the border (gặp gỡ), told apart by ``kind``."""

    kind = pw.CharField(max_length=16)  # talks | meeting
    talks_type = pw.CharField(max_length=16, default="")  # quarterly | annual | ad_hoc
    time = pw.CharField(max_length=5, default="")
    place_vi = pw.CharField(max_length=300, default="")
    place_zh = pw.CharField(max_length=300, default="")
    marker = pw.CharField(max_length=32, default="")
    host_side = pw.CharField(max_length=2, default="vn")  # vn | cn
    participants = pw.IntegerField(default=0)  # members (talks) / persons (meeting), both sides
    agenda_vi = LongText(default="")
    agenda_zh = LongText(default="")
    our_report_vi = LongText(default="")
    our_report_zh = LongText(default="")
    their_report_vi = LongText(default="")
    their_report_zh = LongText(default="")
    agreed_vi = LongText(default="")  # one agreed point a line
    agreed_zh = LongText(default="")
    purpose_vi = LongText(default="")
    purpose_zh = LongText(default="")
    outcome_vi = LongText(default="")
    outcome_zh = LongText(default="")
    #: "07/BB-PL": the minutes' number, given at their first final print (numbered per year per post)
    minutes_number = pw.CharField(max_length=32, default="")

    class Meta:
        indexes = _record_indexes() + ((("kind", "deleted", "date"), False),)


class DelegationMember(BaseModel):
    talks = pw.ForeignKeyField(Talks, backref="members", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    side = pw.CharField(max_length=2)  # vn | cn
    is_head = pw.BooleanField(default=False)
    name_vi = pw.CharField(max_length=200, default="")
    name_zh = pw.CharField(max_length=200, default="")
    rank = pw.CharField(max_length=64, default="")
    role_vi = pw.CharField(max_length=200, default="")
    role_zh = pw.CharField(max_length=200, default="")


class JointPatrol(Record):
    patrol_type = pw.CharField(max_length=24, default="joint")  # joint | law_enforcement
    section_vi = pw.CharField(max_length=300, default="")
    section_zh = pw.CharField(max_length=300, default="")
    teams = pw.IntegerField(default=0)
    personnel = pw.IntegerField(default=0)  # both sides together
    outreach_vi = LongText(default="")
    outreach_zh = LongText(default="")
    findings_vi = LongText(default="")
    findings_zh = LongText(default="")

    class Meta:
        indexes = _record_indexes()


class PatrolMarker(BaseModel):
    patrol = pw.ForeignKeyField(JointPatrol, backref="markers", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    marker = pw.CharField(max_length=32)  # marker number, e.g. 1118


class Handover(Record):
    handover_type = pw.CharField(max_length=16, default="handover")  # handover | repatriation
    direction = pw.CharField(max_length=16)  # received | handed_over
    gate = pw.CharField(max_length=36, null=True)  # BorderGate.uuid
    marker = pw.CharField(max_length=32, default="")
    persons = pw.IntegerField(default=0)
    verification_side = pw.CharField(max_length=2, default="vn")  # who must answer: vn | cn
    verification_requested = pw.DateField(null=True)
    verification_due = pw.DateField(null=True)  # computed: requested + 7 working days
    verification_answered = pw.DateField(null=True)
    verification_result_vi = LongText(default="")
    verification_result_zh = LongText(default="")
    #: for the handover record (biên bản bàn giao): the officers of both sides and what was handed over
    our_officer = pw.CharField(max_length=200, default="")
    their_officer = pw.CharField(max_length=200, default="")
    items_vi = LongText(default="")
    items_zh = LongText(default="")

    class Meta:
        indexes = _record_indexes() + ((("verification_due", "verification_answered"), False),)


class HandoverPerson(BaseModel):
    handover = pw.ForeignKeyField(Handover, backref="people", on_delete="CASCADE")
    position = pw.IntegerField(default=0)
    name = pw.CharField(max_length=200)
    name_zh = pw.CharField(max_length=200, default="")  # the name in Chinese characters, where known
    sex = pw.CharField(max_length=1, default="")  # M | F
    birth_year = pw.IntegerField(null=True)
    nationality = pw.CharField(max_length=2, default="")  # VN | CN | …
    document = pw.CharField(max_length=100, default="")
    address = pw.CharField(max_length=500, default="")


class Case(Record):
    category = pw.CharField(max_length=48)  # glossary crime-category key
    persons = pw.IntegerField(default=0)
    outcome = pw.CharField(max_length=32, default="other")
    summary_vi = LongText(default="")
    summary_zh = LongText(default="")

    class Meta:
        indexes = _record_indexes() + ((("deleted", "date", "category"), False),)


class FriendshipActivity(Record):
    activity_type = pw.CharField(max_length=24, default="exchange")
    participants = pw.IntegerField(default=0)
    place_vi = pw.CharField(max_length=300, default="")
    place_zh = pw.CharField(max_length=300, default="")
    description_vi = LongText(default="")
    description_zh = LongText(default="")

    class Meta:
        indexes = _record_indexes()


REGISTRY_MODELS = (Post, CounterpartUnit, BorderGate, BoundaryMarker, Officer, HolidayCorrection)
RECORD_MODELS = (HotlineCall, Letter, Talks, JointPatrol, Handover, Case, FriendshipActivity)
CHILD_MODELS = (DelegationMember, PatrolMarker, HandoverPerson)
SYNCED_MODELS = REGISTRY_MODELS + (GlossaryTerm,) + RECORD_MODELS
ALL_MODELS = (Setting,) + SYNCED_MODELS + CHILD_MODELS
