"""Ctrl+P on talks or a meeting: name the missing translations, then preview the minutes."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from borderdesk.documents import data as docdata
from borderdesk.documents import minutes
from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import N_, _
from borderdesk.documents import terminology
from borderdesk.ui.documents.preview import Option, PdfPreviewDialog
from borderdesk.ui.documents.terminology_note import show_terminology

LAYOUT_OPTION = Option("layout", N_("Layout"), (
    ("columns", N_("Side by side (each original's own language on the left)")),
    ("sequential", N_("One language after the other (the original's own first)")),
))


def ask_print_anyway(parent: QWidget | None, missing: list[str]) -> bool:
    """Tell which texts lack a translation; True when the officer prints anyway (gaps are marked)."""
    text = _("These texts have no translation:") + "\n\n" + "\n".join(f"• {m}" for m in missing)
    text += "\n\n" + _("Print a draft? The gaps will be marked and every page marked as a draft, which cannot "
                       "be signed.")
    answer = QMessageBox.question(parent, _("Missing translations"), text,
                                  QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


def open_minutes_preview(parent: QWidget | None, record_uuid: str) -> PdfPreviewDialog | None:
    """Open the preview of the minutes of *record_uuid* (talks or meeting); None if the officer stopped."""
    try:
        record = docdata.load_minutes(record_uuid)
        heads = minutes.missing_heads(record)
        if heads:
            raise BorderDeskError(_("The minutes cannot be printed without {what}: mark the head of each "
                                    "delegation in the form.").format(what=_(" and ").join(heads)))
    except BorderDeskError as exc:
        QMessageBox.warning(parent, _("Minutes"), str(exc))
        return None
    missing = minutes.missing_translations(record)
    if missing and not ask_print_anyway(parent, missing):
        return None
    if not missing:
        from borderdesk.services import document_numbers

        document_numbers.minutes_number(record_uuid)  # given here, not in the worker: a write

    def make(options: dict) -> bytes:
        # read again in the worker: the form may have saved a change since
        return minutes.render_minutes(docdata.load_minutes(record_uuid), options.get("layout") or "columns")

    title = _("Minutes of talks") if record.kind == "talks" else _("Minutes of the meeting")
    dialog = PdfPreviewDialog(parent, title, make, (LAYOUT_OPTION,), settings_key="minutes",
                              file_name=f"bien-ban-{record.date.isoformat()}.pdf", record_uuid=record_uuid)
    dialog.terminology = show_terminology(dialog, terminology.minutes_warnings(record))
    dialog.show()
    return dialog
