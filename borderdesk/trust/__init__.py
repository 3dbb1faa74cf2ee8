"""Trust in the records: accounts and roles, the audit trail, backups, crash safety.

No Qt here: the GUI's dialogs live in ``borderdesk/ui/trust/`` and call these modules.
"""
