"""Every row of a bundle crosses the same text boundary as a form's, and is held to the spec's limits.

A post's services clean each text as it enters (:mod:`borderdesk.domain.text`); a bundle
is text entering too, from another computer and perhaps another version of the program.
So every text a field of the spec holds (records, their child rows, the registry) is cleaned
again here, the same way: NFC, no whitespace around it; then every value is checked against
its column: its type, and the one maximum length the model declares (after NFC: a name
typed decomposed is longer in code points than the same name composed). A row that breaks
the spec refuses the whole bundle in one line naming the row and the field: the import is
one transaction, so nothing of it is written.

The usual bundle, clean text of our own schema, is checked a column at a time (C-level
loops); only a column holding something to clean is walked value by value.
"""
from __future__ import annotations

import functools
import operator
import unicodedata

from borderdesk.domain import text
from borderdesk.domain.kinds import KINDS, REGISTRY
from borderdesk.i18n import _
from borderdesk.sync.bundle import BundleRefused
from borderdesk.sync.tables import checkers, column_checkers

_IS_NFC = functools.partial(unicodedata.is_normalized, "NFC")
#: what :func:`text.clean` strips at the start of a multi-line text (it keeps a first line's indentation)
_LSTRIP_ML = operator.methodcaller("lstrip", "\n\r ")


def _spec_texts() -> dict[type, dict[str, bool]]:
    """model -> {column: multi-line} for every string column a field of the spec declares."""
    out: dict[type, dict[str, bool]] = {}

    def add(model, fields) -> None:
        cols = out.setdefault(model, {})
        for f in fields:
            for c in f.columns:
                if getattr(model._meta.fields.get(c), "field_type", None) in ("VARCHAR", "TEXT"):
                    cols[c] = cols.get(c, False) or f.multiline

    for spec in KINDS.values():
        add(spec.model, spec.fields)
        if spec.child:
            add(spec.child.model, spec.child.fields)
    for model, _label, fields in REGISTRY.values():
        add(model, fields)
    return out


_TEXTS = _spec_texts()


def text_columns(model, columns) -> list[tuple[int, bool]]:
    """(position in *columns*, multi-line) of each column the boundary cleans."""
    rules = _TEXTS.get(model, {})
    return [(i, rules[c]) for i, c in enumerate(columns) if c in rules]


def _already_clean(values, multiline: bool) -> bool:
    """True when no value of a column would change by :func:`text.clean` nor holds a control character.

    One text of the whole column is checked for NFC and control characters: joined by a space,
    which composes with nothing, a text that is not NFC leaves the whole not NFC."""
    present = [v for v in values if v is not None] if None in values else values
    if not set(map(type, present)) <= {str}:
        return True  # not text: the type check below names it
    if multiline:
        if not all(map(str.__eq__, map(str.rstrip, present), present)) \
                or not all(map(str.__eq__, map(_LSTRIP_ML, present), present)):
            return False
    elif not all(map(str.__eq__, map(str.strip, present), present)):
        return False
    whole = " ".join(present)
    return _IS_NFC(whole) and not text.has_control(whole, multiline)


def refuse(table: str, uuid, column: str, problem: str) -> BundleRefused:
    where = uuid if isinstance(uuid, str) and uuid else "?"
    return BundleRefused(_("a row of {table} ({uuid}) breaks the rules of its field {column}: {problem}").format(
        table=table, uuid=where[:40], column=column, problem=problem))


def _problem(field_limit: int | None, value) -> str:
    if isinstance(value, str) and field_limit is not None and len(value) > field_limit:
        return _("{n} characters, {limit} at most").format(n=len(value), limit=field_limit)
    return _("a value of the wrong type")


def enforce(table: str, model, columns, rows: list[list], owners: list) -> None:
    """Clean every spec text of *rows* in place, then hold each value to its column; the first row that
    breaks a rule refuses the bundle. ``owners[i]`` is the uuid named for ``rows[i]`` (a child row's parent)."""
    if not rows:
        return
    data = list(zip(*rows))
    for i, multiline in text_columns(model, columns):
        if _already_clean(data[i], multiline):
            continue
        for r, row in enumerate(rows):
            v = row[i]
            if type(v) is str:
                v = row[i] = text.clean(v, multiline)
                if text.has_control(v, multiline):
                    raise refuse(table, owners[r], columns[i], _("a control character"))
        data[i] = tuple(row[i] for row in rows)
    by_col = {f.column_name: f for f in model._meta.sorted_fields}
    for i, (ok, col) in enumerate(zip(column_checkers(model, columns), data)):
        if ok(col):
            continue
        check = checkers(model, [columns[i]])[0]
        limit = getattr(by_col[columns[i]], "max_length", None)
        r = next(r for r, v in enumerate(col) if not check(v))
        raise refuse(table, owners[r], columns[i], _problem(limit, col[r]))
