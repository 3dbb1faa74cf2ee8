"""Sync that survives a restored backup: sequence and bundle numbers never go back, lost rows come back.

Restoring a backup rewinds the database: its update sequence, the bundle
numbers it issued and what it knows it sent. Left so, the next bundles reuse
numbers and the sequence numbers peers already acknowledged, and the peers'
acknowledgements then hide the post's new records from its own bundles.

After a restore (``borderdesk/trust/backup.py`` calls :func:`carry_forward`
with the database it set aside attached):

* the sequence continues above the highest the site had reached, and for each
  peer the bundle counter and "sent up to" continue from the higher of the two
  databases: nothing is numbered twice, and every row written after the
  restore is above anything a peer acknowledged;
* what each peer acknowledged stays as the backup had it, so the next bundle
  re-sends everything since (duplicates change nothing at the receiver);
* the site asks every peer for its own rows back (``send_back_own`` in the
  manifest): the rows it wrote after the backup and lost, which a peer holds.
  The peer answers with all the rows it holds that the site owns and wrote,
  with their proofs (``own_rows_back``); the request stops when that arrives.

A peer that receives a bundle number it already had with other content knows
the sender was rewound without this (a copy put back by hand) and sends its
rows back the same way.
"""
from __future__ import annotations

import sqlite3

import peewee as pw

from borderdesk.services import session
from borderdesk.store.models import DB


def _setting(key: str) -> int:
    row = DB.execute_sql("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def carry_forward() -> None:
    """After a restore, with the set-aside database attached as ``aside``."""
    try:
        aside_seq = DB.execute_sql("SELECT value FROM aside.setting WHERE key = 'seq'").fetchone()
        states = DB.execute_sql("SELECT peer, bundles_sent, sent_upto FROM aside.sync_state").fetchall()
    except (pw.OperationalError, sqlite3.OperationalError) as exc:  # an aside from before sync existed
        if "no such table" not in str(exc):
            raise
        return
    seq = max(_setting("seq"), int(aside_seq[0]) if aside_seq else 0)
    session.set_setting("seq", str(seq))
    for peer, sent, upto in states:
        DB.execute_sql("INSERT OR IGNORE INTO sync_state (peer) VALUES (?)", (peer,))
        DB.execute_sql("UPDATE sync_state SET bundles_sent = max(bundles_sent, ?), sent_upto = max(sent_upto, ?) "
                       "WHERE peer = ?", (sent, upto, peer))
    for (peer,) in DB.execute_sql("SELECT code FROM sync_peer").fetchall():
        session.set_setting(ask_key(peer), "1")


def ask_key(peer: str) -> str:
    """Setting: this site asks *peer* for its own rows back."""
    return f"sync_ask_own_back:{peer}"


def send_key(peer: str) -> str:
    """Setting: *peer* asked this site for its own rows back."""
    return f"sync_send_own_back:{peer}"


def asking(peer: str) -> bool:
    return session.get_setting(ask_key(peer)) == "1"


def owed(peer: str) -> bool:
    return session.get_setting(send_key(peer)) == "1"


def on_import(source: str, manifest: dict, bundle_no: int, digest: str) -> None:
    """Note a request for rows back, an answer to ours, or a sender that was rewound (in the import's transaction)."""
    if manifest.get("send_back_own") is True:
        session.set_setting(send_key(source), "1")
    if manifest.get("own_rows_back") is True:
        DB.execute_sql("DELETE FROM setting WHERE key = ?", (ask_key(source),))
    reused = DB.execute_sql("SELECT 1 FROM sync_received WHERE peer = ? AND bundle_no = ? AND digest != ?",
                            (source, bundle_no, digest)).fetchone()
    if reused:
        session.set_setting(send_key(source), "1")


def after_export(peer: str, sent_back: bool) -> None:
    if sent_back:
        DB.execute_sql("DELETE FROM setting WHERE key = ?", (send_key(peer),))
