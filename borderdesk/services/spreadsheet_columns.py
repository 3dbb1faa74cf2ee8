"""The columns of a record kind's spreadsheet, and how a cell becomes a field's value.

An export writes every field of the model under its own name (plus ``id``,
the counterpart's names instead of its uuid, and one column of child rows);
an import accepts those names and the short names the officers' own sheets
use (``subject`` for ``subject_vi``, ``members`` for the participants of
talks …). Headers are compared case-insensitively, with spaces and hyphens
read as underscores.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import peewee as pw

from borderdesk.domain import kinds as K
from borderdesk.i18n import _, gettext_for

#: identity columns an export does not write and an import ignores (``uuid`` travels as ``id``)
IDENTITY = ("uuid", "site", "created_at", "updated_at", "version", "changed_by", "deleted", "seq")
class _FromSpec(Mapping):
    """kind -> what its spec says, read when asked (so a changed spec is seen at once)."""

    def __init__(self, read: Callable[[K.KindSpec], Any]) -> None:
        self._read = read

    def __getitem__(self, kind: str) -> Any:
        return self._read(K.KINDS[kind])

    def __iter__(self):
        return iter(K.KINDS)

    def __len__(self) -> int:
        return len(K.KINDS)


#: fields computed from others: exported for reading, ignored on import
DERIVED = _FromSpec(lambda spec: tuple(c for f in spec.fields if f.derived for c in f.columns))
#: the child-row column of each kind that has child rows
CHILD_COLUMN = _FromSpec(lambda spec: spec.child.sheet_column if spec.child else None)
#: short names of the officers' sheets -> field
_ALIASES = _FromSpec(lambda spec: {a: f.name for f in spec.fields for a in f.sheet_aliases})
#: columns every import of the kind must have
REQUIRED = _FromSpec(lambda spec: spec.required)
#: field -> vocabulary, for the fields that take one key of a vocabulary
VOCABULARIES = _FromSpec(lambda spec: spec.vocabularies())


def header_key(text: Any) -> str:
    """``Subject ZH`` -> ``subject_zh``."""
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


@dataclass(frozen=True)
class Layout:
    """The columns of one kind: what an export writes, and what an import reads as which field."""

    kind: str
    export: tuple[str, ...]
    #: column name (as a header key) -> field name; ``counterpart``/``counterpart_zh``/``gate``/
    #: ``id`` and the child column map to themselves
    accepts: dict[str, str]
    fields: tuple[str, ...]  # the model's data fields an import fills
    date_fields: frozenset[str]
    int_fields: frozenset[str]
    child_column: str | None

    def column_for(self, field: str, used: dict[str, str]) -> str:
        """The header a problem with *field* is reported under: the file's own when it has one."""
        return used.get(field, field)


def _model_fields(kind: str) -> list[pw.Field]:
    spec = K.KINDS[kind]
    skip = set(IDENTITY) | ({"kind"} if spec.talks_kind else set())
    return [f for f in spec.model._meta.sorted_fields if f.name not in skip]


_LAYOUTS: dict[tuple[str, int], Layout] = {}


def layout(kind: str) -> Layout:
    key = (kind, id(K.KINDS[kind]))  # a spec changed at run time (a test's) gets its own layout
    got = _LAYOUTS.get(key)
    if got is not None:
        return got
    fields = _model_fields(kind)
    names = [f.name for f in fields]
    middle = []
    for n in names:
        if n not in ("date", "counterpart", "notes"):
            middle += [n, "gate_zh"] if n == "gate" else [n]
    child = CHILD_COLUMN.get(kind)
    export = ["id", "date", "counterpart", "counterpart_zh", *middle]
    if child:
        export.append(child)
    export.append("notes")
    accepts = {n: n for n in export}
    for n in names:
        if n.endswith("_vi"):
            accepts.setdefault(n[:-3], n)  # subject -> subject_vi, summary -> summary_vi …
    for alias, target in _ALIASES.get(kind, {}).items():
        accepts.setdefault(alias, target)
    got = Layout(
        kind=kind,
        export=tuple(export),
        accepts=accepts,
        fields=tuple(n for n in names if n not in DERIVED.get(kind, ())),
        date_fields=frozenset(f.name for f in fields if isinstance(f, pw.DateField)),
        int_fields=frozenset(f.name for f in fields if isinstance(f, pw.IntegerField)),
        child_column=child,
    )
    _LAYOUTS[key] = got
    return got


# --- cells -> values ---------------------------------------------------------------------

_ISO_DATETIME = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*$")
_INT_FLOAT = re.compile(r"^\s*(\d+)\.0*\s*$")


