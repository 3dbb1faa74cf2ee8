"""Who may write what: every row a bundle carries must be answerable to the site that owns it.

The rules (docs/sync.md, "Authority"), checked on import before anything is written:

* a row is owned by its ``site``; only that site makes its versions (``…@SITE``);
* a post's bundle carries only rows it owns, written by itself;
* headquarters' bundle carries its own rows, and rows of other sites it relays
  unchanged, each proven by a block signed by the row's own site
  (:mod:`borderdesk.sync.proofs`);
* headquarters may send the owner of a row a *correction request*: a version of
  the owner's row made at headquarters. It is never applied as it is: the
  owner accepts it (it becomes the owner's own change) or refuses it in its
  conflict review.

A row breaking them makes the whole bundle hostile: it is refused, and the
refusal lists the rows by id.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

from borderdesk.i18n import _, ngettext
from borderdesk.store.models import DB
from borderdesk.sync import keys, proofs, sites
from borderdesk.sync.bundle import BundleRefused, OpenedBundle
from borderdesk.sync.tables import TableSpec, version_site

PROOFS_FILE = "proofs.jsonl"


class HostileBundle(BundleRefused):
    """A validly signed bundle carrying rows its signer may not write."""

    def __init__(self, message: str, rows: list[tuple[str, str, str]]):
        super().__init__(message)
        self.rows = rows  # (table, uuid, reason)


@dataclass
class Proven:
    """What the bundle's proof blocks prove: row hash -> (signer, block number in the file)."""

    hashes: dict[bytes, tuple[str, int]] = field(default_factory=dict)
    blocks: list[tuple[str, bytes, bytes]] = field(default_factory=list)  # verified, in file order
    pins: dict[str, bytes] = field(default_factory=dict)  # keys learnt from this bundle (headquarters only)


def _key_for(code: str) -> bytes | None:
    from borderdesk.services import session

    if code == session.site_code():
        return keys.public_keys()[0]
    peer = sites.get_peer(code)
    if peer is not None:
        return peer.sign_public
    row = DB.execute_sql("SELECT sign_public FROM sync_known_key WHERE code = ?", (code,)).fetchone()
    return bytes(row[0]) if row else None


def load_proofs(opened: OpenedBundle, source_kind: str) -> Proven:
    """Verify every proof block of the bundle (a bad one refuses it)."""
    out = Proven()
    data = opened.files.get(PROOFS_FILE)
    if not data:
        return out
    offered = opened.manifest.get("signers") or {}
    if not isinstance(offered, dict):
        raise BundleRefused(_("the bundle's manifest cannot be read"))
    for line in data.decode("utf-8", "replace").splitlines():
        if not line:
            continue
        try:
            signer, sig, hashes = proofs.parse_block(json.loads(line))
        except ValueError:
            raise BundleRefused(_("the bundle's proofs of origin cannot be read")) from None
        key = _key_for(signer) or out.pins.get(signer)
        if key is None and source_kind == "headquarters" and signer in offered:
            # A site we never enrolled, introduced by headquarters: its key is pinned from now on.
            try:
                key = base64.b64decode(str(offered[signer]), validate=True)
            except ValueError:
                raise BundleRefused(_("the bundle's manifest cannot be read")) from None
            out.pins[signer] = key
        if key is None:
            raise BundleRefused(_("the bundle relays rows of site {code}, whose key is not known here").format(
                code=signer[:40]))
        if signer in offered and str(offered[signer]) != base64.b64encode(key).decode("ascii"):
            raise BundleRefused(_("the bundle gives site {code} another key than the one known here").format(
                code=signer[:40]))
        if not proofs.verify_block(key, signer, sig, hashes):
            raise BundleRefused(_("a proof of origin in the bundle is not signed by site {code}").format(
                code=signer[:40]))
        number = len(out.blocks)
        out.blocks.append((signer, sig, hashes))
        for h in proofs.split(hashes):
            out.hashes.setdefault(h, (signer, number))
    return out


