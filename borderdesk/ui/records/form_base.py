"""The form of one record: view, create, edit, delete (with undo), duplicate as new.

A kind's form declares its fields (:class:`F`) and, for kinds with child rows, a
:class:`~borderdesk.ui.records.children.ChildTable`. The base lays them out
(label | Vietnamese | Chinese), saves through :mod:`borderdesk.services.records`,
shows each :class:`ValidationError` message on its field, and knows when there
are unsaved changes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from borderdesk.domain.errors import BorderDeskError, ValidationError
from borderdesk.domain.kinds import KINDS
from borderdesk.i18n import _
from borderdesk.services import records
from borderdesk.ui.records.children import ChildTable
from borderdesk.ui.widgets import fields as W
from borderdesk.ui.widgets.completer import FoldingCompleter
from borderdesk.ui.widgets.flow import FlowRow
from borderdesk.ui.widgets.display import fmt_date
from borderdesk.ui.widgets.attachments import AttachmentStrip
from borderdesk.ui.widgets.fields import FieldError
from borderdesk.ui.widgets.new_entry import resolve_typed, resolve_typed_marker, typed_marker


@dataclass(frozen=True)
class F:
    """One row of a form. *name* is the field, or the base of a ``_vi``/``_zh`` pair."""

    name: str
    label: str  # N_-marked
    kind: str = "line"  # line text date time count choice bi_line bi_text counterpart gate info
    vocab: dict = field(default_factory=dict)
    lines: int = 3
    #: a line naming a registry entry (marker, officer): completed from it as the officer types
    ref: str | None = None


#: registry kinds whose entry a line must name: one typed that the registry lacks is confirmed
#: (chosen from close matches, or added) when the form is saved
CONFIRMED = ("marker",)


def registry_entries(kind: str) -> list[str]:
    """What a completer offers for *kind*: marker numbers; officers by their Vietnamese and Chinese names."""
    from borderdesk.services import registry

    rows = registry.list_entries(kind)
    if kind == "marker":
        return [str(r.number) for r in rows]
    return [n for r in rows for n in (r.name_vi, r.name_zh) if n]


_EDITORS = {"date": "date", "time": "time", "count": "count", "choice": "choice", "text": "text", "line": "line"}


def fields_of(kind: str, after: dict[str, F] | None = None) -> tuple[F, ...]:
    """The form's rows, read from the kind's field spec (its order, labels, vocabularies, box
    heights); *after* puts computed lines (a deadline) after the field they follow."""
    rows: list[F] = []
    for f in KINDS[kind].fields:
        if not f.in_form:
            continue
        if f.type == "ref":
            editor = f.ref or "counterpart"
        elif f.bilingual:
            editor = "bi_text" if f.type == "text" else "bi_line"
        else:
            editor = _EDITORS[f.type]
        rows.append(F(f.name, f.label, editor, dict(f.vocab or {}), f.lines, f.ref if f.type == "line" else None))
        if after and f.name in after:
            rows.append(after[f.name])
    return tuple(rows)


def _editor(f: F, parent: QWidget) -> QWidget:
    if f.kind == "line":
        field = W.LineField(f.name, parent)
        if f.ref:
            field.edit.setCompleter(FoldingCompleter(parent=field.edit))
        return field
    if f.kind == "text":
        return W.TextField(f.name, parent, f.lines)
    if f.kind == "date":
        return W.DateField(f.name, parent)
    if f.kind == "time":
        return W.TimeField(f.name, parent)
    if f.kind == "count":
        return W.CountField(f.name, parent)
    if f.kind == "choice":
        return W.ChoiceField(f.name, f.vocab, parent)
    if f.kind == "bi_line":
        return W.BilingualField(f.name, parent)
    if f.kind == "bi_text":
        return W.BilingualField(f.name, parent, multiline=True, lines=f.lines)
    if f.kind == "counterpart":
        return W.CounterpartField(f.name, parent)
    if f.kind == "gate":
        return W.CounterpartField(f.name, parent, registry_kind="gate")
    raise ValueError(f.kind)


class RecordForm(QWidget):
    """Subclasses set ``kind`` and ``FIELDS``; kinds with child rows override :meth:`make_children`."""

    kind: str = ""
    FIELDS: tuple[F, ...] = ()

    saved = Signal(str, str)  # kind, uuid
    deleted = Signal(str, str, str)  # kind, uuid, title
    dirty_changed = Signal(bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.spec = KINDS[self.kind]
        self.uuid: str | None = None
        self._snapshot: tuple | None = None
        self._dirty = False
        #: called with no argument when leaving with unsaved changes: "save" | "discard" | "cancel"
        self.ask_unsaved = self._ask_unsaved

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.general_error = FieldError(self)
        outer.addWidget(self.general_error)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget(self.scroll)
        self.grid = QGridLayout(body)
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(6)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)

        self.editors: dict[str, QWidget] = {}
        self.labels: list[tuple[QLabel, F]] = []
        self.infos: dict[str, QLabel] = {}
        self.lang_header: QWidget | None = None
        self._build(body)
        self.children_table: ChildTable | None = self.make_children(body)
        if self.children_table is not None:
            # the child table takes the form's whole width: its columns need it
            r = self.grid.rowCount()
            self.children_label = QLabel(body)
            bold = self.children_label.font()
            bold.setBold(True)
            self.children_label.setFont(bold)
            self.grid.addWidget(self.children_label, r, 0, 1, 2)
            self.grid.addWidget(self.children_table, r + 1, 0, 1, 2)
            self.children_table.edited.connect(self._on_edited)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

        self.attachments = AttachmentStrip(self.kind, self)  # files are dropped on the whole form
        outer.addWidget(self.attachments)

        self.buttons = FlowRow()  # one row while it fits, two on a narrow screen (1280×720 in Vietnamese)
        self.save_button = QPushButton(self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.revert)
        self.duplicate_button = QPushButton(self)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(self.delete)
        for b in (self.save_button, self.cancel_button):
            self.buttons.addWidget(b)
        self.buttons.addStretch(1)
        # the documents a saved record prints (minutes, handover record, letter), where the officer looks
        self.print_buttons: list[tuple[QPushButton, str, str]] = []
        for text, tip, action in self.print_actions():
            b = QPushButton(self)
            b.clicked.connect(action)
            self.print_buttons.append((b, text, tip))
            self.buttons.addWidget(b)
        for b in (self.duplicate_button, self.delete_button):
            self.buttons.addWidget(b)
        outer.addLayout(self.buttons)
        self.attachments.catch_drops(self)  # a file dropped anywhere on the form, text fields included
        esc = QShortcut(QKeySequence(Qt.Key_Escape), self, self.revert)
        esc.setContext(Qt.WidgetWithChildrenShortcut)

        self.retranslate()
        self.new_record()

    # --- layout ------------------------------------------------------------------------------

    def _build(self, body: QWidget) -> None:
        for f in self.FIELDS:
            r = self.grid.rowCount()
            if f.kind.startswith("bi_") and self.lang_header is None:
                self.lang_header = self._language_header(body)
                self.grid.addWidget(self.lang_header, r, 1)
                r += 1
            lab = QLabel(body)
            lab.setAlignment(Qt.AlignRight | (Qt.AlignTop if f.kind in ("text", "bi_text") else Qt.AlignVCenter))
            if f.kind in ("text", "bi_text"):
                lab.setContentsMargins(0, 4, 0, 0)
            self.labels.append((lab, f))
            self.grid.addWidget(lab, r, 0, Qt.AlignTop if f.kind in ("text", "bi_text") else Qt.Alignment())
            if f.kind == "info":
                info = QLabel(body)
                info.setWordWrap(True)
                self.infos[f.name] = info
                self.grid.addWidget(info, r, 1)
                continue
            ed = _editor(f, body)
            self._limit(ed)
            lab.setBuddy(ed.inputs()[0])
            ed.edited.connect(self._on_edited)
            for name in ed.names:
                self.editors[name] = ed
            self.grid.addWidget(ed, r, 1)

    def _limit(self, ed: QWidget) -> None:
        """A one-line box takes no more characters than the field holds (the spec's number)."""
        for name in ed.names:
            box = ed.input_for(name)
            if isinstance(box, QLineEdit) and name in self.spec.columns:
                limit = self.spec.max_length(name)
                if limit:
                    box.setMaxLength(limit)

    def _language_header(self, body: QWidget) -> QWidget:
        w = QWidget(body)
        lay = QHBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        self._vi_head, self._zh_head = QLabel(w), QLabel(w)
        for lab in (self._vi_head, self._zh_head):
            f = lab.font()
            f.setBold(True)
            lab.setFont(f)
            lay.addWidget(lab, 1)
        return w

    def make_children(self, body: QWidget) -> ChildTable | None:
        return None

    def children_title(self) -> str:
        return _(self.spec.child.label) if self.spec.child else ""

    def retranslate(self) -> None:
        for lab, f in self.labels:
            lab.setText(_(f.label))
        for ed in set(self.editors.values()):
            ed.retranslate()
        if self.lang_header is not None:
            self._vi_head.setText("Tiếng Việt")  # each language's own name, in every interface language
            self._zh_head.setText("中文")
        if self.children_table is not None:
            self.children_label.setText(self.children_title())
            self.children_table.retranslate()
        self.save_button.setText(_("&Save"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.cancel_button.setText(_("Cancel changes"))
        self.cancel_button.setToolTip(_("Undo the changes not saved yet (Esc)"))
        self.duplicate_button.setText(_("Duplicate as new"))
        self.delete_button.setText(_("Delete"))
        for b, text, tip in self.print_buttons:
            b.setText(_(text))
            b.setToolTip(_(tip))
        self.attachments.retranslate()
        self._update_title()
        self.update_infos()
        # retranslating combos must not make a clean form look edited
        if not self._dirty:
            self._snapshot = self._state()

    def _update_title(self) -> None:
        label = _(self.spec.label)
        if self.uuid is None:
            self.title.setText(_("New: {kind}").format(kind=label))
        else:
            date = self.editors["date"].values().get("date") if "date" in self.editors else None
            self.title.setText(_("{kind} of {date}").format(kind=label, date=fmt_date(date)))
        self.delete_button.setEnabled(self.uuid is not None)
        self.duplicate_button.setEnabled(self.uuid is not None)
        for b, _text, _tip in self.print_buttons:
            b.setEnabled(self.uuid is not None)

    def update_infos(self) -> None:
        """Computed lines (deadlines in working days); kinds with such lines override."""

    def print_actions(self) -> list[tuple[str, str, object]]:
        """(label, tooltip, slot) of each document the record prints (N_-marked texts); none by default."""
        return []

    def print_document(self) -> bool:
        """Ctrl+P: the record's first document; False when there is none or the record is not saved."""
        actions = self.print_actions()
        if self.uuid is None or not actions:
            return False
        return bool(actions[0][2]())

    # --- data in and out ----------------------------------------------------------------------

    def collect(self) -> tuple[dict, list[dict] | None]:
        data: dict = {}
        for ed in dict.fromkeys(self.editors.values()):
            data.update(ed.values())
        kids = self.children_table.rows() if self.children_table is not None else None
        return data, kids

    def _state(self) -> tuple:
        data, kids = self.collect()
        return repr(sorted(data.items(), key=lambda kv: kv[0])), repr(kids)

    def fill(self, data: dict, children: list[dict] | None = None) -> None:
        for ed in dict.fromkeys(self.editors.values()):
            ed.blockSignals(True)
            ed.set_values(data)
            ed.blockSignals(False)
        if self.children_table is not None:
            self.children_table.set_rows(children or [])

    def defaults(self) -> dict:
        """Today, the post's usual counterpart and the officer on duty (all editable)."""
        from borderdesk.ui.records.defaults import officer_on_duty, usual_counterpart

        out: dict = {"date": dt.date.today()}
        if "counterpart" in self.editors:
            out["counterpart"] = usual_counterpart(self.kind)
        if "our_officer" in self.editors:
            out["our_officer"] = officer_on_duty(self.kind)
        return out

    def reload_completions(self) -> None:
        """Markers and officers offered as the officer types (the registry may have changed)."""
        for f in self.FIELDS:
            ed = self.editors.get(f.name)
            if f.ref and ed is not None and isinstance(ed.edit.completer(), FoldingCompleter):
                ed.edit.completer().set_entries(registry_entries(f.ref))
        table = self.children_table
        if table is not None:
            for col in table.columns:
                if col.ref:
                    table.set_entries(col.key, registry_entries(col.ref))

    def new_record(self, data: dict | None = None, children: list[dict] | None = None) -> None:
        """An empty form (or one started from *data*, when duplicating)."""
        self.reload_completions()
        self.uuid = None
        self.fill(self.defaults())
        self._snapshot = self._state()
        if data is not None:
            self.fill(data, children)
        self._after_load()

    def load(self, uuid: str) -> None:
        row = records.get(self.kind, uuid)
        d = records.to_dict(row)
        self.uuid = row.uuid
        self.fill(d, d.get(self.spec.children) if self.spec.children else None)
        self._snapshot = self._state()
        self._after_load()

    def _after_load(self) -> None:
        self.attachments.set_record(self.uuid)
        self.clear_errors()
        self._update_title()
        self.update_infos()
        self._set_dirty(self._state() != self._snapshot)

    def focus_first(self) -> None:
        """Put the cursor in the first field (Enter on the list, Ctrl+N)."""
        first = next(iter(self.editors.values()), None)
        if first is not None:
            first.inputs()[0].setFocus()

    def is_dirty(self) -> bool:
        return self._dirty

    def _on_edited(self) -> None:
        self.update_infos()
        self._set_dirty(self._state() != self._snapshot)

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self.save_button.setEnabled(dirty or self.uuid is None)
        self.cancel_button.setEnabled(dirty)

    # --- actions ------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save through the service; on a wrong field show why and save nothing."""
        for ed in dict.fromkeys(self.editors.values()):
            if isinstance(ed, W.CounterpartField) and not resolve_typed(ed):
                self.show_errors({ed.names[0]: _("Choose an entry of the registry, or add this one to it.")})
                return False
        for f in self.FIELDS:
            if f.ref in CONFIRMED and not resolve_typed_marker(self.editors[f.name]):
                self.show_errors({f.name: _("Choose an entry of the registry, or add this one to it.")})
                return False
        if self.children_table is not None:
            bad = self.children_table.confirm_refs("marker", typed_marker)
            if bad:
                self.show_errors({bad: _("Choose an entry of the registry, or add this one to it.")})
                return False
        data, kids = self.collect()
        try:
            if self.uuid is None:
                row = records.create(self.kind, data, kids)
            else:
                row = records.update(self.kind, self.uuid, data, kids)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return False
        except BorderDeskError as exc:
            self.show_errors({"": str(exc)})
            return False
        self.load(row.uuid)
        self.saved.emit(self.kind, row.uuid)
        return True

    def revert(self) -> None:
        """Forget unsaved changes (Esc)."""
        if self.uuid is not None:
            self.load(self.uuid)
        else:
            self.new_record()

    def delete(self) -> bool:
        if self.uuid is None:
            return False
        uuid, title = self.uuid, self.title.text()
        records.delete(self.kind, uuid)
        self.new_record()
        self.deleted.emit(self.kind, uuid, title)
        return True

    def duplicate(self) -> None:
        """A new record with this one's data (dated today), not saved until Save."""
        if self.uuid is None:
            return
        if not self.maybe_leave():
            return
        data, kids = records.duplicate_data(records.get(self.kind, self.uuid))
        data["date"] = dt.date.today()
        self.new_record(data, kids)

    def maybe_leave(self) -> bool:
        """True when the form may show something else: saved, discarded, or nothing to save."""
        if not self._dirty:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.revert()
            return True
        return False

    def _ask_unsaved(self) -> str:
        box = QMessageBox(QMessageBox.Question, _("Unsaved changes"),
                          _("This record has changes that are not saved yet."), parent=self)
        box.setInformativeText(_("Save them before leaving?"))
        box.setStandardButtons(QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel)
        box.setDefaultButton(QMessageBox.Save)
        # "Cancel" read as "cancel the changes" to officers: say where each button leads
        box.button(QMessageBox.Save).setText(_("Save"))
        box.button(QMessageBox.Discard).setText(_("Don't save"))
        box.button(QMessageBox.Cancel).setText(_("Go back"))
        box.button(QMessageBox.Cancel).setToolTip(_("Stay on this record and keep editing"))
        got = box.exec()
        return {QMessageBox.Save: "save", QMessageBox.Discard: "discard"}.get(got, "cancel")

    # --- errors -------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.show_errors({})

    def show_errors(self, errors: dict[str, str]) -> None:
        shown = set()
        for ed in dict.fromkeys(self.editors.values()):
            ed.show_errors(errors)
            shown.update(n for n in ed.names if n in errors)
        if self.children_table is not None:
            self.children_table.show_errors(errors)
            shown.update(k for k in errors if k == self.spec.children or k.startswith(self.spec.children + "."))
        rest = [msg for k, msg in errors.items() if k not in shown]
        self.general_error.set_message("\n".join(rest))
        first = next((self.editors[k] for k in errors if k in self.editors), None)
        if first is not None:
            first.input_for(next(k for k in errors if k in self.editors)).setFocus()
            self.scroll.ensureWidgetVisible(first)

    def field_error(self, name: str) -> str:
        """The message shown on a field ('' when none): what a user reads under it."""
        if self.children_table is not None and (name == self.spec.children or name.startswith(self.spec.children + ".")):
            return self.children_table.error.text() if not self.children_table.error.isHidden() else ""
        ed = self.editors[name]
        return ed.error.text() if not ed.error.isHidden() else ""