def cell_text(value: Any) -> str:
    """Any cell (str from CSV; int, float, date, time from XLSX) as the text a form would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def field_value(lay: Layout, field: str, value: Any) -> Any:
    """The value of *field* from its cell, shaped for :func:`record_rules.clean`."""
    if field == "time" and isinstance(value, (dt.time, dt.datetime)):
        return value.strftime("%H:%M")
    text = cell_text(value)
    if field in lay.date_fields:
        mo = _ISO_DATETIME.match(text)  # "2025-03-14 00:00:00" from Excel or pandas
        return mo.group(1) if mo else text.strip()
    if field in lay.int_fields:
        mo = _INT_FLOAT.match(text)
        return mo.group(1) if mo else text.strip()
    if field == "time":
        text = text.strip()
        return text[:5] if re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", text) else text
    return text


def converter(lay: Layout, field: str) -> Callable[[Any], Any]:
    """:func:`field_value` for one field, with a fast path for the plain text cells of a CSV."""
    if field in lay.date_fields or field in lay.int_fields or field == "time":
        return lambda value: field_value(lay, field, value)
    return lambda value: value if type(value) is str else cell_text(value)


_VOCAB_LOOKUP: dict[tuple[str, str], dict[str, str]] = {}
_VOCAB_MEMO: dict[tuple[str, str, str], str] = {}


def vocabulary_key(kind: str, field: str, text: str) -> str:
    """A vocabulary cell as its key: ``Incoming``, ``smuggling``, ``Buôn lậu`` or ``走私`` → the key.

    Unknown text is returned as it is, for the validation to refuse with the list of keys.
    """
    memo = _VOCAB_MEMO.get((kind, field, text))
    if memo is not None:
        return memo
    vocab = VOCABULARIES.get(kind, {}).get(field)
    if not vocab or not text:
        return text
    lookup = _VOCAB_LOOKUP.get((kind, field))
    if lookup is None:
        lookup = {}
        for key, label in vocab.items():
            for name in (label, gettext_for("vi", label), gettext_for("zh", label)):
                lookup.setdefault(name.strip().casefold(), key)
        for key in vocab:  # keys win over labels
            lookup[key.casefold()] = key
        _VOCAB_LOOKUP[(kind, field)] = lookup
    folded = header_key(text).casefold()
    got = lookup.get(folded) or lookup.get(text.strip().casefold()) or text.strip()
    if len(_VOCAB_MEMO) < 10000:  # a file repeats the same few words on every row
        _VOCAB_MEMO[(kind, field, text)] = got
    return got


# --- child rows --------------------------------------------------------------------------


class ChildCellError(ValueError):
    pass


def _split(text: str, separators: str = ";\n") -> list[str]:
    return [p.strip() for p in re.split(f"[{re.escape(separators)}]", text) if p.strip()]


def _json_list(text: str) -> list | None:
    if not text.lstrip().startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        raise ChildCellError(_("This is not a readable list (JSON): check the brackets and quotes.")) from None
    if not isinstance(value, list):
        raise ChildCellError(_("This is not a list."))
    return value


def parse_children(column: str, value: Any) -> list:
    """The child rows in one cell: a JSON list (what an export writes) or a short form a person types.

    ``markers``: ``1118; 1119`` · ``people``: names separated by ``;`` ·
    ``delegation``: ``vn: Nguyễn Văn A; cn: 李明`` (one member each, the side first).
    """
    text = cell_text(value).strip()
    if not text:
        return []
    rows = _json_list(text)
    if rows is not None:
        return rows
    if column == "markers":
        return [{"marker": p} for p in _split(text, ";,\n")]
    if column == "people":
        return [{"name": p} for p in _split(text)]
    members = []
    for part in _split(text):
        side, sep, name = part.partition(":")
        side = side.strip().lower()
        if not sep or side not in K.SIDES:
            raise ChildCellError(_("Write each member as 'vn: name' or 'cn: name', separated by ';'."))
        name = name.strip()
        has_han = any("\u3400" <= ch <= "\u9fff" for ch in name)
        members.append({"side": side, "name_vi": "" if has_han else name, "name_zh": name if has_han else ""})
    return members


def format_children(rows: list[dict]) -> str:
    """Child rows for a cell: compact JSON that reads back exactly (position is the order)."""
    if not rows:
        return ""
    out = []
    for r in rows:
        d = {k: v for k, v in r.items() if k not in ("position", "id")}
        out.append(d["marker"] if set(d) == {"marker"} else d)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))
