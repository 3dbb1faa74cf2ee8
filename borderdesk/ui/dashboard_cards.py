"""The dashboard's cards: one per record kind, the quarter's figure against the same quarter
last year (in words and with an arrow, not by colour alone), this month's, and a small chart
of the last twelve months, this year's bars beside last year's."""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
from borderdesk.ui import style


class MonthChart(QWidget):
    """Twelve months as pairs of bars: last year (light) and this year (the accent)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.now: list[int] = []
        self.before: list[int] = []
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(160, 38)

    def set_series(self, now: list[int], before: list[int]) -> None:
        self.now, self.before = now, before
        self.setToolTip(_("Last twelve months: this year (dark) against the year before (light)"))
        self.update()

    def paintEvent(self, _event) -> None:
        if not self.now:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        top = max(self.now + self.before + [1])
        n = len(self.now)
        slot = self.width() / n
        h = self.height() - 3
        for i in range(n):
            x = i * slot
            for j, (values, colour) in enumerate(((self.before, style.PALETTE["border"]),
                                                 (self.now, style.PALETTE["accent"]))):
                v = values[i] if i < len(values) else 0
                bar = max(h * v / top, 1 if v else 0)
                p.fillRect(QRectF(x + 1 + j * slot * 0.42, h - bar, slot * 0.38, bar), QColor(colour))
        p.setPen(QPen(QColor(style.PALETTE["line"])))
        p.drawLine(0, h, self.width(), h)
        p.end()


class KindCard(QFrame):
    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(2)
        head = QHBoxLayout()
        self.icon = QLabel(self)
        self.icon.setPixmap(style.icon(style.PAGE_ICONS[kind], style.PALETTE["accent"]).pixmap(18, 18))
        self.name = QLabel(self)
        self.name.setObjectName("cardLabel")
        head.addWidget(self.icon)
        head.addWidget(self.name, 1)
        lay.addLayout(head)
        row = QHBoxLayout()
        self.figure = QLabel(self)
        self.figure.setObjectName("cardFigure")
        self.change = QLabel(self)
        self.change.setWordWrap(True)
        row.addWidget(self.figure)
        row.addWidget(self.change, 1)
        lay.addLayout(row)
        self.month = QLabel(self)
        self.month.setObjectName("cardSame")
        self.month.setWordWrap(True)
        lay.addWidget(self.month)
        self.chart = MonthChart(self)
        lay.addWidget(self.chart)

    def show_figures(self, quarter: tuple[int, int], month: tuple[int, int], now: list[int], before: list[int]) -> None:
        from borderdesk.i18n.formatting import format_number

        self.name.setText(_(KINDS[self.kind].plural))
        q_now, q_before = quarter
        self.figure.setText(format_number(q_now))
        diff = q_now - q_before
        if diff > 0:
            colour = style.PALETTE["good"]
            text = "▲ " + _("{n} more than the same quarter last year ({before})").format(
                n=format_number(diff), before=format_number(q_before))
        elif diff < 0:
            colour = style.PALETTE["warn"]
            text = "▼ " + _("{n} fewer than the same quarter last year ({before})").format(
                n=format_number(-diff), before=format_number(q_before))
        else:
            colour = style.PALETTE["muted"]
            text = "= " + _("as many as the same quarter last year")
        self.change.setText(text)
        self.change.setStyleSheet(f"color: {colour};")  # the direction is also in the words and the arrow
        self.month.setText(_("This month: {now} (same month last year: {before})").format(
            now=format_number(month[0]), before=format_number(month[1])))
        self.chart.set_series(now, before)


class FigureCards(QWidget):
    """The eight cards in a grid that reflows: four columns on a wide screen, two on a narrow one."""

    def __init__(self, sections: tuple[tuple[str, str], ...], parent=None) -> None:
        super().__init__(parent)
        self.sections = sections
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(10)
        self.cards = {kind: KindCard(kind, self) for _section, kind in sections}
        self._columns = 0
        self._place(4)

    def _place(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for i, (_section, kind) in enumerate(self.sections):
            self.grid.addWidget(self.cards[kind], i // columns, i % columns)

    def resizeEvent(self, event) -> None:
        self._place(4 if event.size().width() >= 900 else 2)
        super().resizeEvent(event)

    def show_figures(self, month: dict, quarter: dict, monthly_now: dict, monthly_before: dict) -> None:
        """*month*, *quarter*: ``stats.compare`` results; *monthly_…*: ``stats.stats_by_month``."""
        for section, kind in self.sections:
            def count(data: dict, side: str) -> int:
                return data[side].get(section, {}).get("count", 0)

            now = [m.get(section, {}).get("count", 0) for m in monthly_now.values()]
            before = [m.get(section, {}).get("count", 0) for m in monthly_before.values()]
            self.cards[kind].show_figures((count(quarter, "current"), count(quarter, "previous")),
                                          (count(month, "current"), count(month, "previous")), now, before)
