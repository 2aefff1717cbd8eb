"""Files to rows: .xlsx, .xls, .ods through python-calamine (openpyxl as fallback), .csv by hand.

Every reader returns plain lists of cell values and stops at the cell limit,
so the matching code never sees which format a locality happened to use.
"""

import codecs
import csv
import io
import threading
import unicodedata
from dataclasses import dataclass

import openpyxl
import python_calamine
from django.utils.translation import gettext as _

from tracker.conf import setting

from .measure import ERROR_TEXTS, ErrorCell, ods_scan, xls_scan
from .result import SheetError
from .safety import encrypted, not_a_spreadsheet, too_many_cells, xlsx_cell_area


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list]


class TooManyCells(Exception):
    pass


def _read_xlsx(data: bytes, limit: int) -> list[Sheet]:
    """calamine when the cells' references bound the sheets; openpyxl's streaming reader if not.

    calamine (Rust) reads a national matrix ten times faster than openpyxl,
    but it lays a sheet out as one rectangle: the rectangle is measured from
    the raw XML first and refused above the cell limit.
    """
    try:
        area = xlsx_cell_area(data)
    except Exception:  # whatever the archive trips on, the streaming reader says it
        area = None
    if area is None:
        return _read_xlsx_streaming(data, limit)
    if area > limit:
        raise TooManyCells
    try:
        return _read_calamine(data, limit, from_a1=True)
    except (TooManyCells, python_calamine.PasswordError):
        raise
    except Exception:  # a part calamine does not know: openpyxl may still read it
        return _read_xlsx_streaming(data, limit)


def _read_xlsx_streaming(data: bytes, limit: int) -> list[Sheet]:
    # Streaming (read-only) mode: a workbook padded to a huge range costs
    # nothing for the padding. Cells are counted as calamine lays a sheet out,
    # last row x widest row (a row at least one cell): the empty rows before a
    # far cell are rows the import walks, so they count against the limit too.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # The formulas too, to tell a formula never computed (no stored value) from an empty cell.
    formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheets, cells = [], 0
        for worksheet, formula_sheet in zip(workbook.worksheets, formulas.worksheets, strict=True):
            worksheet.reset_dimensions()
            formula_sheet.reset_dimensions()
            rows, width = [], 1
            formula_rows = formula_sheet.iter_rows(values_only=True)
            for row in worksheet.iter_rows(values_only=True):
                width = max(width, len(row))
                if cells + (len(rows) + 1) * width > limit:
                    raise TooManyCells
                written = next(formula_rows, ())
                rows.append([_xlsx_value(v, written, i) for i, v in enumerate(row)])
            cells += len(rows) * width
            sheets.append(Sheet(name=worksheet.title, rows=rows))
        return sheets
    finally:
        workbook.close()
        formulas.close()


def _xlsx_value(value, written: tuple, column: int):
    if value is None:
        formula = written[column] if column < len(written) else None
        if isinstance(formula, str) and formula.startswith("="):
            return ErrorCell("")
        return None
    if isinstance(value, str) and value in ERROR_TEXTS:
        return ErrorCell(value)
    return value


def _read_measured(data: bytes, kind: str, limit: int) -> list[Sheet]:
    """.xls and .ods: measured (measure.py), then read by calamine from A1, so cells are
    named as the spreadsheet names them; the cells calamine reads as empty but hold an
    error or a formula never computed are put back as ErrorCell."""
    scan = xls_scan(data) if kind == "xls" else ods_scan(data)
    if scan.encrypted:
        raise python_calamine.PasswordError("encrypted")
    if scan.area > limit:
        raise TooManyCells
    sheets = _read_calamine(data, limit, from_a1=True)
    for sheet in sheets:
        for row, column, problem in scan.problems.get(sheet.name, ()):
            while len(sheet.rows) <= row:
                sheet.rows.append([])
            cells = sheet.rows[row]
            cells.extend([None] * (column + 1 - len(cells)))
            cells[column] = problem
    return sheets


def _read_calamine(data: bytes, limit: int, *, from_a1: bool = False) -> list[Sheet]:
    """from_a1: rows and columns counted from A1, as openpyxl counts them (for cell names)."""
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets, cells = [], 0
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            if from_a1:
                cells += sheet.total_height * sheet.total_width
            else:
                cells += sheet.height * sheet.width
            if cells > limit:
                raise TooManyCells
            values = sheet.to_python(skip_empty_area=not from_a1)
            # calamine gives "" for an empty cell; the other readers give None. It also
            # decodes Excel's _x0000_ to a NUL, which PostgreSQL cannot store: dropped.
            rows = [
                [(v.replace("\x00", "") or None) if isinstance(v, str) else v for v in row]
                for row in values
            ]
            sheets.append(Sheet(name=name, rows=rows))
        return sheets
    finally:
        workbook.close()


_FIELD_LIMIT = threading.Lock()


def _csv_fields_up_to(length: int) -> None:
    """Let the csv module read a field as long as the whole text.

    It refuses a field over 131,072 characters (its field_size_limit, one for
    the process), and the file was then refused as no spreadsheet at all. A
    field is never longer than its file, which upload_check has bounded; the
    limit is only ever raised, under a lock, so no other reading lowers it.
    """
    with _FIELD_LIMIT:
        if csv.field_size_limit() < length:
            csv.field_size_limit(length)


def csv_text(data: bytes) -> str:
    """A CSV's text: UTF-8 with or without BOM, UTF-16 with its BOM (Excel's "Unicode text"),
    else Windows-1258 (what Excel saves on a Vietnamese Windows). UnicodeDecodeError if none.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1258 writes tones as combining marks after the letter: composed here.
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def _read_csv(data: bytes, limit: int, file_name: str) -> list[Sheet]:
    # Measured before it is parsed: every line is a row, an empty one too, and costs a cell.
    if max(data.count(b"\n"), data.count(b"\r")) > limit:
        raise TooManyCells
    # A NUL past the first 4 kB (upload_check refuses one before) is no text: dropped.
    text = csv_text(data).replace("\x00", "")
    _csv_fields_up_to(len(text))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows, cells = [], 0
    # newline="": the reader itself ends rows at \r, \n or \r\n (Excel for Mac writes \r).
    for row in csv.reader(io.StringIO(text, newline=""), dialect):
        cells += max(len(row), 1)
        if cells > limit:
            raise TooManyCells
        rows.append([v if v.strip() else None for v in row])
    return [Sheet(name=file_name, rows=rows)]


def workbook_read(
    *, data: bytes, kind: str, file_name: str
) -> tuple[list[Sheet], SheetError | None]:
    """The sheets of an upload that safety.upload_check has let through."""
    limit = setting("TRACKER_IMPORT_MAX_CELLS")
    try:
        if kind == "xlsx":
            return _read_xlsx(data, limit), None
        if kind == "csv":
            return _read_csv(data, limit, file_name), None
        return _read_measured(data, kind, limit), None
    except TooManyCells:
        return [], too_many_cells(file_name)
    except UnicodeDecodeError:
        return [], SheetError(
            code="not_utf8",
            message=_(
                "%(file)s: không đọc được bảng mã của tệp CSV; hãy lưu lại với bảng mã UTF-8 "
                "(trong Excel: CSV UTF-8), Windows-1258 hoặc Unicode (UTF-16)."
            )
            % {"file": file_name},
        )
    except python_calamine.PasswordError:
        return [], encrypted(file_name)
    except Exception:  # whatever a parser trips on, the user can only send another file
        return [], not_a_spreadsheet(file_name)
