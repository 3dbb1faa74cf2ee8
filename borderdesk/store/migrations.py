"""Schema version and numbered migrations.

Each migration is a function that takes the database and runs inside one
transaction. Which ones ran is kept in ``schema_migration``; ``PRAGMA
user_version`` holds the highest, for tools that look at the file. Migration
1 is frozen SQL (the first release's tables exactly), never regenerated from
the models, so that an old file upgrades the same way forever. Later ones use
``playhouse.migrate`` or plain SQL.
"""
from __future__ import annotations

from typing import Callable

import peewee as pw

from borderdesk.domain.errors import SetupError

MIGRATIONS: dict[int, Callable[[pw.SqliteDatabase], None]] = {}


def migration(number: int):
    def register(fn):
        if number in MIGRATIONS:
            raise RuntimeError(f"migration {number} defined twice")
        MIGRATIONS[number] = fn
        return fn

    return register


_V1 = """
CREATE TABLE "border_gate" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL, "gate_type" VARCHAR(64) NOT NULL, "province" VARCHAR(120) NOT NULL, "pair_vi" VARCHAR(200) NOT NULL, "pair_zh" VARCHAR(200) NOT NULL);
CREATE INDEX "border_gate_seq" ON "border_gate" ("seq");
CREATE INDEX "border_gate_site" ON "border_gate" ("site");
CREATE INDEX "border_gate_version" ON "border_gate" ("version");
CREATE TABLE "boundary_marker" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "number" VARCHAR(32) NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL, "section" VARCHAR(120) NOT NULL, "province" VARCHAR(120) NOT NULL);
CREATE INDEX "boundary_marker_seq" ON "boundary_marker" ("seq");
CREATE INDEX "boundary_marker_site" ON "boundary_marker" ("site");
CREATE INDEX "boundary_marker_version" ON "boundary_marker" ("version");
CREATE TABLE "case" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "category" VARCHAR(48) NOT NULL, "persons" INTEGER NOT NULL, "outcome" VARCHAR(32) NOT NULL, "summary_vi" TEXT NOT NULL, "summary_zh" TEXT NOT NULL);
CREATE INDEX "case_counterpart_date" ON "case" ("counterpart", "date");
CREATE INDEX "case_deleted_date" ON "case" ("deleted", "date");
CREATE INDEX "case_deleted_date_category" ON "case" ("deleted", "date", "category");
CREATE INDEX "case_seq" ON "case" ("seq");
CREATE INDEX "case_site" ON "case" ("site");
CREATE INDEX "case_site_deleted_date" ON "case" ("site", "deleted", "date");
CREATE INDEX "case_version" ON "case" ("version");
CREATE TABLE "counterpart_unit" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL, "unit_type" VARCHAR(64) NOT NULL, "province" VARCHAR(120) NOT NULL, "notes" TEXT NOT NULL);
CREATE INDEX "counterpart_unit_seq" ON "counterpart_unit" ("seq");
CREATE INDEX "counterpart_unit_site" ON "counterpart_unit" ("site");
CREATE INDEX "counterpart_unit_version" ON "counterpart_unit" ("version");
CREATE TABLE "delegation_member" ("id" INTEGER NOT NULL PRIMARY KEY, "talks_id" VARCHAR(36) NOT NULL, "position" INTEGER NOT NULL, "side" VARCHAR(2) NOT NULL, "is_head" INTEGER NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL, "rank" VARCHAR(64) NOT NULL, "role_vi" VARCHAR(200) NOT NULL, "role_zh" VARCHAR(200) NOT NULL, FOREIGN KEY ("talks_id") REFERENCES "talks" ("uuid") ON DELETE CASCADE);
CREATE INDEX "delegation_member_talks_id" ON "delegation_member" ("talks_id");
CREATE TABLE "friendship_activity" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "activity_type" VARCHAR(24) NOT NULL, "participants" INTEGER NOT NULL, "place_vi" VARCHAR(300) NOT NULL, "place_zh" VARCHAR(300) NOT NULL, "description_vi" TEXT NOT NULL, "description_zh" TEXT NOT NULL);
CREATE INDEX "friendship_activity_counterpart_date" ON "friendship_activity" ("counterpart", "date");
CREATE INDEX "friendship_activity_deleted_date" ON "friendship_activity" ("deleted", "date");
CREATE INDEX "friendship_activity_seq" ON "friendship_activity" ("seq");
CREATE INDEX "friendship_activity_site" ON "friendship_activity" ("site");
CREATE INDEX "friendship_activity_site_deleted_date" ON "friendship_activity" ("site", "deleted", "date");
CREATE INDEX "friendship_activity_version" ON "friendship_activity" ("version");
CREATE TABLE "handover" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "handover_type" VARCHAR(16) NOT NULL, "direction" VARCHAR(16) NOT NULL, "gate" VARCHAR(36), "marker" VARCHAR(32) NOT NULL, "persons" INTEGER NOT NULL, "verification_side" VARCHAR(2) NOT NULL, "verification_requested" DATE, "verification_due" DATE, "verification_answered" DATE, "verification_result_vi" TEXT NOT NULL, "verification_result_zh" TEXT NOT NULL);
CREATE INDEX "handover_counterpart_date" ON "handover" ("counterpart", "date");
CREATE INDEX "handover_deleted_date" ON "handover" ("deleted", "date");
CREATE TABLE "handover_person" ("id" INTEGER NOT NULL PRIMARY KEY, "handover_id" VARCHAR(36) NOT NULL, "position" INTEGER NOT NULL, "name" VARCHAR(200) NOT NULL, "sex" VARCHAR(1) NOT NULL, "birth_year" INTEGER, "nationality" VARCHAR(2) NOT NULL, "document" VARCHAR(100) NOT NULL, "address" VARCHAR(500) NOT NULL, FOREIGN KEY ("handover_id") REFERENCES "handover" ("uuid") ON DELETE CASCADE);
CREATE INDEX "handover_person_handover_id" ON "handover_person" ("handover_id");
CREATE INDEX "handover_seq" ON "handover" ("seq");
CREATE INDEX "handover_site" ON "handover" ("site");
CREATE INDEX "handover_site_deleted_date" ON "handover" ("site", "deleted", "date");
CREATE INDEX "handover_verification_due_verification_answered" ON "handover" ("verification_due", "verification_answered");
CREATE INDEX "handover_version" ON "handover" ("version");
CREATE TABLE "holiday_correction" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "country" VARCHAR(2) NOT NULL, "day" DATE NOT NULL, "is_day_off" INTEGER NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL);
CREATE INDEX "holiday_correction_country_day" ON "holiday_correction" ("country", "day");
CREATE INDEX "holiday_correction_seq" ON "holiday_correction" ("seq");
CREATE INDEX "holiday_correction_site" ON "holiday_correction" ("site");
CREATE INDEX "holiday_correction_version" ON "holiday_correction" ("version");
CREATE TABLE "hotline_call" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "time" VARCHAR(5) NOT NULL, "direction" VARCHAR(16) NOT NULL, "counterpart_officer" VARCHAR(200) NOT NULL, "our_officer" VARCHAR(200) NOT NULL, "interpreter" VARCHAR(200) NOT NULL, "subject_vi" VARCHAR(500) NOT NULL, "subject_zh" VARCHAR(500) NOT NULL, "content_vi" TEXT NOT NULL, "content_zh" TEXT NOT NULL, "follow_up_vi" TEXT NOT NULL, "follow_up_zh" TEXT NOT NULL, "follow_up_due" DATE);
CREATE INDEX "hotline_call_counterpart_date" ON "hotline_call" ("counterpart", "date");
CREATE INDEX "hotline_call_deleted_date" ON "hotline_call" ("deleted", "date");
CREATE INDEX "hotline_call_seq" ON "hotline_call" ("seq");
CREATE INDEX "hotline_call_site" ON "hotline_call" ("site");
CREATE INDEX "hotline_call_site_deleted_date" ON "hotline_call" ("site", "deleted", "date");
CREATE INDEX "hotline_call_version" ON "hotline_call" ("version");
CREATE TABLE "joint_patrol" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "patrol_type" VARCHAR(24) NOT NULL, "section_vi" VARCHAR(300) NOT NULL, "section_zh" VARCHAR(300) NOT NULL, "teams" INTEGER NOT NULL, "personnel" INTEGER NOT NULL, "outreach_vi" TEXT NOT NULL, "outreach_zh" TEXT NOT NULL, "findings_vi" TEXT NOT NULL, "findings_zh" TEXT NOT NULL);
CREATE INDEX "joint_patrol_counterpart_date" ON "joint_patrol" ("counterpart", "date");
CREATE INDEX "joint_patrol_deleted_date" ON "joint_patrol" ("deleted", "date");
CREATE INDEX "joint_patrol_seq" ON "joint_patrol" ("seq");
CREATE INDEX "joint_patrol_site" ON "joint_patrol" ("site");
CREATE INDEX "joint_patrol_site_deleted_date" ON "joint_patrol" ("site", "deleted", "date");
CREATE INDEX "joint_patrol_version" ON "joint_patrol" ("version");
CREATE TABLE "letter" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "direction" VARCHAR(16) NOT NULL, "our_ref" VARCHAR(64) NOT NULL, "their_ref" VARCHAR(64) NOT NULL, "subject_vi" VARCHAR(500) NOT NULL, "subject_zh" VARCHAR(500) NOT NULL, "summary_vi" TEXT NOT NULL, "summary_zh" TEXT NOT NULL, "reply_due" DATE, "answered_on" DATE, "in_reply_to" VARCHAR(36), "scan_path" VARCHAR(500) NOT NULL);
CREATE INDEX "letter_counterpart_date" ON "letter" ("counterpart", "date");
CREATE INDEX "letter_deleted_date" ON "letter" ("deleted", "date");
CREATE INDEX "letter_reply_due_answered_on" ON "letter" ("reply_due", "answered_on");
CREATE INDEX "letter_seq" ON "letter" ("seq");
CREATE INDEX "letter_site" ON "letter" ("site");
CREATE INDEX "letter_site_deleted_date" ON "letter" ("site", "deleted", "date");
CREATE INDEX "letter_version" ON "letter" ("version");
CREATE TABLE "officer" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL, "rank" VARCHAR(64) NOT NULL, "position_vi" VARCHAR(200) NOT NULL, "position_zh" VARCHAR(200) NOT NULL, "post_code" VARCHAR(32) NOT NULL);
CREATE INDEX "officer_seq" ON "officer" ("seq");
CREATE INDEX "officer_site" ON "officer" ("site");
CREATE INDEX "officer_version" ON "officer" ("version");
CREATE TABLE "patrol_marker" ("id" INTEGER NOT NULL PRIMARY KEY, "patrol_id" VARCHAR(36) NOT NULL, "position" INTEGER NOT NULL, "marker" VARCHAR(32) NOT NULL, FOREIGN KEY ("patrol_id") REFERENCES "joint_patrol" ("uuid") ON DELETE CASCADE);
CREATE INDEX "patrol_marker_patrol_id" ON "patrol_marker" ("patrol_id");
CREATE TABLE "post" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "code" VARCHAR(32) NOT NULL, "name_vi" VARCHAR(200) NOT NULL, "name_zh" VARCHAR(200) NOT NULL, "province" VARCHAR(120) NOT NULL, "kind" VARCHAR(16) NOT NULL);
CREATE UNIQUE INDEX "post_code" ON "post" ("code");
CREATE INDEX "post_seq" ON "post" ("seq");
CREATE INDEX "post_site" ON "post" ("site");
CREATE INDEX "post_version" ON "post" ("version");
CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "talks" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "date" DATE NOT NULL, "counterpart" VARCHAR(36), "notes" TEXT NOT NULL, "kind" VARCHAR(16) NOT NULL, "talks_type" VARCHAR(16) NOT NULL, "time" VARCHAR(5) NOT NULL, "place_vi" VARCHAR(300) NOT NULL, "place_zh" VARCHAR(300) NOT NULL, "marker" VARCHAR(32) NOT NULL, "host_side" VARCHAR(2) NOT NULL, "participants" INTEGER NOT NULL, "agenda_vi" TEXT NOT NULL, "agenda_zh" TEXT NOT NULL, "our_report_vi" TEXT NOT NULL, "our_report_zh" TEXT NOT NULL, "their_report_vi" TEXT NOT NULL, "their_report_zh" TEXT NOT NULL, "agreed_vi" TEXT NOT NULL, "agreed_zh" TEXT NOT NULL, "purpose_vi" TEXT NOT NULL, "purpose_zh" TEXT NOT NULL, "outcome_vi" TEXT NOT NULL, "outcome_zh" TEXT NOT NULL);
CREATE INDEX "talks_counterpart_date" ON "talks" ("counterpart", "date");
CREATE INDEX "talks_deleted_date" ON "talks" ("deleted", "date");
CREATE INDEX "talks_kind_deleted_date" ON "talks" ("kind", "deleted", "date");
CREATE INDEX "talks_seq" ON "talks" ("seq");
CREATE INDEX "talks_site" ON "talks" ("site");
CREATE INDEX "talks_site_deleted_date" ON "talks" ("site", "deleted", "date");
CREATE INDEX "talks_version" ON "talks" ("version");
"""


