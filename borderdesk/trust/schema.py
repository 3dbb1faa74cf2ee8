"""Migration 4: local accounts and the hash-chained audit trail.

Accounts never travel: each laptop has its own users. Audit entries do
travel (in sync bundles), so an entry is keyed by the site whose chain it
belongs to and its position in that chain, ``(site, seq)``; headquarters
keeps each post's chain next to its own and verifies them one by one.
"""
from __future__ import annotations

import peewee as pw

from borderdesk.store.migrations import migration

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
    for stmt in _V4.split(";\n"):
        if stmt.strip():
            db.execute_sql(stmt)


# Whoever opens a database gets the audit listener: no write escapes the trail.
from borderdesk.trust import audit as _audit  # noqa: E402,F401
