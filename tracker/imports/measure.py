"""Measuring .xls and .ods files before calamine parses them, and finding the cells it hides.

calamine lays each sheet out as one rectangle, so a small file that declares
or repeats millions of cells would make the process take gigabytes before the
cell limit applied. These scans read only the container's records (the .xls
BIFF stream, the .ods content.xml as a stream of tags) and return the area
from A1 to the last cell of each sheet, so the file is refused before it is
laid out. They also return what calamine reads as an empty cell: error values
(#N/A, #REF!...) and formulas with no stored result, which must be errors
naming their cell, not skipped.
"""

import io
import struct
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

import olefile


@dataclass(frozen=True)
class ErrorCell:
    """A cell that holds no value the import can read: an error, or a formula never computed.

    text is the error as the spreadsheet shows it ("#N/A"), or "" for a formula
    with no stored result.
    """

    text: str

    def __str__(self) -> str:
        return self.text


# Excel's error values: what a cell shows, and the BIFF codes of .xls.
ERROR_TEXTS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
_BIFF_ERRORS = dict(zip((0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24, 0x2A), ERROR_TEXTS, strict=True))


@dataclass
class Scan:
    area: int = 0  # cells from A1 to each sheet's last row and column, summed
    encrypted: bool = False
    # sheet name -> [(row, column, ErrorCell)], 0-based from A1
    problems: dict[str, list[tuple[int, int, ErrorCell]]] = field(default_factory=dict)


# BIFF record types.
_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x002F, 0x0200
_BOOLERR, _FORMULA = 0x0205, 0x0006
# Records of one cell (row, column first) and of several (row, first column ... last column).
_CELL_RECORDS = {0x0203, 0x00FD, 0x027E, 0x0201, 0x0205, 0x0006, 0x0204, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}


def xls_scan(data: bytes) -> Scan:
    """Each worksheet's extent, from its DIMENSIONS record and from its cells, whichever is
    larger; the error cells; whether the workbook is encrypted (FILEPASS)."""
    with olefile.OleFileIO(data) as ole:
        name = next(n for n in ("Workbook", "Book") if ole.exists(n))
        stream = ole.openstream(name).read()
    scan = Scan()
    sheets: dict[int, str] = {}  # stream offset of a sheet's BOF -> its name
    sheet = None
    last_row = last_column = 0
    outer: list[tuple] = []
    position, end = 0, len(stream)
    while position + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, position)
        body = stream[position + 4 : position + 4 + size]
        if kind == _BOF:
            # A chart inside a worksheet is a substream of its own, nested in the sheet's.
            outer.append((sheet, last_row, last_column))
            sheet = sheets.get(position)
            last_row = last_column = 0
        elif kind == _EOF:
            if sheet is not None:
                scan.area += last_row * last_column
            sheet, last_row, last_column = outer.pop() if outer else (None, 0, 0)
        elif kind == _FILEPASS and sheet is None:
            scan.encrypted = True
            return scan
        elif kind == _BOUNDSHEET and len(body) >= 8:
            offset, _state, sheet_type, length = struct.unpack_from("<IBBB", body)
            if sheet_type == 0:  # a worksheet; charts and macros sheets hold no rows
                sheets[offset] = _boundsheet_name(body[7:], length)
        elif sheet is not None:
            if kind == _DIMENSIONS:
                if size >= 14:
                    _first, rows, _first_column, columns = struct.unpack_from("<IIHH", body)
                elif size >= 10:
                    _first, rows, _first_column, columns = struct.unpack_from("<HHHH", body)
                else:
                    rows = columns = 0
                last_row, last_column = max(last_row, rows), max(last_column, columns)
            elif kind in _CELL_RECORDS and size >= 4:
                row, column = struct.unpack_from("<HH", body)
                last_row, last_column = max(last_row, row + 1), max(last_column, column + 1)
                error = _biff_error(kind, body)
                if error is not None:
                    scan.problems.setdefault(sheet, []).append((row, column, ErrorCell(error)))
            elif kind in _MULTI_RECORDS and size >= 6:
                row, _first_column = struct.unpack_from("<HH", body)
                (column,) = struct.unpack_from("<H", body, size - 2)
                last_row, last_column = max(last_row, row + 1), max(last_column, column + 1)
        position += 4 + size
    return scan


