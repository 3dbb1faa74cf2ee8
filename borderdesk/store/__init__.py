"""Storage: the SQLite database through peewee. No Qt here."""
