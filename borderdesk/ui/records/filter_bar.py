"""The filters above a record list: dates, counterpart, the spec's choices, status, search.

Which choices (direction, category, outcome …) come from the kind's field spec
(:attr:`Field.filter`), the status from its deadline.

Typing in the search box waits for a pause (250 ms) before asking again, so a
list of a million records is searched once per word, not once per key.
"""
from __future__ import annotations

import json

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from borderdesk.domain import kinds as K
from borderdesk.i18n import N_, _
from borderdesk.ui import settings as ui_settings
from borderdesk.ui.widgets.display import label
from borderdesk.ui.widgets.fields import CounterpartCombo, DateEdit, FieldError, mark_bad

SEARCH_DELAY_MS = 250

_STATUS_BLANK = N_("Any status")


class FilterBar(QWidget):
    changed = Signal(dict)

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        rows.addWidget(self.search)
        lay = QHBoxLayout()
        rows.addLayout(lay)
        self.from_label, self.date_from = QLabel(self), DateEdit(self)
        self.to_label, self.date_to = QLabel(self), DateEdit(self)
        for w in (self.from_label, self.date_from, self.to_label, self.date_to):
            lay.addWidget(w)
        self.counterpart = CounterpartCombo(self)
        self.counterpart.setMinimumContentsLength(14)
        lay.addWidget(self.counterpart, 1)
        # a date that is not one is outlined, and the reason written under the filters
        self.date_error = FieldError(self)
        rows.addWidget(self.date_error)
        for d in (self.date_from, self.date_to):
            d.problem_changed.connect(self._date_problem)
        # the vocabulary filters on a line of their own: the list stays narrow enough for the form
        self.combos: dict[str, tuple[QComboBox, dict]] = {}
        self._blanks: dict[str, str] = {}
        more = QHBoxLayout()
        spec = K.KINDS[kind]
        for f in spec.filter_fields:
            self._combo(f.name, dict(f.vocab or {}), f.filter, more)
        if spec.deadline:
            self._combo("status", K.STATUSES, _STATUS_BLANK, more)
        if self.combos:
            more.addStretch(1)
            rows.addLayout(more)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for d in (self.date_from, self.date_to):
            d.editingFinished.connect(self._emit_if_changed)
        self.counterpart.currentIndexChanged.connect(self._emit)
        self._last: dict | None = None
        self.retranslate()
        self.restore()

    def _date_problem(self, _text: str) -> None:
        problems = [(w, w.problem()) for w in (self.date_from, self.date_to)]
        for w, msg in problems:
            mark_bad(w, bool(msg))
        self.date_error.set_message("\n".join(msg for _w, msg in problems if msg))

    def _combo(self, name: str, vocab: dict, blank: str, lay) -> None:
        self._blanks[name] = blank
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        combo.currentIndexChanged.connect(self._emit)
        self.combos[name] = (combo, vocab)
        lay.addWidget(combo)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search (Ctrl+F): names, subjects, places…"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("to"))
        self.counterpart.blank_text = _("All counterpart units")
        self.counterpart.setItemText(0, self.counterpart.blank_text)
        for name, (combo, vocab) in self.combos.items():
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(self._blanks[name]), "")
            for k in vocab:
                combo.addItem(label(vocab, k), k)
            combo.setCurrentIndex(max(0, combo.findData(keep or "")))
            combo.blockSignals(False)

    def filters(self) -> dict:
        out = {
            "text": self.search.text().strip() or None,
            "date_from": self.date_from.date(),
            "date_to": self.date_to.date(),
            "counterpart": self.counterpart.uuid(),
        }
        for name, (combo, _v) in self.combos.items():
            out[name] = combo.currentData() or None
        return out

    def _emit_if_changed(self) -> None:
        if self.filters() != self._last:
            self._emit()

    def _emit(self, *_args) -> None:
        self._timer.stop()
        self._last = self.filters()
        self.save()
        self.changed.emit(self._last)

    def flush(self) -> None:
        """Apply a pending search now (Enter in the search box, and tests)."""
        if self._timer.isActive():
            self._emit()

    # --- remembered between runs -------------------------------------------------------

    def save(self) -> None:
        f = self.filters()
        keep = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in f.items() if k != "text" and v}
        ui_settings.set_value(f"filters/{self.kind}", json.dumps(keep))

    def restore(self) -> None:
        try:
            saved = json.loads(ui_settings.value(f"filters/{self.kind}", "{}") or "{}")
        except (TypeError, ValueError):
            saved = {}
        self.blockSignals(True)
        self.date_from.set_date(saved.get("date_from"))
        self.date_to.set_date(saved.get("date_to"))
        self.counterpart.blockSignals(True)
        self.counterpart.set_uuid(saved.get("counterpart"))
        self.counterpart.blockSignals(False)
        for name, (combo, _v) in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(saved.get(name) or "")))
            combo.blockSignals(False)
        self.blockSignals(False)
        self._last = self.filters()

    def reload_counterparts(self) -> None:
        self.counterpart.blockSignals(True)
        self.counterpart.reload()
        self.counterpart.blockSignals(False)
