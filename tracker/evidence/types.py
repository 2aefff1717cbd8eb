"""Which files may be evidence, judged by their content (magic bytes), never by their name."""

import filetype
from django.utils.translation import gettext as _

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
