"""A row of buttons that goes onto a second line when its place is too narrow for one.

A form's buttons (Save, Discard changes, the documents it prints, Duplicate, Delete) need
about 740 pixels in Vietnamese: in one unbreakable row they made the form, and so the whole
window, wider than a 1280×720 screen. :class:`FlowRow` keeps them in one row while they fit,
with the room left between the first group and the second (``addStretch``), and puts what
does not fit on the next line otherwise, every button whole.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowRow(QLayout):
    """Items left to right, wrapped onto as many lines as the width needs."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch_at: int | None = None  # the items from here on go right on a line that has room
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # --- building ------------------------------------------------------------------------------

    def addWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt's name)
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def addStretch(self, _stretch: int = 1) -> None:  # noqa: N802 (Qt's name)
        """What comes after goes to the right end of its line (only one stretch per row)."""
        self._stretch_at = len(self._items)

    # --- QLayout ---------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if not 0 <= index < len(self._items):
            return None
        if self._stretch_at is not None and index < self._stretch_at:
            self._stretch_at -= 1
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientations:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """All in one line."""
        shown = self._shown()
        width = sum(i.sizeHint().width() for _n, i in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for _n, i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """As narrow as the widest button (the others go onto more lines: ``heightForWidth``)."""
        shown = self._shown()
        width = max((i.sizeHint().width() for _n, i in shown), default=0)
        height = max((i.sizeHint().height() for _n, i in shown), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    # --- arranging ------------------------------------------------------------------------------

    def _shown(self) -> list[tuple[int, QLayoutItem]]:
        return [(n, i) for n, i in enumerate(self._items)
                if not (i.widget() is not None and i.widget().isHidden())]

    def _lines(self, width: int) -> list[list[tuple[int, QLayoutItem]]]:
        lines: list[list[tuple[int, QLayoutItem]]] = [[]]
        used = 0
        for n, item in self._shown():
            w = item.sizeHint().width()
            if lines[-1] and used + self._spacing + w > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + w
            lines[-1].append((n, item))
        return lines

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        for line in self._lines(inner.width()):
            if not line:
                continue
            height = max(i.sizeHint().height() for _n, i in line)
            used = sum(i.sizeHint().width() for _n, i in line) + self._spacing * (len(line) - 1)
            # the second group (after the stretch) ends at the right edge of its line
            second = next((k for k, (n, _i) in enumerate(line) if self._stretch_at is not None
                           and n >= self._stretch_at), None)
            x = inner.x()
            for k, (_n, item) in enumerate(line):
                if k == second:
                    x += max(0, inner.width() - used)
                hint = item.sizeHint()
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(0, y - self._spacing - inner.y()) + m.top() + m.bottom()
