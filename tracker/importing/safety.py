"""Refusing what must not be opened: oversized, packed, encrypted, macro-enabled or foreign files.

Checked on the raw bytes before any spreadsheet library parses them, so a
hostile file costs no more than reading its directory.
"""

import io
import zipfile

from django.utils.translation import gettext as _

from tracker.conf import setting

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
        if sum(info.file_size for info in infos) > limit:
            return "", SheetError(
                code="too_large_unpacked",
                message=_("%(file)s: tệp giải nén ra quá %(mb)s MB, không nhập.")
                % {"file": file_name, "mb": limit // (1024 * 1024)},
            )
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
            if "xl/vbaProject.bin" in names or b"macroEnabled" in content_types:
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


def upload_check(*, data: bytes, file_name: str) -> tuple[str, SheetError | None]:
    """The kind of file ("xlsx", "xls", "ods", "csv"), or why it is refused."""
    limit = setting("TRACKER_IMPORT_MAX_BYTES")
    if len(data) > limit:
        return "", SheetError(
            code="too_large",
            message=_("%(file)s: tệp lớn hơn giới hạn %(mb)s MB, không nhập.")
            % {"file": file_name, "mb": round(limit / (1024 * 1024), 1)},
        )
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data, file_name)
    if data.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding the encrypted package.
        if _utf16("EncryptionInfo") in data or _utf16("EncryptedPackage") in data:
            return "", encrypted(file_name)
        if _utf16("_VBA_PROJECT") in data:
            return "", _macros(file_name)
        return "xls", None
    if file_name.lower().endswith((".csv", ".txt")) and b"\x00" not in data[:4096]:
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
