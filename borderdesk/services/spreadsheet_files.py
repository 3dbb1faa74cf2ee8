"""Reading and writing the two spreadsheet formats: CSV (UTF-8, with or without a BOM) and XLSX.

The format follows the file's extension. Both are read as streams, one row at a
time (CSV through the csv module straight from the file, XLSX through openpyxl's
read-only mode), so memory does not grow with the file. Before any row is read
the file's rows are counted cheaply (newlines of the CSV, ``<row`` elements of the
sheet's XML, stopping as soon as the limit is passed), which refuses an absurd
file at once and gives the progress bar its total; a cell larger than the cell
limit stops the reading with its row and column.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

FORMATS = (".csv", ".xlsx")
_CHUNK = 1 << 20


class Cancelled(BorderDeskError):
    """The user stopped an import (nothing was written) or an export."""


class TooLarge(BorderDeskError):
    """The file passes a limit (rows, cell size, columns); nothing was read into the database."""


@dataclass(frozen=True)
class Limits:
    """What an import accepts. ``BORDERDESK_IMPORT_MAX_ROWS`` and ``BORDERDESK_IMPORT_MAX_CELL``
    change the defaults (the command line's ``--max-rows`` too)."""

    rows: int = 1_000_000  # rows of records, the header not counted
    cell: int = 32_767  # characters in one cell: Excel's own limit
    columns: int = 1_000


def default_limits() -> Limits:
    def env(name: str, default: int) -> int:
        value = os.environ.get(name, "").strip()
        return int(value) if value.isdigit() and int(value) > 0 else default

    return Limits(rows=env("BORDERDESK_IMPORT_MAX_ROWS", Limits.rows),
                  cell=env("BORDERDESK_IMPORT_MAX_CELL", Limits.cell))


def _fmt(n: int) -> str:
    from borderdesk.i18n.formatting import format_number

    return format_number(n)


def _too_many_rows(path: Path, limits: Limits) -> TooLarge:
    return TooLarge(_("{name} holds more than {limit} rows, the most one import takes: split it into smaller "
                      "files.").format(name=path.name, limit=_fmt(limits.rows)))


def _cell_too_large(path: Path, row: int, column: int, limits: Limits) -> TooLarge:
    return TooLarge(_("{name}: row {row}, column {column} holds more than {limit} characters, the most one cell "
                      "may hold.").format(name=path.name, row=row, column=column, limit=_fmt(limits.cell)))


def _too_wide(path: Path, row: int, n: int, limits: Limits) -> TooLarge:
    return TooLarge(_("{name}: row {row} has {n} columns, more than the {limit} an import reads.").format(
        name=path.name, row=row, n=_fmt(n), limit=_fmt(limits.columns)))


def file_format(path: str | os.PathLike) -> str:
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise BorderDeskError(_("{name}: use a .csv or .xlsx file.").format(name=Path(path).name))
    return ext[1:]


def _blank(row: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def sniff_delimiter(line: str) -> str:
    """``;`` (Excel in a Vietnamese or European locale), ``,`` or a tab: whichever the header uses most."""
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _not_utf8(path: Path) -> BorderDeskError:
    return BorderDeskError(_(
        "{name} is not UTF-8 text: in Excel, save it as \u201cCSV UTF-8 (comma delimited)\u201d "
        "or as an Excel workbook (.xlsx).").format(name=path.name))


def _count_csv_rows(path: Path, limits: Limits) -> int:
    """Lines of the file (at least its rows); past the limit, its rows counted exactly."""
    lines, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    lines += last != b"\n"
    if lines <= limits.rows + 1:
        return lines
    # A quoted cell may span lines: count the records themselves before refusing.
    n = 0
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, limits.cell + 1))
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
            for n, _row in enumerate(csv.reader(fh), start=1):
                if n > limits.rows + 1:
                    raise _too_many_rows(path, limits)
    except csv.Error:
        pass  # the reading proper names the broken row
    finally:
        csv.field_size_limit(old)
    return n


