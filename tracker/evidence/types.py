"""Which files may be evidence, judged by their content (magic bytes), never by their name."""

import os
import re
import zipfile

import filetype
from django.utils.translation import gettext as _

from tracker.conf import setting
from tracker.untrusted.archives import ArchiveBroken, ArchiveTooLarge, inflated_size

# What filetype recognises and we keep: MIME type -> extension of the stored name.
ALLOWED = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
EXECUTABLES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-sharedlib",
    "application/x-mach-binary",
    "application/wasm",
}
# Enough for every matcher filetype has (it reads at most 8 kB).
HEAD_BYTES = 8192
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml")


class RefusedType(ValueError):
    pass


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(_HTML_STARTS)


def sniff(head: bytes) -> str:
    """The MIME type of a file from its first bytes, or RefusedType saying why not."""
    if not head:
        raise RefusedType(_("tệp rỗng"))
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise RefusedType(_("là một chương trình chạy được, không phải tài liệu"))
    if _looks_like_markup(head):
        raise RefusedType(_("là một trang HTML hoặc XML, không phải tài liệu"))
    kind = filetype.guess(head)
    if kind is not None and kind.mime in EXECUTABLES:
        raise RefusedType(_("là một chương trình chạy được, không phải tài liệu"))
    if kind is None or kind.mime not in ALLOWED:
        found = kind.mime if kind is not None else _("không nhận ra")
        raise RefusedType(
            _(
                "có nội dung loại %(found)s; chỉ nhận PDF, ảnh JPEG, PNG, tệp Word, Excel "
                "hoặc OpenDocument"
            )
            % {"found": found}
        )
    return kind.mime


# Other spellings of an allowed type's extension, kept as the user wrote them.
_ALIASES = {".jpg": (".jpeg", ".jpe", ".jfif")}
NAME_LIMIT = 255  # EvidenceRevision.file_name
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(name: str) -> str:
    """A name without control characters (NUL cannot be stored in PostgreSQL's text)."""
    return _CONTROL.sub("", name)


def content_name(name: str, content_type: str, limit: int = NAME_LIMIT) -> str:
    """The file's name ending with its content's extension, at most `limit` characters.

    A PDF named "polyglot.html" becomes "polyglot.pdf", so no program opens it by its name
    as something else; "Biên bản 12.2025" (digits, not an extension) becomes "….2025.pdf".
    """
    name = printable(name)
    extension = ALLOWED.get(content_type)
    if extension is None:  # a type no longer allowed, on a row stored before: as it is
        return name[:limit]
    stem, given = os.path.splitext(name)
    if given.lower() not in (extension, *_ALIASES.get(extension, ())):
        if not any(c.isalpha() for c in given):
            stem = name
        given = extension
    return stem[: limit - len(given)].rstrip() + given


# Office's own names for files with macros (their content is sniffed as .docx, .xlsx ...).
MACRO_EXTENSIONS = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm", ".ppam"}
# Names inside an Office file (its ZIP directory) that only macros have: VBA, Excel 4.0
# macro sheets; OpenDocument's Basic libraries and scripts.
_MACRO_OOXML = re.compile(r"(^|/)vbaProject\.bin$|(^|/)macrosheets/", re.IGNORECASE)
_MACRO_ODF = re.compile(r"^(Basic|Scripts)/", re.IGNORECASE)
# A report with many pictures has a few hundred entries.
MAX_ENTRIES = 10_000


def macro_reason(file, name: str, content_type: str) -> str | None:
    """Why an Office or OpenDocument file is refused for its macros, or None.

    Only the ZIP's directory (its names) is read; nothing is inflated here.
    """
    ooxml = "openxmlformats" in content_type
    extension = os.path.splitext(name)[1]
    if ooxml and extension.lower() in MACRO_EXTENSIONS:
        return _("có macro (tệp %(extension)s); hãy lưu lại thành tệp không có macro") % {
            "extension": extension
        }
    if not ooxml and "opendocument" not in content_type:
        return None
    pattern = _MACRO_OOXML if ooxml else _MACRO_ODF
    file.seek(0)
    try:
        # The directory's own count first: zipfile holds an object per entry it lists.
        end = zipfile._EndRecData(file)
        if end and end[zipfile._ECD_ENTRIES_TOTAL] > MAX_ENTRIES:
            return _("có hơn %(count)s mục bên trong, không phải một tài liệu thường") % {
                "count": MAX_ENTRIES
            }
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("tệp Office hỏng, không đọc được danh mục bên trong; hãy lưu lại tệp")
    finally:
        file.seek(0)
    if any(pattern.search(n) for n in names):
        return _(
            "có macro (mã VBA hoặc Basic) có thể tự chạy khi mở; hãy lưu lại thành tệp "
            "không có macro (.docx, .xlsx, .odt, .ods) rồi tải lên"
        )
    return None


def inflation_reason(file, content_type: str) -> str | None:
    """Why an Office or OpenDocument file is refused for what it really inflates to, or None.

    Measured as every zip the app opens is (tracker.untrusted.archives): a dossier's reader
    opening a 1 MB file that inflates to gigabytes is what this keeps out.
    """
    if "openxmlformats" not in content_type and "opendocument" not in content_type:
        return None
    limit = setting("TRACKER_IMPORT_MAX_UNPACKED_BYTES")
    file.seek(0)
    try:
        inflated_size(file.read(), limit=limit)
    except ArchiveTooLarge:
        return _("giải nén ra quá %(mb)s MB, không phải một tài liệu thường") % {
            "mb": limit // (1024 * 1024)
        }
    except ArchiveBroken:
        return _("tệp Office hỏng, không đọc được nội dung bên trong; hãy lưu lại tệp")
    finally:
        file.seek(0)
    return None
