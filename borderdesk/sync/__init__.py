"""Sync bundles: signed, encrypted files carried by hand between sites, and their merge.

No Qt here. ``keys`` makes and keeps this site's key pairs, ``sites`` enrols
other sites, ``bundle`` reads and writes the file format, ``exporter`` and
``importer`` build and apply bundles, ``merge`` decides which version wins and
keeps the losers as conflicts, ``conflicts`` lets a user review and override.
"""



def require(permission: str) -> None:
    """The logged-in user must hold *permission* (no accounts on the database: anyone may)."""
    from borderdesk.services.permissions import require as _require

    _require(permission)
