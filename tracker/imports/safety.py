"""Refusing what must not be opened: oversized, packed, encrypted, macro-enabled or foreign files.

Checked on the raw bytes before any spreadsheet library parses them, so a
hostile file costs no more than reading its directory.
"""

import codecs
import io
import posixpath
import re
import zipfile

from django.utils.translation import gettext as _

from tracker.conf import setting
from tracker.untrusted.archives import ArchiveBroken, ArchiveTooLarge, inflated_size

from .result import SheetError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _utf16(name: str) -> bytes:
    # OLE directory entries store stream names in UTF-16LE.
    return name.encode("utf-16-le")


def _zip_kind(data: bytes, file_name: str) -> tuple[str, SheetError | None]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return "", not_a_spreadsheet(file_name)
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        limit = setting("TRACKER_IMPORT_MAX_UNPACKED_BYTES")
        # What the members really inflate to, not what the archive declares.
        try:
            inflated_size(data, limit=limit)
        except ArchiveTooLarge:
            return "", SheetError(
                code="too_large_unpacked",
                message=_("%(file)s: tệp giải nén ra quá %(mb)s MB, không nhập.")
                % {"file": file_name, "mb": limit // (1024 * 1024)},
            )
        except ArchiveBroken:
            return "", not_a_spreadsheet(file_name)
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
            # A .xlsm saved without any macro is read: only a macro project is refused.
            if "xl/vbaProject.bin" in names or b"vbaProject" in content_types:
                return "", _macros(file_name)
            if "xl/workbook.bin" in names:
                return "", not_a_spreadsheet(file_name)
            return "xlsx", None
        if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
            if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                return "", _macros(file_name)
            return "ods", None
    return "", not_a_spreadsheet(file_name)


def _macros(file_name: str) -> SheetError:
    return SheetError(
        code="macros",
        message=_("%(file)s: tệp có chứa macro, không nhập. Hãy lưu lại dưới dạng .xlsx.")
        % {"file": file_name},
    )


def encrypted(file_name: str) -> SheetError:
    return SheetError(
        code="encrypted",
        message=_("%(file)s: tệp được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi gửi lại.")
        % {"file": file_name},
    )


def not_a_spreadsheet(file_name: str) -> SheetError:
    return SheetError(
        code="not_a_spreadsheet",
        message=_("%(file)s: không phải là bảng tính (.xlsx, .xls, .ods hoặc .csv), không nhập.")
        % {"file": file_name},
    )


def too_large(*, size: int, file_name: str) -> str | None:
    """The refusal of a file over the upload limit, or None (the form and the import ask it)."""
    limit = setting("TRACKER_IMPORT_MAX_BYTES")
    if size <= limit:
        return None
    return _("%(file)s: tệp lớn hơn giới hạn %(mb)s MB, không nhập.") % {
        "file": file_name,
        "mb": round(limit / (1024 * 1024), 1),
    }


def upload_check(*, data: bytes, file_name: str) -> tuple[str, SheetError | None]:
    """The kind of file ("xlsx", "xls", "ods", "csv"), or why it is refused."""
    message = too_large(size=len(data), file_name=file_name)
    if message:
        return "", SheetError(code="too_large", message=message)
    if data.startswith(ZIP_MAGIC):
        try:
            return _zip_kind(data, file_name)
        except Exception:  # a damaged directory or member: BadZipFile, zlib.error, EOFError...
            return "", not_a_spreadsheet(file_name)
    if data.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding the encrypted package.
        if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
            return "", encrypted(file_name)
        if _utf16("_VBA_PROJECT") in data:
            return "", _macros(file_name)
        return "xls", None
    if file_name.lower().endswith((".csv", ".txt")):
        # UTF-16 (Excel's "Unicode text") is the one text with NULs: it starts with its BOM.
        if (
            data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            or b"\x00" not in data[:4096]
        ):
            return "csv", None
    return "", not_a_spreadsheet(file_name)


def too_many_cells(file_name: str) -> SheetError:
    return SheetError(
        code="too_many_cells",
        message=_("%(file)s: tệp có hơn %(cells)s ô, không nhập.")
        % {
            "file": file_name,
            "cells": f"{setting('TRACKER_IMPORT_MAX_CELLS'):,}".replace(",", "."),
        },
    )


# A cell's start tag up to its reference, if it has one: <c r="AB12" ...> (any namespace prefix).
_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])(?:[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})")?')
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\b[^>]*>")
_ERROR_VALUE = b' t="e"'
# A formula: its stored value may be missing, which calamine reads as an empty cell.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_CHUNK = 1024 * 1024
# A start tag longer than this is no worksheet a spreadsheet program wrote.
_LONGEST_TAG = 64 * 1024


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _worksheet_parts(archive: zipfile.ZipFile) -> list[str] | None:
    """The archive members the workbook names as worksheets, as a reader resolves them."""
    try:
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    parts = []
    for tag in _RELATIONSHIP.findall(rels):
        kind = re.search(rb'\bType="([^"]*)"', tag)
        target = re.search(rb'\bTarget="([^"]*)"', tag)
        if kind is None or target is None or not kind.group(1).endswith(b"/worksheet"):
            continue
        path = target.group(1).decode("utf-8", "replace")
        parts.append(path.lstrip("/") if path.startswith("/") else posixpath.normpath("xl/" + path))
    return parts


def xlsx_cell_area(data: bytes) -> int | None:
    """The cells a reader that lays every worksheet out from A1 would hold, before it reads any.

    The sum over worksheets of last row x last column, taken from the cells'
    references in the raw XML (streamed, never parsed), so a sheet padded out
    to XFD1048576 is refused before calamine allocates its range. None when
    that cannot be told this way: a cell without a reference (its place is
    implied by the cells before it), a cell holding an error value (calamine
    reads it as empty, openpyxl as its text), a worksheet the workbook's
    relationships name but the archive lacks. The caller then reads the file
    with openpyxl in streaming mode, which costs only the cells really there.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = _worksheet_parts(archive)
        names = set(archive.namelist())
        if not parts or any(part not in names for part in parts):
            return None
        area = 0
        for part in parts:
            columns: set[bytes] = set()
            last_row = 0
            with archive.open(part) as stream:
                carry = b""
                while chunk := stream.read(_CHUNK):
                    text = carry + chunk
                    # A tag cut at the chunk's end is read whole with the next chunk.
                    cut = text.rfind(b"<")
                    carry = b""
                    if cut >= 0 and b">" not in text[cut:]:
                        if len(text) - cut > _LONGEST_TAG:
                            return None
                        text, carry = text[:cut], text[cut:]
                    if _ERROR_VALUE in text or _FORMULA.search(text):
                        return None
                    found = _CELL.findall(text)
                    if not found:
                        continue
                    rows = {row for _column, row in found}
                    if b"" in rows:
                        return None
                    columns.update({column for column, _row in found})
                    last_row = max(last_row, *map(int, rows))
                if carry and (_ERROR_VALUE in carry or _CELL.search(carry)):
                    return None  # a cell after the closing tag: not a worksheet we know
            if last_row:
                area += last_row * max(map(_column_number, columns))
        return area
