"""Sync bundles: signed, encrypted files carried by hand between sites, and their merge.

No Qt here. ``keys`` makes and keeps this site's key pairs, ``sites`` enrols
other sites, ``bundle`` reads and writes the file format, ``exporter`` and
``importer`` build and apply bundles, ``merge`` decides which version wins and
keeps the losers as conflicts, ``conflicts`` lets a user review and override.
"""
