"""The navigation's look: an icon per page and, on the pages with something waiting, a count.

Counts of open items (:func:`open_items`): verifications overdue on the handovers, letters
waiting for an answer, sync conflicts not resolved yet. They are read in the background after
every change and drawn as a badge beside the entry, its meaning in the entry's tooltip.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QListWidget, QStyledItemDelegate, QStyleOptionViewItem

from borderdesk.i18n import N_, _
from borderdesk.ui import style

#: item data: the number to show in the badge (0: none)
BADGE_ROLE = Qt.UserRole + 1
#: page -> what its count means, and the badge's colour
BADGES = {
    "handover": (N_("{n} verifications overdue"), style.OVERDUE),
    "letter": (N_("{n} letters waiting for an answer"), style.DUE_SOON),
    "sync": (N_("{n} sync conflicts to resolve"), style.OVERDUE),
}


def open_items() -> dict[str, int]:
    """The counts of the badges (runs on a worker thread: plain numbers, no widgets)."""
    from borderdesk.services import records
    from borderdesk.sync import conflicts

    return {"handover": records.count("handover", status="overdue"),
            "letter": records.count("letter", status="pending"),
            "sync": conflicts.count_open()}


class NavDelegate(QStyledItemDelegate):
    """Draws an entry as the style does, then its count in a rounded badge on the right."""

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self._badge_width(option, index) + 8, max(size.height(), 30))

    def _badge_width(self, option, index) -> int:
        n = index.data(BADGE_ROLE) or 0
        return option.fontMetrics.horizontalAdvance(str(n)) + 14 if n else 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        n = index.data(BADGE_ROLE) or 0
        width = self._badge_width(option, index)
        if width:
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(0, 0, -width - 8, 0)  # the text stops before the badge
        super().paint(painter, option, index)
        if not n:
            return
        key = index.data(Qt.UserRole)
        colour = QColor(BADGES.get(key, ("", style.OVERDUE))[1])
        r = option.rect
        h = option.fontMetrics.height() + 4
        badge = QRect(r.right() + 4, r.top() + (r.height() - h) // 2, width, h)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(badge, h / 2, h / 2)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge, Qt.AlignCenter, str(n))
        painter.restore()


def set_badges(nav: QListWidget, counts: dict[str, int]) -> None:
    """Show *counts* on the entries of *nav* (by page key), with their meaning as tooltips."""
    for i in range(nav.count()):
        item = nav.item(i)
        key = item.data(Qt.UserRole)
        n = counts.get(key, 0)
        item.setData(BADGE_ROLE, n)
        item.setToolTip(_(BADGES[key][0]).format(n=n) if key in BADGES and n else item.text())
