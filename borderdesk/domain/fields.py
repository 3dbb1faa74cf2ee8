"""One declaration per field: what every layer knows about a field of a record or the registry.

A record kind (:class:`~borderdesk.domain.kinds.KindSpec`) and a registry kind list
their fields once, as :class:`Field` rows; a kind with child rows lists the child's
fields in a :class:`ChildSpec`. The services' validation, the forms' fields and
labels and input limits, the lists' columns and filters, the spreadsheet's columns
and vocabularies, the sync's row checks, the conflict review's labels and the text
of the search index are all read from here.

A field shown in a list says how (:class:`ListColumn`: width, what a narrow list leaves
out first, whether the list sorts by it); a field the list can be filtered by names the
filter's "all" entry (``filter``: the filter's kind follows the field's type, a choice
gives a box of its vocabulary). The fields of a child collection are the columns of its
table in the form, in their order, with their :class:`ListColumn` widths.

The maximum length of a text is one number: the model's column (``max_length`` of
a ``CharField``, :data:`borderdesk.store.models.TEXT_MAX` for long texts), read
here through :meth:`Field.max_length`; the receiving site of a bundle checks the
same column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

#: the types a field can have, and what a form shows for each
TYPES = ("date", "time", "line", "text", "count", "choice", "ref", "year", "flag", "code")


@dataclass(frozen=True)
class ListColumn:
    """How a field shows as a column of its kind's list (or of its child table in a form)."""

    width: int = 0  # characters; 0: the column stretches
    optional: int = 0  # left out while the list is too narrow: 1 first, then 2 …
    header: str | None = None  # N_-marked; None: the field's label
    sort: bool = False  # the list sorts by it (its header clicked)
    or_else: str | None = None  # the column shown when this one is empty (their reference for ours)


@dataclass(frozen=True)
class Field:
    """One field. A ``bilingual`` field is the pair ``NAME_vi`` / ``NAME_zh``."""

    name: str
    label: str  # N_-marked
    type: str = "line"
    bilingual: bool = False
    #: choice: key -> N_-marked label; on a line, what is offered while any text is taken (ranks)
    vocab: Mapping[str, str] | None = None
    required: bool = False
    default: str | None = None  # choice: the key taken when the cell or box is empty
    future_ok: bool = False  # date: may lie beyond the next month (deadlines)
    #: ref: the registry kind (counterpart, gate) or record kind whose uuid it holds; line: the registry
    #: kind whose entry it names as text (a marker's number, an officer's name)
    ref: str | None = None
    searchable: bool = False  # its text goes into the search index
    summary: bool = False  # shown as the record's one-line summary (lists, dashboard)
    list_column: ListColumn | None = None  # a column of the kind's list
    filter: str | None = None  # a filter above the list: the N_-marked text of its "all" entry
    in_form: bool = True  # shown in the kind's form (a form may still lay it out its own way)
    lines: int = 3  # text: the height of its box in a form
    derived: bool = False  # computed by the service (a deadline): shown, never typed
    #: other spreadsheet headers read as this field (the officers' own sheets' short names)
    sheet_aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")
        if self.type == "choice" and not self.vocab:
            raise ValueError(f"{self.name}: a choice needs its vocabulary")

    @property
    def columns(self) -> tuple[str, ...]:
        """The model's columns holding this field: ``(name,)``, or ``(name_vi, name_zh)``."""
        return (f"{self.name}_vi", f"{self.name}_zh") if self.bilingual else (self.name,)

    @property
    def multiline(self) -> bool:
        return self.type == "text"

    def max_length(self, model, column: str | None = None) -> int | None:
        """The longest text *column* (default: the first) may hold: the model's number."""
        col = model._meta.fields[column or self.columns[0]]
        return getattr(col, "max_length", None)


@dataclass(frozen=True)
class ChildSpec:
    """A kind's child rows (delegation members, persons handed over, markers covered)."""

    name: str  # the collection: members, people, markers
    model: type
    fk: str  # the child's field naming its parent
    label: str  # N_-marked
    fields: tuple[Field, ...] = field(default=())
    #: the spreadsheet's column holding the rows of one record
    sheet_column: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for f in self.fields for c in f.columns)

    def field(self, column: str) -> Field:
        return next(f for f in self.fields if column in f.columns)


def columns_of(fields) -> tuple[str, ...]:
    return tuple(c for f in fields for c in f.columns)


def field_of(fields, column: str) -> Field:
    """The field holding *column* (``subject_zh`` -> the ``subject`` field)."""
    for f in fields:
        if column in f.columns:
            return f
    raise KeyError(column)
