"""Reading and writing the two spreadsheet formats: CSV (UTF-8, with or without a BOM) and XLSX.

The format follows the file's extension. CSV is read whole (the files the
officers keep are small, and a second pass needs the rows anyway); XLSX
through openpyxl's read-only mode, which streams the sheet.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from borderdesk.domain.errors import BorderDeskError
from borderdesk.i18n import _

FORMATS = (".csv", ".xlsx")


class Cancelled(BorderDeskError):
    """The user stopped an import (nothing was written) or an export."""


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


def _read_csv(path: Path) -> Iterator[tuple[int, list[Any]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # the BOM Excel writes, or none
    except UnicodeDecodeError:
        raise BorderDeskError(_(
            "{name} is not UTF-8 text: in Excel, save it as \u201cCSV UTF-8 (comma delimited)\u201d "
            "or as an Excel workbook (.xlsx).").format(name=path.name)) from None
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    start = 1
    if re.fullmatch(r'"?sep=(.)"?', first.strip(), re.IGNORECASE):
        # "sep=;" is Excel's hint line: Excel does not show it, so the header stays row 1.
        delimiter = re.fullmatch(r'"?sep=(.)"?', first.strip(), re.IGNORECASE).group(1)
        text = text[text.index(first) + len(first):].lstrip("\r\n")
    else:
        delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=start):
            yield number, [_csv_text(c) for c in row]
    except csv.Error as exc:
        raise BorderDeskError(_("{name}: row {row} cannot be read: {reason}").format(
            name=path.name, row=reader.line_num, reason=exc)) from None


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl's own errors alike
        raise BorderDeskError(_("{name} is not a readable Excel workbook ({reason}).").format(
            name=path.name, reason=type(exc).__name__)) from None
    try:
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        wb.close()


def read_rows(path: str | os.PathLike) -> tuple[int, list[str], list[tuple[int, list[Any]]]]:
    """``(header row number, headers, [(row number, cells)])``; blank rows are skipped.

    Row numbers are the ones the spreadsheet program shows (the header is usually row 1).
    """
    p = Path(path)
    fmt = file_format(p)
    if not p.exists():
        raise BorderDeskError(_("{path}: no such file.").format(path=p))
    rows = _read_csv(p) if fmt == "csv" else _read_xlsx(p)
    header_row, headers = 0, []
    body: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if _blank(cells):
            continue
        if not headers:
            header_row = number
            headers = ["" if c is None else str(c) for c in cells]
            while headers and not headers[-1].strip():
                headers.pop()
            continue
        body.append((number, cells))
    return header_row, headers, body


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