def _read_csv(path: Path, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    old = csv.field_size_limit()
    csv.field_size_limit(limits.cell)
    reader = None
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = ""
            while True:  # the first line that is not blank chooses the delimiter
                line = fh.readline()
                if not line or line.strip():
                    first = line
                    break
            hint = re.fullmatch(r'"?sep=(.)"?', first.strip(), re.IGNORECASE)
            if hint:
                # "sep=;" is Excel's hint line: Excel does not show it, so the header stays row 1.
                delimiter = hint.group(1)
            else:
                delimiter = sniff_delimiter(first)
                fh.seek(0)
            reader = csv.reader(fh, delimiter=delimiter)
            for number, row in enumerate(reader, start=1):
                if len(row) > limits.columns:
                    raise _too_wide(path, number, len(row), limits)
                yield number, [_csv_text(c) for c in row]
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as exc:
        line = reader.line_num if reader is not None else 1
        if "field larger than field limit" in str(exc):
            raise TooLarge(_("{name}: row {row} holds a cell of more than {limit} characters, the most one cell "
                             "may hold.").format(name=path.name, row=line, limit=_fmt(limits.cell))) from None
        raise BorderDeskError(_("{name}: row {row} cannot be read: {reason}").format(
            name=path.name, row=line, reason=exc)) from None
    finally:
        csv.field_size_limit(old)


_SHEET_DATA = re.compile(rb"<([A-Za-z_][\w.-]*:)?sheetData[\s>/]")


def _count_xlsx_rows(path: Path, sheet_path: str, limits: Limits) -> int:
    """``<row`` elements of the sheet's XML, read as a stream; past the limit, refused at once."""
    n, tail, tag = 0, b"", None
    with zipfile.ZipFile(path) as zf, zf.open(sheet_path.lstrip("/")) as fh:
        while chunk := fh.read(_CHUNK):
            data = tail + chunk
            if tag is None:
                found = _SHEET_DATA.search(data)
                if found is None and len(data) < 4 * _CHUNK:
                    tail = data  # the rows have not started yet
                    continue
                tag = b"<" + ((found.group(1) or b"") if found else b"") + b"row"
            # a row element is the tag and one of " >/": a match never lies inside the tail kept
            n += data.count(tag + b" ") + data.count(tag + b">") + data.count(tag + b"/")
            tail = data[-len(tag):]
            if n > limits.rows + 1:
                raise _too_many_rows(path, limits)
    return n


def _unreadable(path: Path, exc: BaseException) -> BorderDeskError:
    return BorderDeskError(_("{name} is not a readable Excel workbook ({reason}).").format(
        name=path.name, reason=type(exc).__name__))


_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _first_sheet_path(path: Path) -> str:
    """Where the first worksheet's XML is in the zip, read from the package's relationships with the
    standard library (importing openpyxl alone takes longer than refusing a huge file)."""
    import posixpath
    import xml.etree.ElementTree as ET

    def rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        root = ET.fromstring(zf.read(posixpath.join(folder, "_rels", name + ".rels")))
        out = {}
        for rel in root.iter(_REL):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", ""), target)
        return out

    with zipfile.ZipFile(path) as zf:
        book = next(t for kind, t in rels(zf, "").values() if kind.endswith("/officeDocument"))
        sheets = [el for el in ET.fromstring(zf.read(book)).iter() if el.tag.endswith("}sheet")]
        return rels(zf, book)[sheets[0].get(_R_ID)][1]


def _open_xlsx(path: Path, limits: Limits):
    """The workbook in read-only mode, once its rows are counted. openpyxl parses a whole sheet that
    lacks a ``<dimension>`` just to open it (minutes for millions of rows): the count comes first."""
    try:
        sheet_path = _first_sheet_path(path)
        estimate = _count_xlsx_rows(path, sheet_path, limits)  # before openpyxl is even imported
    except TooLarge:
        raise
    except Exception as exc:  # noqa: BLE001 - zip and XML errors alike
        raise _unreadable(path, exc) from None
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True), estimate
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl's own errors alike
        raise _unreadable(path, exc) from None


