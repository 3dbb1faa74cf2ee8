"""The terminology warning in a document's preview: glossary terms whose usual translation is missing.

A warning above the pages, never a refusal: the officer reads it and prints, or
goes back to the form.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel

from borderdesk.i18n import _

STYLE = "background: #fff4e5; color: #5c3b00; border: 1px solid #f0c36d; border-radius: 3px; padding: 6px;"


def show_terminology(dialog: QDialog, warnings: list[str]) -> QLabel | None:
    """Put *warnings* (one line each) above the preview's pages; None when there is nothing to say."""
    if not warnings:
        return None
    text = _("Terminology to check (the document prints as it is):") + "\n" + "\n".join(f"• {w}" for w in warnings)
    label = QLabel(text, dialog)
    label.setObjectName("terminology_warning")
    label.setWordWrap(True)
    label.setStyleSheet(STYLE)
    dialog.layout().insertWidget(1, label)  # under the options bar, above the pages
    return label