@migration(1)
def _initial(db: pw.SqliteDatabase) -> None:
    for stmt in _V1.split(";\n"):
        if stmt.strip():
            db.execute_sql(stmt)


@migration(2)
def _search_index(db: pw.SqliteDatabase) -> None:
    from borderdesk.store import search_index

    search_index.create_tables(db)
    search_index.rebuild(db)


#: Reports sum counts over years of records: these indexes hold the summed
#: columns, so a report reads only the index, never the wide rows
#: (measured at 200,000 records: stats over ten years 872 ms before).
_COVERING = {
    "talks": "kind, participants",
    "handover": "persons",
    '"case"': "category, outcome, persons",
    "joint_patrol": "teams, personnel",
    "friendship_activity": "participants",
    "hotline_call": "direction",
    "letter": "direction",
}


@migration(5)
def _covering_report_indexes(db: pw.SqliteDatabase) -> None:
    for table, cols in _COVERING.items():
        name = table.strip('"')
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}_deleted_date"')
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}_site_deleted_date"')
        db.execute_sql(f'CREATE INDEX "{name}_deleted_date_cover" ON {table} (deleted, date, {cols})')
        db.execute_sql(f'CREATE INDEX "{name}_site_deleted_date_cover" ON {table} (site, deleted, date, {cols})')
    db.execute_sql('DROP INDEX IF EXISTS "case_deleted_date_category"')


