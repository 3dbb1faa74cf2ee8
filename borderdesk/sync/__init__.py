"""Sync bundles: signed, encrypted files carried by hand between sites, and their merge.

No Qt here. ``keys`` makes and keeps this site's key pairs, ``sites`` enrols
other sites, ``bundle`` reads and writes the file format, ``exporter`` and
``importer`` build and apply bundles, ``merge`` decides which version wins and
keeps the losers as conflicts, ``conflicts`` lets a user review and override.
Nothing here acts on import: ``borderdesk.app`` installs :func:`only_its_writers`
when it opens a database, and makes a new site's key pairs.
"""


def only_its_writers(row) -> None:
    """A guard of ``services.changes``: only a row's own site (or one it exchanges bundles with)
    may change it."""
    from borderdesk.domain.errors import BorderDeskError
    from borderdesk.i18n import _
    from borderdesk.sync.authority import may_edit

    if not may_edit(row.site):
        raise BorderDeskError(_("this entry belongs to site {code}: only that site can change it (headquarters "
                                "can ask it to, by a correction request)").format(code=row.site))


def require(permission: str) -> None:
    """The logged-in user must hold *permission* (no accounts on the database: anyone may)."""
    from borderdesk.services.permissions import require as _require

    _require(permission)
