"""The Sync page: enrolled sites, bundles in and out, conflicts to review."""
from borderdesk.ui.sync.view import SyncView

__all__ = ["SyncView"]