@migration(6)
def _follow_up_index(db: pw.SqliteDatabase) -> None:
    # The dashboard asks for follow-ups falling due; only few calls carry one.
    db.execute_sql('CREATE INDEX IF NOT EXISTS "hotline_call_follow_up_due" ON hotline_call (follow_up_due) '
                   "WHERE follow_up_due IS NOT NULL")


def schema_version() -> int:
    return max(MIGRATIONS)


def applied(db: pw.SqliteDatabase) -> set[int]:
    db.execute_sql("CREATE TABLE IF NOT EXISTS schema_migration (number INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    return {row[0] for row in db.execute_sql("SELECT number FROM schema_migration")}


def run_migrations(db: pw.SqliteDatabase) -> list[int]:
    """Apply every migration not yet applied, each in its own transaction. Returns those applied."""
    # A file written by a newer BorderDesk must not be opened by this one.
    (user_version,) = db.execute_sql("PRAGMA user_version").fetchone()
    if user_version > schema_version():
        raise SetupError(
            f"this database was made by a newer BorderDesk (schema {user_version}, this one knows {schema_version()})"
        )
    done = applied(db)
    ran = []
    for number in sorted(MIGRATIONS):
        if number in done:
            continue
        with db.atomic():
            MIGRATIONS[number](db)
            db.execute_sql(
                "INSERT INTO schema_migration (number, applied_at) VALUES (?, datetime('now'))", (number,)
            )
            db.execute_sql(f"PRAGMA user_version = {int(number)}")
        ran.append(number)
    return ran


# Feature modules keep their own migrations and register them by being
# imported here (3: sync, 4: accounts and audit, 8: attachments).
from borderdesk.sync import schema as _sync_schema  # noqa: F401,E402  (registers migration 3)
from borderdesk.trust import schema as _trust_schema  # noqa: F401,E402  (registers migration 4)
from borderdesk.store import attachment_store as _attachment_store  # noqa: F401,E402  (registers migration 8)
