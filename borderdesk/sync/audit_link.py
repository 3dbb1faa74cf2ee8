"""The audit trail travels with the bundles, so headquarters can verify each post's chain.

A bundle carries ``audit/<site>.jsonl``: the source's own entries after the
last one the destination said it holds (its acknowledgement, ``ack.audit``),
exactly as stored, so the destination recomputes the same hashes. On import
they are stored as that site's chain without repair: a chain altered at the
post stays visibly broken at headquarters (``borderdesk audit verify``).
"""
from __future__ import annotations

import json

from borderdesk.sync import sites
from borderdesk.sync.bundle import BundleRefused, OpenedBundle

from borderdesk.trust import audit


def _has_trail() -> bool:
    return audit._table_exists()


def held_upto(site: str) -> int:
    """The last entry of *site*'s chain held here (what we acknowledge to that site)."""
    return audit.last_seq(site) if _has_trail() else 0


def _acked_key(peer: str) -> str:
    return f"sync_audit_acked:{peer}"


def export_files(peer: sites.Peer, since: int, upto: int, full: bool = False) -> dict[str, bytes]:
    if not _has_trail():
        return {}
    from borderdesk.services import session

    start = 0 if full else int(session.get_setting(_acked_key(peer.code), "0") or 0)
    entries = audit.export_entries(start)
    if not entries:
        return {}
    lines = "\n".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries) + "\n"
    return {f"audit/{audit.local_site()}.jsonl": lines.encode("utf-8")}


def note_ack(peer: str, manifest: dict) -> None:
    """Remember how far the peer holds our chain (it told us in its bundle)."""
    if not _has_trail():
        return
    from borderdesk.services import session

    theirs = int((manifest.get("ack") or {}).get("audit", 0) or 0)
    mine = int(session.get_setting(_acked_key(peer), "0") or 0)
    if theirs > mine:
        session.set_setting(_acked_key(peer), str(theirs))


def import_files(opened: OpenedBundle) -> dict:
    """Store the source's audit entries (inside the import's transaction)."""
    out = {}
    for name, data in opened.files.items():
        if not name.startswith("audit/"):
            continue
        site = name[len("audit/") : -len(".jsonl")]
        if site != opened.source or not _has_trail():
            continue  # a bundle carries only its source's own chain
        try:
            entries = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
        except ValueError:
            raise BundleRefused(_bad()) from None
        try:
            out = audit.import_foreign_entries(site, entries)
        except Exception as exc:  # a malformed entry refuses the bundle, in one line
            raise BundleRefused(_bad() + f" ({exc})") from None
    return out


def record_changes(changes: list[tuple[str, str, str | None, str]], bundle: str) -> None:
    """One audit entry per record a bundle changed: kind, id, old and new version (bundle_change).

    They come before the bundle's own entry (``bundle_import``, with the counts), which
    closes the group; the detail names the bundle ("PL #3") in both.
    """
    if not changes or not _has_trail():
        return
    from borderdesk.services import session

    site = audit.local_site()
    seq, prev = audit._last(site)
    user, ts = session.current_user(), audit.utc_timestamp()
    entries = []
    for kind, uuid, old, new in changes:
        seq += 1
        entry = {"site": site, "seq": seq, "ts": ts, "user": user, "action": "bundle_change", "kind": kind,
                 "uuid": uuid, "before": audit.canonical_json({"version": old} if old else None),
                 "after": audit.canonical_json({"version": new}), "detail": bundle, "prev_hash": prev}
        entry["hash"] = prev = audit.entry_hash(entry)
        entries.append(entry)
    audit._insert(entries)
    session.set_setting(f"{audit._HEAD_KEY}:{site}", f"{seq}:{prev}")


def _bad() -> str:
    from borderdesk.i18n import _

    return _("the bundle's audit entries cannot be read")
