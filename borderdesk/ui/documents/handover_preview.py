"""The handover form's documents: the handover record (both originals) and the verification letter."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from borderdesk.documents import handover
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.ui.documents.minutes_preview import ask_print_anyway
from borderdesk.ui.documents.preview import PdfPreviewDialog


def open_handover_preview(parent: QWidget | None, record_uuid: str) -> PdfPreviewDialog | None:
    """Preview the handover record of *record_uuid*; None when it cannot be made or the officer stopped."""
    try:
        data = handover.load_handover(record_uuid)
        if not data.persons:
            raise BorderDeskError(_("The handover record lists the persons handed over: add them in the form first."))
    except BorderDeskError as exc:
        QMessageBox.warning(parent, _("Handover record"), str(exc))
        return None
    gaps = handover.gaps(data)
    if gaps and not ask_print_anyway(parent, gaps):
        return None
    dialog = PdfPreviewDialog(parent, _("Handover record"),
                              lambda _o: handover.render_handover_record(handover.load_handover(record_uuid)),
                              settings_key="handover", file_name=f"bien-ban-ban-giao-{data.date.isoformat()}.pdf",
                              record_uuid=record_uuid)
    dialog.show()
    return dialog


def open_verification_preview(parent: QWidget | None, record_uuid: str) -> PdfPreviewDialog | None:
    """Preview the verification request letter of *record_uuid* (refused with a reason when not ours to send)."""
    try:
        data = handover.load_handover(record_uuid)
        handover.check_letter(data)
    except BorderDeskError as exc:
        QMessageBox.warning(parent, _("Verification request"), str(exc))
        return None
    dialog = PdfPreviewDialog(parent, _("Verification request"),
                              lambda _o: handover.render_verification_letter(handover.load_handover(record_uuid)),
                              settings_key="verification",
                              file_name=f"cong-thu-xac-minh-{data.date.isoformat()}.pdf", record_uuid=record_uuid)
    dialog.show()
    return dialog
