"""The holiday table: each country's days off and make-up working days of a year, and our corrections.

The defaults come from ``borderdesk.domain.workdays`` (read-only here);
governments announce changes late, so a post records corrections, which the
deadlines in working days then follow.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.i18n import N_, _, current_language
from borderdesk.i18n.formatting import format_date
from borderdesk.services import calendar

COUNTRIES = {"VN": N_("Vietnam"), "CN": N_("China")}
UUID_ROLE = Qt.UserRole + 1


def _item(text: str, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(UUID_ROLE, data)
    return item


class HolidaysTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: str | None = None
        self._last_deleted: dict | None = None

        self.country = QComboBox()
        self.country.setObjectName("country")
        for code in COUNTRIES:
            self.country.addItem("", code)
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, dt.date.today().year + 10)
        self.year.setValue(dt.date.today().year)
        self.country_label, self.year_label = QLabel(), QLabel()
        self.country_label.setBuddy(self.country)
        self.year_label.setBuddy(self.year)
        top = QHBoxLayout()
        top.addWidget(self.country_label)
        top.addWidget(self.country)
        top.addSpacing(16)
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)

        self.defaults = self._table("holidays", 4)
        self.corrections = self._table("corrections", 4)
        self.corrections.itemSelectionChanged.connect(self._selection_changed)

        self.day = QDateEdit()
        self.day.setObjectName("day")
        self.day.setCalendarPopup(True)
        self.day_off = QComboBox()
        self.day_off.setObjectName("is_day_off")
        self.day_off.addItem("", True)
        self.day_off.addItem("", False)
        self.name_vi, self.name_zh = QLineEdit(), QLineEdit()
        self.name_vi.setObjectName("name_vi")
        self.name_zh.setObjectName("name_zh")
        self.errors = {name: QLabel() for name in ("day", "is_day_off", "name_vi", "name_zh", "country")}
        for name, err in self.errors.items():
            err.setObjectName(f"error_{name}")
            err.setStyleSheet("color: #b00020;")
            err.setWordWrap(True)
            err.hide()
        self.labels = {name: QLabel() for name in ("day", "is_day_off", "name")}
        self.labels["day"].setBuddy(self.day)
        self.labels["is_day_off"].setBuddy(self.day_off)
        self.labels["name"].setBuddy(self.name_vi)
        for label in self.labels.values():
            label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.head_vi, self.head_zh = QLabel("Tiếng Việt"), QLabel("中文")
        for head in (self.head_vi, self.head_zh):
            head.setStyleSheet("font-weight: bold;")
        grid = QGridLayout()
        grid.addWidget(self.labels["day"], 0, 0)
        grid.addWidget(self.day, 0, 1)
        grid.addWidget(self.errors["day"], 1, 1, 1, 2)
        grid.addWidget(self.labels["is_day_off"], 2, 0)
        grid.addWidget(self.day_off, 2, 1)
        grid.addWidget(self.errors["is_day_off"], 3, 1, 1, 2)
        grid.addWidget(self.head_vi, 4, 1)
        grid.addWidget(self.head_zh, 4, 2)
        grid.addWidget(self.labels["name"], 5, 0)
        grid.addWidget(self.name_vi, 5, 1)
        grid.addWidget(self.name_zh, 5, 2)
        grid.addWidget(self.errors["name_vi"], 6, 1)
        grid.addWidget(self.errors["name_zh"], 6, 2)
        grid.addWidget(self.errors["country"], 7, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.new_button, self.save_button = QPushButton(), QPushButton()
        self.delete_button, self.undo_button = QPushButton(), QPushButton()
        for name, b in (("new", self.new_button), ("save", self.save_button),
                        ("delete", self.delete_button), ("undo", self.undo_button)):
            b.setObjectName(name)
        self.new_button.clicked.connect(self.new_correction)
        self.save_button.clicked.connect(self.save_correction)
        self.delete_button.clicked.connect(self.delete_correction)
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.hide()
        self.message = QLabel()
        self.message.setObjectName("message")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)

        self.defaults_box = QGroupBox()
        QVBoxLayout(self.defaults_box).addWidget(self.defaults)
        self.corrections_box = QGroupBox()
        cv = QVBoxLayout(self.corrections_box)
        self.corrections_hint = QLabel()
        self.corrections_hint.setWordWrap(True)
        cv.addWidget(self.corrections_hint)
        cv.addWidget(self.corrections, 1)
        cv.addLayout(grid)
        cv.addLayout(buttons)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.defaults_box)
        splitter.addWidget(self.corrections_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.country.currentIndexChanged.connect(self.refresh)
        self.year.valueChanged.connect(self.refresh)
        self.retranslate()
        self.new_correction()

    @staticmethod
    def _table(name: str, columns: int) -> QTableWidget:
        t = QTableWidget(0, columns)
        t.setObjectName(name)
        t.setSelectionBehavior(QAbstractItemView.SelectRows)
        t.setSelectionMode(QAbstractItemView.SingleSelection)
        t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        t.verticalHeader().hide()
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
        header = t.horizontalHeader()
        # date | Vietnamese name | Chinese name | day off or working day: the names share the width
        for c in range(columns):
            header.setSectionResizeMode(c, QHeaderView.Stretch if c in (1, 2) else QHeaderView.ResizeToContents)
        return t

    def retranslate(self) -> None:
        self.country_label.setText(_("Country:"))
        self.year_label.setText(_("Year:"))
        for i in range(self.country.count()):
            self.country.setItemText(i, _(COUNTRIES[self.country.itemData(i)]))
        self.day_off.setItemText(0, _("Day off"))
        self.day_off.setItemText(1, _("Working day"))
        self.labels["day"].setText(_("Date"))
        self.labels["is_day_off"].setText(_("The day is"))
        self.labels["name"].setText(_("Name"))
        self.defaults_box.setTitle(_("Days off and make-up working days"))
        self.corrections_box.setTitle(_("Corrections kept by this post"))
        self.corrections_hint.setText(_(
            "When the government moves a holiday, add the day here: deadlines in working days follow it."))
        headers = [_("Date"), _("Vietnamese name"), _("Chinese name"), _("Day off or working day")]
        self.defaults.setHorizontalHeaderLabels(headers)
        self.corrections.setHorizontalHeaderLabels(headers)
        self.new_button.setText(_("&New"))
        self.save_button.setText(_("&Save"))
        self.delete_button.setText(_("&Delete"))
        self.undo_button.setText(_("&Undo"))
        self.day.setDisplayFormat("yyyy-MM-dd" if current_language() == "zh" else "dd/MM/yyyy")
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _kind_text(self, is_day_off: bool, source: str = "default") -> str:
        text = _("Day off") if is_day_off else _("Working day")
        return text + (" · " + _("correction") if source == "correction" else "")

    def refresh(self) -> None:
        country, year = self.country.currentData(), self.year.value()
        days = calendar.holidays_in(country, year)
        self.defaults.setRowCount(len(days))
        for r, h in enumerate(days):
            day = dt.date.fromisoformat(h["date"])
            for c, text in enumerate((format_date(day), h["name_vi"], h["name_zh"],
                                      self._kind_text(h["is_day_off"], h["source"]))):
                self.defaults.setItem(r, c, _item(text))
        rows = calendar.list_corrections(country, year)
        self.corrections.blockSignals(True)
        self.corrections.setRowCount(len(rows))
        for r, c in enumerate(rows):
            day = dt.date.fromisoformat(c["day"])
            for col, text in enumerate((format_date(day), c["name_vi"], c["name_zh"],
                                        self._kind_text(c["is_day_off"]))):
                self.corrections.setItem(r, col, _item(text, c["id"]))
            if c["id"] == self.current:
                self.corrections.selectRow(r)
        self.corrections.blockSignals(False)

    def _selection_changed(self) -> None:
        rows = self.corrections.selectionModel().selectedRows()
        if rows:
            self.open_correction(self.corrections.item(rows[0].row(), 0).data(UUID_ROLE))

    def open_correction(self, uuid: str) -> None:
        row = calendar.to_dict(calendar.get_correction(uuid))
        self.current = uuid
        self._fill(row)
        self.delete_button.setEnabled(True)

    def _fill(self, row: dict) -> None:
        day = dt.date.fromisoformat(row["day"]) if row.get("day") else dt.date.today()
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.day_off.setCurrentIndex(0 if row.get("is_day_off", True) else 1)
        self.name_vi.setText(row.get("name_vi", ""))
        self.name_zh.setText(row.get("name_zh", ""))
        self.show_errors({})

    def new_correction(self) -> None:
        self.current = None
        self.corrections.clearSelection()
        year = self.year.value()
        today = dt.date.today()
        self._fill({"day": (today if today.year == year else dt.date(year, 1, 1)).isoformat()})
        self.delete_button.setEnabled(False)

    def values(self) -> dict:
        return {"country": self.country.currentData(), "day": self.day.date().toPython(),
                "is_day_off": bool(self.day_off.currentData()),
                "name_vi": self.name_vi.text(), "name_zh": self.name_zh.text()}

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(bool(errors.get(name)))

    def save_correction(self) -> bool:
        data = self.values()
        try:
            if self.current is None:
                saved = calendar.create_correction(**data)
            else:
                saved = calendar.update_correction(self.current, **data)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except BorderDeskError as exc:
            self._note(str(exc))
            return False
        self.current = saved["id"]
        self.show_errors({})
        self._note(_("Saved."))
        self.refresh()
        return True

    def delete_correction(self) -> None:
        if self.current is None:
            return
        row = calendar.to_dict(calendar.get_correction(self.current))
        calendar.delete_correction(self.current)
        self._last_deleted = row
        self.new_correction()
        self.refresh()
        self._note(_("Correction deleted."), undo=True)

    def undo_delete(self) -> None:
        row, self._last_deleted = self._last_deleted, None
        if not row:
            return
        saved = calendar.create_correction(row["country"], row["day"], row["is_day_off"],
                                           row["name_vi"], row["name_zh"])
        self.current = saved["id"]
        self.refresh()
        self._fill(saved)
        self.delete_button.setEnabled(True)
        self._note(_("Correction restored."))

    def _note(self, text: str, undo: bool = False) -> None:
        self.message.setText(text)
        self.undo_button.setVisible(undo)
