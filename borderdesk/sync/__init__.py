"""Sync bundles: signed, encrypted files carried by hand between sites, and their merge.

No Qt here. ``keys`` makes and keeps this site's key pairs, ``sites`` enrols
other sites, ``bundle`` reads and writes the file format, ``exporter`` and
``importer`` build and apply bundles, ``merge`` decides which version wins and
keeps the losers as conflicts, ``conflicts`` lets a user review and override.
"""


def _make_keys_at_init(post) -> None:
    from borderdesk.sync.keys import ensure_site_keys

    ensure_site_keys()


def _only_its_writers(row) -> None:
    from borderdesk.domain.errors import BorderDeskError
    from borderdesk.i18n import _
    from borderdesk.sync.authority import may_edit

    if not may_edit(row.site):
        raise BorderDeskError(_("this entry belongs to site {code}: only that site can change it (headquarters "
                                "can ask it to, by a correction request)").format(code=row.site))


def _register() -> None:
    # Every site gets its key pairs when it is made (``init``); older databases
    # get them the first time sync needs them (keys.ensure_site_keys).
    from borderdesk.services import site

    from borderdesk.services import changes

    if _make_keys_at_init not in site.ON_INIT:
        site.ON_INIT.append(_make_keys_at_init)
    if _only_its_writers not in changes.GUARDS:
        changes.GUARDS.append(_only_its_writers)
    from borderdesk.sync.restore import carry_forward
    from borderdesk.trust import backup

    if carry_forward not in backup.ON_RESTORE:
        backup.ON_RESTORE.append(carry_forward)


_register()


def require(permission: str) -> None:
    """The logged-in user must hold *permission* (no accounts on the database: anyone may)."""
    try:
        from borderdesk.trust.accounts import require as _require
    except ImportError:  # pragma: no cover
        return
    _require(permission)
