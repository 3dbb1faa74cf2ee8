"""A unit, gate or marker typed in a form that the registry does not hold: pick a close match, or add it.

Nothing typed is dropped. When the name matches an entry (case, diacritics and the
Unicode form aside) that entry is taken without asking; otherwise the officer chooses
one of the close matches, or adds the entry to the registry with its name in both
languages (a marker: its number, and its name in both languages if it has one), or goes
back to the form with the text still in the box.
"""
from __future__ import annotations


import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from borderdesk.domain.errors import ValidationError
from borderdesk.i18n import N_, _
from borderdesk.services import registry
from borderdesk.ui.widgets.fields import CounterpartField, FieldError, LineField

#: what the dialog calls an entry of each kind
NOUNS = {"counterpart": N_("counterpart unit"), "gate": N_("border gate"), "marker": N_("boundary marker")}


def entry_text(kind: str, row) -> str:
    """An entry as the dialog lists it: its names (a marker's number first)."""
    names = " / ".join(n for n in (row.name_vi, row.name_zh) if n)
    if kind == "marker":
        return f"{row.number} — {names}" if names else row.number
    return names


def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002ffff" for ch in text)


class NewEntryDialog(QDialog):
    """``exec()`` returns Accepted with :attr:`chosen` set to the uuid picked or added."""

    def __init__(self, kind: str, typed: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("new_entry_dialog")
        self.kind = kind
        self.chosen: str | None = None
        typed = typed.strip()
        self.setWindowTitle(_("Not in the registry"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("“{name}” is not a {noun} of the registry.").format(name=typed, noun=_(NOUNS[kind])), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.matches = QListWidget(self)
        self.matches.setObjectName("close_matches")
        for row in registry.close_matches(kind, typed):
            item = QListWidgetItem(entry_text(kind, row))
            item.setData(Qt.UserRole, row.uuid)
            self.matches.addItem(item)
        self.use_button = QPushButton(_("&Use the one chosen"), self)
        self.use_button.setObjectName("use_match")
        self.use_button.clicked.connect(self.use_match)
        if self.matches.count():
            layout.addWidget(QLabel(_("Did you mean one of these?"), self))
            layout.addWidget(self.matches)
            self.matches.setCurrentRow(0)
            self.matches.itemDoubleClicked.connect(lambda _item: self.use_match())
            layout.addWidget(self.use_button)
        else:
            self.matches.hide()
            self.use_button.hide()

        form = QFormLayout()
        self.number = QLineEdit(self)
        self.number.setObjectName("number")
        self.name_vi = QLineEdit(self)
        self.name_vi.setObjectName("name_vi")
        self.name_zh = QLineEdit(self)
        self.name_zh.setObjectName("name_zh")
        if kind == "marker":  # a marker is its number; a name, if it has one, in both languages
            layout.addWidget(QLabel(_("Or add it to the registry: its number, and its name in both languages "
                                      "if it has one:"), self))
            self.number.setText(registry.marker_number(typed))
            form.addRow(_("Marker number"), self.number)
        else:
            layout.addWidget(QLabel(_("Or add it to the registry, named in both languages:"), self))
            self.number.hide()
            (self.name_zh if _has_han(typed) else self.name_vi).setText(typed)
        form.addRow(_("Vietnamese name"), self.name_vi)
        form.addRow(_("Chinese name"), self.name_zh)
        layout.addLayout(form)
        self.error = FieldError(self)
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton(_("&Add to the registry"), QDialogButtonBox.AcceptRole)
        self.add_button.setObjectName("add_entry")
        buttons.addButton(_("Back to the form"), QDialogButtonBox.RejectRole)
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if kind == "marker":
            self.name_vi.setFocus()
        else:
            (self.name_vi if not self.name_vi.text() else self.name_zh).setFocus()

    def use_match(self) -> None:
        item = self.matches.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.UserRole)
            self.accept()

    def add(self) -> None:
        vi, zh = self.name_vi.text().strip(), self.name_zh.text().strip()
        data = {"name_vi": vi, "name_zh": zh}
        if self.kind == "marker":
            data["number"] = self.number.text().strip()
            if not data["number"]:
                self.error.set_message(_("Enter the marker's number."))
                self.number.setFocus()
                return
            if bool(vi) != bool(zh):
                self.error.set_message(_("Enter the marker's name in both languages, or neither."))
                (self.name_zh if vi else self.name_vi).setFocus()
                return
        elif not vi or not zh:
            self.error.set_message(_("Enter the name in both languages."))
            (self.name_zh if vi else self.name_vi).setFocus()
            return
        # what the officer wrote names an entry already there: that one, not a second
        same = next((r for r in (registry.match(self.kind, data.get(k) or "") for k in ("number", "name_vi", "name_zh"))
                     if r is not None), None) if self.kind == "marker" else None
        if same is not None:
            self.chosen = same.uuid
            self.accept()
            return
        try:
            row = registry.create(self.kind, data)
        except ValidationError as exc:
            self.error.set_message(" ".join(exc.errors.values()))
            return
        self.chosen = row.uuid
        self.accept()


def resolve_typed(field: CounterpartField) -> bool:
    """Turn a name typed in a unit's (or gate's) box into a registry entry; False when the officer
    went back to the form (the text stays in the box).

    A name the registry holds (case, diacritics and Unicode form aside) is taken as it is; any
    other is chosen from close matches or added after the officer confirms it in both
    languages. Never dropped.
    """
    combo = field.combo
    typed = combo.currentText().strip()
    if not typed or combo.uuid():
        return True
    row = registry.match(combo.registry_kind, typed)
    if row is not None:
        uuid = row.uuid
    else:
        uuid = _ask(combo.registry_kind, typed, field)
        if uuid is None:
            return False
    combo.reload()
    combo.set_uuid(uuid)
    return True



def resolve_typed_marker(field: LineField) -> bool:
    """The same for a marker's box, which keeps the marker's number as text: the box ends holding the
    number of the marker chosen or added; False when the officer went back (the text stays)."""
    typed = field.value().strip()
    if not typed:
        return True
    number = typed_marker(typed, field)
    if number is None:
        return False
    if number != field.value():
        field.set_value(number)
        field.edited.emit()
    return True


def typed_marker(typed: str, parent: QWidget) -> str | None:
    """The number of the marker *typed* names (its number or a name, case, diacritics and Unicode form
    aside), chosen from close matches or added after asking; None when the officer went back."""
    row = registry.match("marker", typed)
    if row is None:
        uuid = _ask("marker", typed, parent)
        if uuid is None:
            return None
        row = registry.get("marker", uuid)
    return row.number


def _ask(kind: str, typed: str, parent: QWidget) -> str | None:
    """The uuid the officer chose or added in the dialog; None when they went back."""
    dialog = NewEntryDialog(kind, typed, parent)
    try:
        return dialog.chosen if dialog.exec() == QDialog.Accepted and dialog.chosen else None
    finally:
        # Deleted now, on the GUI thread: its signal connections make a reference cycle that the
        # garbage collector could otherwise free on a worker thread (a crash in Qt's timers later).
        shiboken6.delete(dialog)