def _read_xlsx(path: Path, wb, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    try:
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if len(row) > limits.columns:
                # trailing empty cells of a formatted sheet are not columns
                row = row[:limits.columns] if _blank(row[limits.columns:]) else row
                if len(row) > limits.columns:
                    raise _too_wide(path, number, len(row), limits)
            for col, v in enumerate(row, start=1):
                if isinstance(v, str) and len(v) > limits.cell:
                    raise _cell_too_large(path, number, col, limits)
            yield number, list(row)
    finally:
        wb.close()


class Sheet:
    """A spreadsheet opened for reading: ``header_row``, ``headers``, ``estimate`` (rows, for
    progress) and ``body()``, the rows after the header as ``(row number, cells)``, blank rows skipped.

    Row numbers are the ones the spreadsheet program shows (the header is usually row 1).
    """

    def __init__(self, path: str | os.PathLike, limits: Limits | None = None) -> None:
        p = Path(path)
        fmt = file_format(p)
        if not p.exists():
            raise BorderDeskError(_("{path}: no such file.").format(path=p))
        self.path, self.limits = p, limits or default_limits()
        if fmt == "csv":
            self.estimate = _count_csv_rows(p, self.limits)
            rows = _read_csv(p, self.limits)
        else:
            wb, self.estimate = _open_xlsx(p, self.limits)
            rows = _read_xlsx(p, wb, self.limits)
        self._rows = rows
        self.header_row, self.headers = 0, []
        for number, cells in rows:
            if _blank(cells):
                continue
            self.header_row = number
            headers = ["" if c is None else str(c) for c in cells]
            while headers and not headers[-1].strip():
                headers.pop()
            self.headers = headers
            break

    def body(self) -> Iterator[tuple[int, list[Any]]]:
        seen = 0
        for number, cells in self._rows:
            if _blank(cells):
                continue
            seen += 1
            if seen > self.limits.rows:
                raise _too_many_rows(self.path, self.limits)
            yield number, cells

    def close(self) -> None:
        self._rows.close()


def read_rows(path: str | os.PathLike, limits: Limits | None = None
              ) -> tuple[int, list[str], list[tuple[int, list[Any]]]]:
    """``(header row number, headers, [(row number, cells)])``, the whole file in memory (small files;
    an import streams through :class:`Sheet`)."""
    sheet = Sheet(path, limits)
    try:
        return sheet.header_row, sheet.headers, list(sheet.body())
    finally:
        sheet.close()


# --- writing -----------------------------------------------------------------------------


#: A text cell starting with one of these is a formula (or could start one) in a spreadsheet program:
#: written with a leading apostrophe (OWASP, "CSV injection"); the apostrophe itself is in the set so
#: that reading our own file back is exact.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return str(v)


def _csv_text(cell: str) -> str:
    """A cell as written by :func:`_csv_cell`: the apostrophe that neutralised a formula is removed."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in _FORMULA_START:
        return cell[1:]
    return cell


def write_rows(path: str | os.PathLike, headers: list[str], rows: Iterable[list[Any]]) -> int:
    """Write a spreadsheet (CSV with a BOM for Excel, or XLSX); returns the number of rows.

    The file appears whole or not at all: written beside the target, then renamed over it.
    """
    p = Path(path)
    fmt = file_format(p)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=p.suffix, dir=p.parent)
    os.close(fd)
    n = 0
    try:
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(headers)
                for row in rows:
                    w.writerow([_csv_cell(v) for v in row])
                    n += 1
        else:
            n = _write_xlsx(tmp, headers, rows)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _write_xlsx(tmp: str, headers: list[str], rows: Iterable[list[Any]]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("records")
    bold = Font(bold=True)
    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        head.append(c)
    ws.append(head)
    n = 0
    for row in rows:
        out = []
        for v in row:
            if isinstance(v, str) and v.startswith("="):
                # A text that starts with "=" stays text; openpyxl would write it as a formula.
                c = WriteOnlyCell(ws, value=v)
                c.data_type = "s"
                out.append(c)
            elif isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                c = WriteOnlyCell(ws, value=v)
                c.number_format = "yyyy-mm-dd"
                out.append(c)
            else:
                out.append(v)
        ws.append(out)
        n += 1
    wb.save(tmp)
    return n
