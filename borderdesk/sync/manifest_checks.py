"""The manifest is checked against the content and against what this site sent: a mismatch refuses the bundle.

* ``counts`` names exactly the tables the bundle holds, each with its number of lines;
* ``since_seq <= upto_seq``, and the range holds at least one sequence number per row
  (each row the source sends took its own number), within a sane bound;
* ``ack.upto`` (how far the source holds our sequence) is not beyond what this
  site ever sent it, and ``ack.audit`` not beyond our own audit chain.
"""
from __future__ import annotations

from borderdesk.i18n import _
from borderdesk.store.models import DB
from borderdesk.sync.bundle import BundleRefused, OpenedBundle

#: no honest sequence gets near this (a million changes a day for 20,000 years)
MAX_SEQ = 2**53


def _int(value) -> int:
    if type(value) is not int or value < 0 or value > MAX_SEQ:
        raise ValueError
    return value


def line_count(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def check(opened: OpenedBundle) -> None:
    man = opened.manifest
    bad = _("the bundle's manifest does not match its content ({what}): it is refused")
    try:
        since, upto = _int(man["since_seq"]), _int(man["upto_seq"])
        ack = man.get("ack") or {}
        if not isinstance(ack, dict):
            raise ValueError
        ack_upto, ack_audit = _int(ack.get("upto", 0)), _int(ack.get("audit", 0) or 0)
        counts, tables = man.get("counts") or {}, man.get("tables") or {}
        if not isinstance(counts, dict) or not isinstance(tables, dict):
            raise ValueError
        counted = {str(t): _int(n) for t, n in counts.items()}
    except (KeyError, ValueError, TypeError):
        raise BundleRefused(_("the bundle's manifest cannot be read")) from None
    held = {name[len("rows/"):-len(".jsonl")]: n for name, n in opened.line_counts.items()}
    if set(held) != set(tables) or set(counted) != set(held):
        raise BundleRefused(bad.format(what=_("tables")))
    total = 0
    for table, lines in held.items():
        if lines != counted[table]:
            raise BundleRefused(bad.format(what=_("number of rows of {table}").format(table=table[:40])))
        total += counted[table]
    low = 0 if man.get("own_rows_back") is True else since  # rows sent back come from the whole range
    if since > upto or upto - low < total:
        raise BundleRefused(bad.format(what=_("sequence range {since}-{upto} for {n} rows").format(
            since=since, upto=upto, n=total)))
    sent = DB.execute_sql("SELECT sent_upto FROM sync_state WHERE peer = ?", (opened.source,)).fetchone()
    sent_upto = sent[0] if sent else 0
    if ack_upto > sent_upto:
        raise BundleRefused(_(
            "the bundle from {code} acknowledges this site's changes up to {ack}, but this site sent it only up to "
            "{sent}: it is refused (if this database was put back from a copy outside BorderDesk, use "
            "'borderdesk restore' instead)").format(code=opened.source, ack=ack_upto, sent=sent_upto))
    from borderdesk.sync import audit_link

    if audit_link.audit is not None and audit_link._has_trail() and ack_audit > audit_link.audit.last_seq(
            audit_link.audit.local_site()):
        raise BundleRefused(bad.format(what=_("audit acknowledgement")))