def _boundsheet_name(text: bytes, length: int) -> str:
    # BIFF8: a flags byte, then Latin-1 or UTF-16LE; BIFF5: bytes in the workbook's code page.
    if text and text[0] in (0, 1) and len(text) >= 1 + length:
        if text[0] == 1:
            return text[1 : 1 + 2 * length].decode("utf-16-le", "replace")
        return text[1 : 1 + length].decode("latin-1")
    return text[:length].decode("latin-1")


def _biff_error(kind: int, body: bytes) -> str | None:
    if kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
        return _BIFF_ERRORS.get(body[6], "#N/A")
    # A formula's cached result: bytes 6-7 at 0xFFFF mark a non-number, byte 0 its type.
    if kind == _FORMULA and len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2:
        return _BIFF_ERRORS.get(body[8], "#N/A")
    return None


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def ods_scan(data: bytes) -> Scan:
    """Each table's extent from A1 to its last cell holding something, counting repeated
    rows and columns as what they repeat; error cells and formulas with no stored value.

    content.xml is read as a stream of tags, each row dropped once counted, so a
    row repeated 50,000 times across 1,000 columns costs a few kilobytes here.
    """
    scan = Scan()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = (
            archive.read("META-INF/manifest.xml")
            if "META-INF/manifest.xml" in archive.namelist()
            else b""
        )
        if b"encryption-data" in manifest:
            scan.encrypted = True
            return scan
        with archive.open("content.xml") as stream:
            if b"<!DOCTYPE" in stream.read(64 * 1024):
                raise ValueError("content.xml declares a document type: not one we read")
        with archive.open("content.xml") as stream:
            _ods_walk(stream, scan)
    return scan


def _ods_walk(stream, scan: Scan) -> None:
    name, row, column, last_row, last_column, filled = "", 0, 0, 0, 0, False
    parents: list = []
    outer: list[tuple] = []
    for event, element in ET.iterparse(stream, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                # A table may sit inside another's cell (a chart's data): measured on its own.
                outer.append((name, row, column, last_row, last_column, filled))
                name = element.get(f"{_TABLE}name", "")
                row = last_row = last_column = 0
            elif tag == f"{_TABLE}table-row":
                column, filled = 0, False
            parents.append(element)
            continue
        parents.pop()
        if tag in _CELLS:
            repeated = _count(element.get(f"{_TABLE}number-columns-repeated"))
            if _holds_something(element):
                last_column, filled = max(last_column, column + repeated), True
                problem = _ods_problem(element)
                if problem is not None:
                    scan.problems.setdefault(name, []).append((row, column, problem))
            column += repeated
        elif tag == f"{_TABLE}table-row":
            repeated = _count(element.get(f"{_TABLE}number-rows-repeated"))
            if filled:
                last_row = row + repeated
            row += repeated
        elif tag == f"{_TABLE}table":
            scan.area += last_row * last_column
            name, row, column, last_row, last_column, filled = outer.pop()
        else:
            continue
        # Counted: dropped, so the tree never holds more than the row being read.
        element.clear()
        if parents:
            parents[-1].remove(element)


def _count(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _holds_something(cell) -> bool:
    return (
        cell.get(f"{_OFFICE}value-type") is not None
        or cell.get(f"{_TABLE}formula") is not None
        or any(child.tag == f"{_TEXT}p" for child in cell)
    )


def _ods_problem(cell) -> ErrorCell | None:
    if cell.get(f"{_CALCEXT}value-type") == "error":
        text = "".join(cell.itertext()).strip()
        return ErrorCell(text if text in ERROR_TEXTS else "#N/A")
    if cell.get(f"{_TABLE}formula") is not None and cell.get(f"{_OFFICE}value-type") is None:
        return ErrorCell("")
    return None
