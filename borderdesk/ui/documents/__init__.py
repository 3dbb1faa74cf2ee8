"""The documents in the desk: minutes preview (Ctrl+P on talks), the Reports page."""
from borderdesk.ui.documents.minutes_preview import open_minutes_preview

__all__ = ["open_minutes_preview"]
