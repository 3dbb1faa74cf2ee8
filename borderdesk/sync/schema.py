"""Migration 3: the tables sync keeps beside the records.

* ``sync_key``: this site's private and public keys (one row per purpose).
* ``sync_peer``: sites enrolled here (their code, names, kind, public keys).
* ``sync_state``: per peer, what we sent and what they acknowledged.
* ``sync_received``: every bundle received from a peer (number and the
  range of the peer's sequence numbers it covers): acknowledgements and gaps
  are computed from it.
* ``sync_seen``: every (uuid, version) that arrived in a bundle, so that a
  stale copy arriving again is recognised and not mistaken for a conflict.
* ``sync_conflict``: losing versions kept for a user to review.
* ``sync_log``: one line per export, import or refusal.
"""
from __future__ import annotations

import peewee as pw

from borderdesk.store.migrations import migration

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
    for stmt in _V3.split(";\n"):
        if stmt.strip():
            db.execute_sql(stmt)


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
    """Migration 7: proofs of origin for relayed rows, keys learnt through headquarters, correction requests.

    * ``sync_seen.block``: the proof block that proves this row version (relayable when set).
    * ``sync_proof_block``: blocks of row hashes signed by their own site, kept to relay them.
    * ``sync_known_key``: signing keys of sites known only through headquarters (first seen, then pinned).
    * ``sync_conflict.request``: 1 when the entry is another site's proposed change to a row this site owns.
    """
    for stmt in _V7.split(";\n"):
        if stmt.strip():
            db.execute_sql(stmt)