@dataclass
class Sorted:
    rows: list[list] = field(default_factory=list)  # to merge
    requests: list[list] = field(default_factory=list)  # correction requests for rows we own
    violations: list[tuple[str, str, str]] = field(default_factory=list)  # (table, uuid, reason)
    blocks: dict[tuple[str, str], int] = field(default_factory=dict)  # (uuid, version) -> block number


def sort_rows(spec: TableSpec, rows: list[list], *, source: str, source_kind: str, me: str, proven: Proven,
              same_columns: bool) -> Sorted:
    """Split a table's incoming rows into rows to merge, correction requests and rows the signer may not write."""
    out = Sorted()
    si, vi = spec.columns.index("site"), spec.columns.index("version")
    code_i = spec.columns.index("code") if spec.table == "post" else None
    relays = source_kind == "headquarters"
    for row in rows:
        owner, writer = row[si], version_site(row[vi])
        proof = None
        if same_columns and proven.hashes and not owner == writer == source:
            # a relayed row needs its proof now; the source's own rows are looked up once planned
            # (only those that change anything: an unchanged row's proof is already kept)
            proof = proven.hashes.get(proofs.row_hash(spec.table, proofs.line_of(row)))
        reason = None
        if code_i is not None and owner != row[code_i] and owner != writer:
            reason = _("a post entry written by another site")
        elif owner == writer == source:
            pass
        elif owner == me and writer == source and relays:
            out.requests.append(row)
            continue
        elif owner != writer:
            reason = _("written by site {writer} but owned by site {owner}").format(writer=writer, owner=owner)
        elif not relays:
            reason = _("owned by site {owner}: a post sends only its own rows").format(owner=owner)
        elif proof is None or proof[0] != owner:
            reason = _("relayed without a proof signed by site {owner}").format(owner=owner)
        if reason:
            out.violations.append((spec.table, row[0] if isinstance(row[0], str) else "?", reason))
            continue
        if proof is not None and proof[0] == writer:
            out.blocks[(row[0], row[vi])] = proof[1]
        out.rows.append(row)
    return out


def block_of(spec: TableSpec, row: list, proven: Proven, source: str, same_columns: bool) -> int | None:
    """The proof block (number in the bundle) of one of the source's own rows, if the bundle proves it."""
    if not same_columns or not proven.hashes:
        return None
    proof = proven.hashes.get(proofs.row_hash(spec.table, proofs.line_of(row)))
    return proof[1] if proof is not None and proof[0] == source else None


def refuse(source: str, violations: list[tuple[str, str, str]], total: int | None = None) -> HostileBundle:
    total = len(violations) if total is None else total
    shown = "; ".join(f"{t} {u} ({r})" for t, u, r in violations[:5])
    more = total - 5
    msg = ngettext("the bundle from {code} carries {n} row its signer may not write, so none of it is taken: "
                   "{rows}",
                   "the bundle from {code} carries {n} rows its signer may not write, so none of it is taken: "
                   "{rows}", total).format(code=source, n=total, rows=shown)
    if more > 0:
        msg += " " + _("and {n} more").format(n=more)
    return HostileBundle(msg, violations)


def store(proven: Proven, via: str) -> dict[int, int]:
    """Keep the verified blocks and the keys learnt (inside the import's transaction): number -> local id."""
    for code, key in proven.pins.items():
        DB.execute_sql("INSERT OR IGNORE INTO sync_known_key (code, sign_public, via) VALUES (?, ?, ?)",
                       (code, key, via))
    return {i: proofs.store_block(*b) for i, b in enumerate(proven.blocks)}


def may_edit(owner: str) -> bool:
    """Can a user here change a row owned by *owner*? Its owner; headquarters too, for a site it is
    enrolled with (the change travels to the owner as a correction request)."""
    from borderdesk.services import session

    if not owner or owner == session.site_code():
        return True
    return session.is_headquarters() and sites.get_peer(owner) is not None
