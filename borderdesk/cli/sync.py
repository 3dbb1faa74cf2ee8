"""``site``, ``bundle`` and ``conflicts``: enrol sites, carry bundles, review conflicts."""
from __future__ import annotations

from borderdesk.cli.common import open_db, print_json
from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import N_, _, ngettext
from borderdesk.sync.merge import OUTCOME_LABELS, OUTCOMES

ORDER = 70


#: a site's kind in words (the JSON output keeps the key)
SITE_KINDS = {"post": N_("Border post"), "headquarters": N_("Headquarters (provincial command)")}


def site_kind_label(kind: str) -> str:
    return _(SITE_KINDS[kind]) if kind in SITE_KINDS else kind


def register(sub) -> None:
    site = sub.add_parser("site", help=_("this site's key and the sites enrolled here"))
    ssub = site.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    p = ssub.add_parser("key", help=_("write this site's identity file (code, names, public keys)"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.set_defaults(handler=cmd_site_key)
    p = ssub.add_parser("add", help=_("enrol another site from its identity file"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--replace", action="store_true", help=_("replace the keys of a site already enrolled"))
    p.set_defaults(handler=cmd_site_add)
    p = ssub.add_parser("list", help=_("sites enrolled here, with what was exchanged"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_site_list)

    bundle = sub.add_parser("bundle", help=_("make, check and import sync bundles"))
    bsub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    p = bsub.add_parser("export", help=_("write a bundle for an enrolled site"))
    p.add_argument("--to", required=True, metavar="CODE")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--full", action="store_true", help=_("everything, not only what the site has not acknowledged"))
    p.add_argument("--max-mb", type=float, metavar="MB",
                   help=_("largest bundle file (default 200, remembered); attachments beyond it go into numbered parts"))
    p.set_defaults(handler=cmd_export)
    p = bsub.add_parser("import", help=_("verify a bundle and merge it"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=_("verify and show what would change, change nothing"))
    p.set_defaults(handler=cmd_import)
    p = bsub.add_parser("inspect", help=_("show what a bundle says about itself"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_inspect)

    conf = sub.add_parser("conflicts", help=_("versions that lost to another site's change"))
    csub = conf.add_subparsers(dest="conflicts_command", metavar="ACTION", required=True)
    p = csub.add_parser("list", help=_("open conflicts"))
    p.add_argument("--all", action="store_true", help=_("resolved ones too"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_conflicts_list)
    p = csub.add_parser("resolve", help=_("keep this site's version or take the other"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--keep", required=True, choices=("mine", "theirs"))
    p.set_defaults(handler=cmd_conflicts_resolve)


def kind_label(key: str) -> str:
    from borderdesk.sync.tables import REGISTRY_LABELS

    if key in KINDS:
        return _(KINDS[key].plural)
    return _(REGISTRY_LABELS.get(key, key))


def cmd_site_key(args) -> int:
    from borderdesk.sync import sites

    open_db(args)
    ident = sites.write_identity(args.out)
    print(_("Wrote the identity of site {code} to {file}").format(code=ident["code"], file=args.out))
    print(_("Fingerprint: {fp}").format(fp=ident["fingerprint"]))
    return 0


def cmd_site_add(args) -> int:
    from borderdesk.sync import sites

    open_db(args)
    peer = sites.enrol(sites.read_identity(args.file), replace=args.replace)
    print(_("Enrolled site {code} ({name}, {kind})").format(code=peer.code, name=sites.printable(peer.name_vi),
                                                           kind=site_kind_label(peer.kind)))
    print(_("Fingerprint: {fp}").format(fp=peer.fingerprint))
    print(_("Read this fingerprint to the other site by phone: it must match the one they see."))
    return 0


def cmd_site_list(args) -> int:
    from borderdesk.sync import sites

    open_db(args)
    rows = []
    for peer in sites.list_peers():
        st = sites.status(peer)
        rows.append({"code": peer.code, "name_vi": peer.name_vi, "name_zh": peer.name_zh, "kind": peer.kind,
                     "fingerprint": peer.fingerprint, "bundles_sent": st.bundles_sent,
                     "acknowledged_upto": st.acked_upto, "last_bundle_received": st.last_bundle_no,
                     "last_received_at": st.last_received_at, "their_seq": st.their_seq,
                     "missing_bundles": st.missing_bundles, "gaps": [list(h) for h in st.holes],
                     "open_conflicts": st.open_conflicts})
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print(_("No site enrolled yet: 'borderdesk site add FILE'"))
    for r in rows:
        print(f"{r['code']:<12} {site_kind_label(r['kind']):<13} {r['fingerprint']}  {sites.printable(r['name_vi'])}")
        last = r["last_bundle_received"]
        line = _("  received: last bundle {no}, their sequence {seq}; sent: {sent} bundles").format(
            no=last if last is not None else "-", seq=r["their_seq"], sent=r["bundles_sent"])
        print(line)
        if r["missing_bundles"]:
            print(_("  missing bundles: {nos}").format(nos=", ".join(map(str, r["missing_bundles"]))))
        if r["gaps"]:
            print(_("  gap: changes {ranges} not received").format(
                ranges=", ".join(f"{lo + 1}-{hi}" for lo, hi in r["gaps"])))
        if r["open_conflicts"]:
            print(_("  open conflicts: {n}").format(n=r["open_conflicts"]))
    return 0


def cmd_export(args) -> int:
    from borderdesk.sync import attachments_link

    open_db(args)
    if args.max_mb is not None:
        attachments_link.set_max_mb(args.max_mb)  # remembered: the size of this site's stick
    done = attachments_link.export_bundle(args.to, args.out, full=args.full)
    res = done.result
    print(ngettext("Bundle {no} for {code}: {n} row, written to {file}",
                   "Bundle {no} for {code}: {n} rows, written to {file}", res.total).format(
        no=res.bundle_no, code=res.destination, n=res.total, file=res.path))
    for table, n in sorted(res.counts.items()):
        print(f"  {table:<22} {n}")
    for part in done.parts:
        print(_("  and part {file} (attachments that did not fit; import it too, in any order)").format(file=part))
    return 0


def print_preview(preview) -> None:
    head = [_("Kind")] + [_(OUTCOME_LABELS[o]) for o in OUTCOMES]
    print(f"{head[0]:<28}" + "".join(f"{h:>13}" for h in head[1:]))
    for key, counts in sorted(preview.counts.items()):
        print(f"{kind_label(key):<28}" + "".join(f"{counts.get(o, 0):>13}" for o in OUTCOMES))
    for table, uuid, reason in preview.rejected[:20]:
        print(_("  rejected {table} {uuid}: {reason}").format(table=table, uuid=uuid, reason=reason))


def _gap_lines(preview) -> list[str]:
    out = []
    if preview.already_received:
        out.append(_("This bundle was imported before: nothing new in it."))
    if preview.gap:
        out.append(_("Gap: changes {lo}-{hi} of {code} have not arrived (a bundle was lost?); "
                     "the newer data is imported anyway.").format(lo=preview.gap[0] + 1, hi=preview.gap[1],
                                                                code=preview.source))
    if preview.missing_bundles:
        out.append(_("Bundles from {code} not received: {nos}").format(
            code=preview.source, nos=", ".join(map(str, preview.missing_bundles))))
    return out


def cmd_import(args) -> int:
    from borderdesk.sync.importer import import_bundle

    open_db(args)
    preview = import_bundle(args.file, dry_run=args.dry_run)
    print(_("Bundle {no} from {code} verified (signature, addressee, hashes).").format(
        no=preview.bundle_no, code=preview.source))
    print_preview(preview)
    for line in _gap_lines(preview):
        print(line)
    if args.dry_run:
        print(_("Dry run: nothing was changed."))
    else:
        print(ngettext("Imported: {n} change.", "Imported: {n} changes.", preview.changes).format(n=preview.changes))
        if preview.total("conflicting"):
            print(_("Conflicts to review: 'borderdesk conflicts list'"))
    return 0


def cmd_inspect(args) -> int:
    from borderdesk.sync.importer import inspect_bundle

    open_db(args)
    info = inspect_bundle(args.file)
    if args.json:
        print_json(info)
        return 0 if info.get("verified") else 1
    for key, value in info.items():
        print(f"{key:<20} {value}")
    return 0 if info.get("verified") else 1


def cmd_conflicts_list(args) -> int:
    from borderdesk.sync import conflicts

    open_db(args)
    items = conflicts.list_conflicts(None if args.all else "open")
    if args.json:
        print_json([{"id": c.id, "kind": c.kind, "uuid": c.uuid, "status": c.status, "resolution": c.resolution,
                     "source": c.source, "winning_version": c.winning_version, "losing_version": c.losing_version,
                     "lost_side": c.lost_side, "request": c.request,
                     "differences": [{"field": f, "mine": a, "theirs": b} for f, a, b in c.differences()]}
                    for c in items])
        return 0
    if not items:
        print(_("No conflicts."))
    for c in items:
        won = _("theirs") if c.lost_side == "mine" else _("mine")
        if c.request:
            print(_("#{id} {kind} {uuid}: {source} asks to correct it (theirs accepts, mine refuses) [{status}]").format(
                id=c.id, kind=kind_label(c.kind), uuid=c.uuid, source=c.source, status=_(c.status)))
        else:
            print(_("#{id} {kind} {uuid} from {source}: {won} won [{status}]").format(
                id=c.id, kind=kind_label(c.kind), uuid=c.uuid, source=c.source, won=won, status=_(c.status)))
        for f, a, b in c.differences():
            print(f"    {f}: {_('mine')}={a!r}  {_('theirs')}={b!r}")
    return 0


def cmd_conflicts_resolve(args) -> int:
    from borderdesk.sync import conflicts

    open_db(args)
    c = conflicts.resolve(args.id, args.keep)
    print(_("Conflict {id} resolved: kept {side}.").format(id=c.id, side=_(args.keep)))
    return 0
