"""Schema version and numbered migrations.

Each migration is a function that takes the database and runs inside one
transaction. Which ones ran is kept in ``schema_migration``; ``PRAGMA
user_version`` holds the highest, for tools that look at the file. Migration
1 is frozen SQL (the first release's tables exactly), never regenerated from
the models, so that an old file upgrades the same way forever. Every later
migration is frozen SQL too, or carries its own snapshot of the tables it
touches: none reads today's models, so a column added by a later migration
never breaks an earlier one. Rebuilding the search index is not a migration
step but a flag (:data:`REBUILD_SEARCH_KEY`) that the database setup acts on
once, after the last migration, through the current code. Every migration
lives here, in ``store``.
"""
from __future__ import annotations

import re
from typing import Callable

import peewee as pw


MIGRATIONS: dict[int, Callable[[pw.SqliteDatabase], None]] = {}


class SchemaTooNew(Exception):
    """The file was written by a newer BorderDesk (``borderdesk.app`` tells the user in their words)."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(f"schema {found}, this BorderDesk knows {known}")
        self.found, self.known = found, known


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
    _run_script(db, _V1)


def _run_script(db: pw.SqliteDatabase, script: str) -> None:
    stmts = [s for s in script.split(";\n") if s.strip()]
    if getattr(db, "server", False):
        stmts = _referenced_first(stmts)
    for stmt in stmts:
        for part in _statements(db, stmt):
            db.execute_sql(part)


def _referenced_first(stmts: list[str]) -> list[str]:
    # SQLite accepts a foreign key to a table made later in the script; PostgreSQL does not: the
    # tables that refer to others (and their indexes) go after all the others, in their own order.
    late = {m.group(1) for s in stmts if "REFERENCES" in s
            for m in [re.match(r'\s*CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?', s)] if m}
    def touches(s: str) -> bool:
        m = re.match(r'\s*CREATE (?:UNIQUE )?(?:TABLE|INDEX) (?:IF NOT EXISTS )?"?\w+"?(?: ON "?(\w+)"?)?', s)
        if not m:
            return False
        name = m.group(1) or re.match(r'\s*CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?', s).group(1)
        return name in late
    return [s for s in stmts if not touches(s)] + [s for s in stmts if touches(s)]


def _statements(db, stmt: str) -> list[str]:
    # On PostgreSQL one FTS5 table is a table and its GIN indexes (store.pg_sql): several statements.
    if getattr(db, "server", False) and stmt.strip().upper().startswith("CREATE VIRTUAL TABLE"):
        from borderdesk.store import pg_sql

        return pg_sql.fts_tables(stmt.strip())
    return [stmt]


#: Asks for the search index to be rebuilt once, after the last migration, by the current
#: code (``services.indexing.rebuild_if_pending``): a migration never reads today's models.
REBUILD_SEARCH_KEY = "search_index_rebuild"

_V2 = """
CREATE TABLE IF NOT EXISTS search_doc (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        date TEXT,
        site TEXT NOT NULL DEFAULT '',
        display TEXT NOT NULL,
        body TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
        body, content='search_doc', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2');
"""


@migration(2)
def _search_index(db: pw.SqliteDatabase) -> None:
    _run_script(db, _V2)
    request_search_rebuild(db)


def request_search_rebuild(db: pw.SqliteDatabase) -> None:
    db.execute_sql("INSERT OR REPLACE INTO setting (key, value) VALUES (?, '1')", (REBUILD_SEARCH_KEY,))


def search_rebuild_pending(db: pw.SqliteDatabase) -> bool:
    row = db.execute_sql("SELECT value FROM setting WHERE key = ?", (REBUILD_SEARCH_KEY,)).fetchone()
    return bool(row and row[0] == "1")


def search_rebuild_done(db: pw.SqliteDatabase) -> None:
    db.execute_sql("DELETE FROM setting WHERE key = ?", (REBUILD_SEARCH_KEY,))


# Migration 3: the tables sync keeps beside the records.
#
# * ``sync_key``: this site's private and public keys (one row per purpose).
# * ``sync_peer``: sites enrolled here (their code, names, kind, public keys).
# * ``sync_state``: per peer, what we sent and what they acknowledged.
# * ``sync_received``: every bundle received from a peer (number and the range of the
#   peer's sequence numbers it covers): acknowledgements and gaps are computed from it.
# * ``sync_seen``: every (uuid, version) that arrived in a bundle, so that a stale copy
#   arriving again is recognised and not mistaken for a conflict.
# * ``sync_conflict``: losing versions kept for a user to review.
# * ``sync_log``: one line per export, import or refusal.
_V3 = """
CREATE TABLE sync_key (
    purpose TEXT NOT NULL PRIMARY KEY,          -- sign | encrypt
    private_key BLOB NOT NULL,
    public_key BLOB NOT NULL,
    created_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE sync_peer (
    code TEXT NOT NULL PRIMARY KEY,
    name_vi TEXT NOT NULL DEFAULT '',
    name_zh TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'post',          -- post | headquarters
    province TEXT NOT NULL DEFAULT '',
    sign_public BLOB NOT NULL,
    encrypt_public BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    enrolled_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE sync_state (
    peer TEXT NOT NULL PRIMARY KEY,
    bundles_sent INTEGER NOT NULL DEFAULT 0,    -- number of the last bundle made for this peer
    sent_upto INTEGER NOT NULL DEFAULT 0,       -- our seq at the last export to this peer
    acked_upto INTEGER NOT NULL DEFAULT 0,      -- our seq the peer says it holds everything up to
    last_export_at TEXT,
    last_import_at TEXT);
CREATE TABLE sync_received (
    peer TEXT NOT NULL,
    bundle_no INTEGER NOT NULL,
    since_seq INTEGER NOT NULL,
    upto_seq INTEGER NOT NULL,
    digest TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    received_at TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (peer, bundle_no, digest));
CREATE TABLE sync_seen (
    uuid TEXT NOT NULL,
    version TEXT NOT NULL,
    PRIMARY KEY (uuid, version)) WITHOUT ROWID;
CREATE TABLE sync_conflict (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                         -- table name of the row
    uuid TEXT NOT NULL,
    winning_version TEXT NOT NULL,
    losing_version TEXT NOT NULL,
    losing_row TEXT NOT NULL,                   -- JSON of the losing row, children included
    source TEXT NOT NULL DEFAULT '',            -- the peer whose bundle brought it
    lost_side TEXT NOT NULL DEFAULT 'theirs',   -- theirs: the bundle's version lost; mine: ours did
    status TEXT NOT NULL DEFAULT 'open',        -- open | resolved
    resolution TEXT NOT NULL DEFAULT '',        -- mine | theirs
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    resolved_at TEXT,
    resolved_by TEXT NOT NULL DEFAULT '',
    UNIQUE (uuid, winning_version, losing_version));
CREATE INDEX sync_conflict_status ON sync_conflict (status);
CREATE TABLE sync_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (datetime('now')),
    action TEXT NOT NULL,                       -- export | import | dry_run | refused
    peer TEXT NOT NULL DEFAULT '',
    bundle_no INTEGER,
    file TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    counts TEXT NOT NULL DEFAULT '');
"""


@migration(3)
def _sync_tables(db: pw.SqliteDatabase) -> None:
    _run_script(db, _V3)


# Migration 4: local accounts and the hash-chained audit trail.
#
# Accounts never travel: each laptop has its own users. Audit entries do travel (in sync
# bundles), so an entry is keyed by the site whose chain it belongs to and its position in
# that chain, ``(site, seq)``; headquarters keeps each post's chain next to its own and
# verifies them one by one.
_V4 = """
CREATE TABLE "account" (
    "username" VARCHAR(64) NOT NULL PRIMARY KEY,
    "full_name" VARCHAR(200) NOT NULL DEFAULT '',
    "role" VARCHAR(16) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TEXT,
    "must_change" INTEGER NOT NULL DEFAULT 0,
    "active" INTEGER NOT NULL DEFAULT 1,
    "created_at" TEXT NOT NULL,
    "updated_at" TEXT NOT NULL
);
CREATE TABLE "audit_entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "site" VARCHAR(32) NOT NULL,
    "seq" INTEGER NOT NULL,
    "ts" TEXT NOT NULL,
    "user" VARCHAR(120) NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "kind" VARCHAR(48) NOT NULL,
    "uuid" VARCHAR(36),
    "before" TEXT,
    "after" TEXT,
    "detail" TEXT NOT NULL DEFAULT '',
    "prev_hash" VARCHAR(64) NOT NULL,
    "hash" VARCHAR(64) NOT NULL
);
CREATE UNIQUE INDEX "audit_entry_site_seq" ON "audit_entry" ("site", "seq");
CREATE INDEX "audit_entry_ts" ON "audit_entry" ("ts");
CREATE INDEX "audit_entry_user_ts" ON "audit_entry" ("user", "ts");
CREATE INDEX "audit_entry_uuid" ON "audit_entry" ("uuid");
"""


@migration(4)
def _accounts_and_audit(db: pw.SqliteDatabase) -> None:
    _run_script(db, _V4)


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


# Migration 7: proofs of origin for relayed rows, keys learnt through headquarters, correction requests.
#
# * ``sync_seen.block``: the proof block that proves this row version (relayable when set).
# * ``sync_proof_block``: blocks of row hashes signed by their own site, kept to relay them.
# * ``sync_known_key``: signing keys of sites known only through headquarters (first seen, then pinned).
# * ``sync_conflict.request``: 1 when the entry is another site's proposed change to a row this site owns.
_V7 = """
ALTER TABLE sync_seen ADD COLUMN block INTEGER;
CREATE TABLE sync_proof_block (
    id INTEGER PRIMARY KEY,
    signer TEXT NOT NULL,                       -- the site whose rows these are
    signature BLOB NOT NULL UNIQUE,             -- Ed25519, over the context, the signer and the hashes
    hashes BLOB NOT NULL                        -- SHA-256 of each row version, concatenated
);
CREATE TABLE sync_known_key (
    code TEXT NOT NULL PRIMARY KEY,             -- a site not enrolled here whose rows headquarters relays
    sign_public BLOB NOT NULL,
    via TEXT NOT NULL,                          -- the headquarters that introduced it
    first_seen TEXT NOT NULL DEFAULT (datetime('now')));
ALTER TABLE sync_conflict ADD COLUMN request INTEGER NOT NULL DEFAULT 0;
"""


@migration(7)
def _sync_authority(db: pw.SqliteDatabase) -> None:
    _run_script(db, _V7)


@migration(8)
def _signed_documents(db: pw.SqliteDatabase) -> None:
    # the number of signed minutes ("Số: 07/BB-PL"), kept in the talks record
    db.execute_sql("ALTER TABLE talks ADD COLUMN minutes_number VARCHAR(32) NOT NULL DEFAULT ''")
    # the handover record names both sides' officers, the items handed over, each person in both scripts
    for col, kind in (("our_officer", "VARCHAR(200)"), ("their_officer", "VARCHAR(200)"), ("items_vi", "TEXT"),
                      ("items_zh", "TEXT")):
        db.execute_sql(f"ALTER TABLE handover ADD COLUMN {col} {kind} NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE handover_person ADD COLUMN name_zh VARCHAR(200) NOT NULL DEFAULT ''")
    request_search_rebuild(db)  # the new texts are searchable


# Migration 9: headquarters' glossary (it travels like the registry) and the translation memory's
# tables. The memory is filled afterwards by the current code (``services.translation.memory``,
# called by the database setup): a migration never reads today's models.
_V9 = """
CREATE TABLE "glossary_term" ("uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL, "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "key" VARCHAR(64) NOT NULL, "vi" VARCHAR(300) NOT NULL, "zh" VARCHAR(300) NOT NULL, "en" VARCHAR(300) NOT NULL, "note" VARCHAR(500) NOT NULL);
CREATE UNIQUE INDEX "glossary_term_key" ON "glossary_term" ("key");
CREATE INDEX "glossary_term_seq" ON "glossary_term" ("seq");
CREATE INDEX "glossary_term_site" ON "glossary_term" ("site");
CREATE INDEX "glossary_term_version" ON "glossary_term" ("version");
CREATE TABLE tm_unit (
        id INTEGER PRIMARY KEY,
        vi_key TEXT NOT NULL, zh_key TEXT NOT NULL,
        vi TEXT NOT NULL, zh TEXT NOT NULL,
        vi_body TEXT NOT NULL, zh_body TEXT NOT NULL);
CREATE UNIQUE INDEX tm_unit_keys ON tm_unit (vi_key, zh_key);
CREATE INDEX tm_unit_zh_key ON tm_unit (zh_key);
CREATE TABLE tm_use (
        source TEXT NOT NULL, unit_id INTEGER NOT NULL, tier REAL NOT NULL,
        date TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, field TEXT NOT NULL DEFAULT '');
CREATE INDEX tm_use_source ON tm_use (source);
CREATE INDEX tm_use_unit ON tm_use (unit_id, tier, date);
CREATE VIRTUAL TABLE tm_fts USING fts5(
        vi_body, zh_body, content='tm_unit', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE tm_vocab USING fts5vocab(tm_fts, 'row');
"""


@migration(9)
def _glossary_and_translation_memory(db: pw.SqliteDatabase) -> None:
    _run_script(db, _V9)


# Migration 10: attachments (store/attachment_store.py). Rows are synced rows that name their record
# and their content's SHA-256; each content is stored once, in 1 MiB pieces.
_V10 = """
CREATE TABLE attachment (
    "uuid" VARCHAR(36) NOT NULL PRIMARY KEY, "site" VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL, "version" VARCHAR(64) NOT NULL, "changed_by" VARCHAR(120) NOT NULL,
    "deleted" INTEGER NOT NULL, "seq" INTEGER NOT NULL,
    "record" VARCHAR(36) NOT NULL, "record_kind" VARCHAR(32) NOT NULL, "sha256" VARCHAR(64) NOT NULL,
    "size" INTEGER NOT NULL, "mime" VARCHAR(40) NOT NULL, "filename" VARCHAR(255) NOT NULL,
    "title" VARCHAR(300) NOT NULL, "kind" VARCHAR(24) NOT NULL,
    "width" INTEGER, "height" INTEGER, "pages" INTEGER);
CREATE INDEX attachment_record ON attachment ("record", "deleted");
CREATE INDEX attachment_sha256 ON attachment ("sha256");
CREATE INDEX attachment_seq ON attachment ("seq");
CREATE INDEX attachment_site ON attachment ("site");
CREATE INDEX attachment_version ON attachment ("version");
CREATE TABLE attachment_blob (
    sha256 TEXT NOT NULL PRIMARY KEY,
    size INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    stored_at TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE attachment_chunk (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,
    n INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (sha256, n));
"""


@migration(10)
def _attachments(db: pw.SqliteDatabase) -> None:
    _run_script(db, _V10)


@migration(11)
def _counterpart_in_report_indexes(db: pw.SqliteDatabase) -> None:
    # The breakdowns by counterpart read the index too: (deleted, date, counterpart, sums). Grouped
    # by (date, counterpart) the index is already in order, so no sort of every row; the months and
    # the counterparts are then summed from those groups (stats by counterpart over ten years at a
    # million records: 22 s of row lookups before, a few hundred ms after).
    for table, cols in _COVERING.items():
        name = table.strip('"')
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}_deleted_date_cover"')
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}_site_deleted_date_cover"')
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}_deleted_date_cp_cover" ON {table} '
                       f'(deleted, date, counterpart, {cols})')
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}_site_deleted_date_cp_cover" ON {table} '
                       f'(site, deleted, date, counterpart, {cols})')


@migration(12)
def _open_items_indexes(db: pw.SqliteDatabase) -> None:
    # The navigation's counts and the dashboard's deadlines: the handovers waiting for their
    # verification and the letters waiting for an answer are a few hundred among a million rows;
    # indexed alone, by due date, they are counted without reading the table (4 s → 30 ms).
    db.execute_sql("CREATE INDEX IF NOT EXISTS handover_waiting ON handover (verification_due) "
                   "WHERE verification_answered IS NULL AND verification_requested IS NOT NULL")
    db.execute_sql("CREATE INDEX IF NOT EXISTS letter_waiting ON letter (reply_due) "
                   "WHERE answered_on IS NULL AND reply_due IS NOT NULL")


def schema_version() -> int:
    return max(MIGRATIONS)


def applied(db: pw.SqliteDatabase) -> set[int]:
    db.execute_sql("CREATE TABLE IF NOT EXISTS schema_migration (number INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    return {row[0] for row in db.execute_sql("SELECT number FROM schema_migration")}


def run_migrations(db: pw.SqliteDatabase) -> list[int]:
    """Apply every migration not yet applied, each in its own transaction. Returns those applied."""
    # A file written by a newer BorderDesk must not be opened by this one.
    server = getattr(db, "server", False)  # PostgreSQL: no user_version; schema_migration says it
    done = applied(db)
    user_version = max(done, default=0) if server else db.execute_sql("PRAGMA user_version").fetchone()[0]
    if user_version > schema_version():
        raise SchemaTooNew(user_version, schema_version())
    ran = []
    for number in sorted(MIGRATIONS):
        if number in done:
            continue
        with db.atomic():
            MIGRATIONS[number](db)
            db.execute_sql(
                "INSERT INTO schema_migration (number, applied_at) VALUES (?, datetime('now'))", (number,)
            )
            if not server:
                db.execute_sql(f"PRAGMA user_version = {int(number)}")
        ran.append(number)
    return ran

