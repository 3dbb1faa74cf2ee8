"""The documents in the desk: minutes, handover record and verification letter previews, the Reports page."""
from borderdesk.ui.documents.handover_preview import open_handover_preview, open_verification_preview
from borderdesk.ui.documents.minutes_preview import open_minutes_preview

__all__ = ["open_handover_preview", "open_minutes_preview", "open_verification_preview"]
