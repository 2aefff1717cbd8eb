"""Rendering a document: its template (the active upload, else the shipped one), then its PDF.

A template is untrusted (an office may replace it), so it is rendered in a bounded
child (tracker.documents.bounded, tracker.untrusted) and the admin's check of a new
one runs the same bounds, so a template that passes the check also renders.
LibreOffice runs in a process group of its own, killed with the group on timeout;
each PDF is kept by its document's content, so the same report converts once.
A rendering or a conversion that failed is remembered the same way, not retried.
"""

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tracker.conf import setting
from tracker.documents.context import DocumentError
from tracker.documents.kept import kept_read, kept_write
from tracker.documents.models import DocumentTemplate
from tracker.documents.shipped import template_path
from tracker.untrusted.archives import ArchiveBroken, ArchiveTooLarge, inflated_size
from tracker.untrusted.run import BoundedError, Limits, kill_group, run_bounded
from tracker.untrusted.slots import Busy, slot

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


class DocumentBusy(DocumentError):
    """Every conversion slot of this server is taken: the user is asked to retry shortly."""


def template_bytes(kind: str) -> bytes:
    """The active uploaded template of this kind, else the one shipped with the project."""
    active = DocumentTemplate.objects.filter(kind=kind, active=True).first()
    if active is not None:
        with active.file.open("rb") as handle:
            return handle.read()
    return template_path(kind).read_bytes()


def _limits() -> Limits:
    return Limits(
        memory_mb=setting("TRACKER_TEMPLATE_MEMORY_MB"),
        cpu_seconds=setting("TRACKER_TEMPLATE_CPU_SECONDS"),
        wall_seconds=setting("TRACKER_TEMPLATE_WALL_SECONDS"),
    )


def _bounds() -> dict:
    return {
        "range": setting("TRACKER_TEMPLATE_MAX_RANGE"),
        "repeat": setting("TRACKER_TEMPLATE_MAX_REPEAT"),
        "exponent": setting("TRACKER_TEMPLATE_MAX_EXPONENT"),
        "output": setting("TRACKER_TEMPLATE_MAX_OUTPUT_BYTES"),
    }


def failure_text(error: BoundedError, template_name: str) -> str:
    """Why a template did not render, in the words an office can act on."""
    names = {"file": template_name, "limit": f"{error.extra.get('limit', 0):,}".replace(",", ".")}
    if error.code == "template_bounds":
        what = error.extra.get("what")
        if what == "range":
            return _("Mẫu %(file)s dùng range() quá %(limit)s phần tử.") % names
        if what == "repeat":
            return _("Mẫu %(file)s nhân một đoạn chữ hay danh sách quá %(limit)s phần tử.") % names
        if what == "exponent":
            return _("Mẫu %(file)s dùng lũy thừa với số mũ quá %(limit)s.") % names
        return _("Mẫu %(file)s viết ra quá %(limit)s ký tự nội dung văn bản.") % names
    if error.code == "template_error":
        line = error.extra.get("line")
        return _(
            "Mẫu %(file)s không hiển thị được với dữ liệu: %(kind)s: %(error)s%(where)s. "
            "Kiểm tra các chỗ {{ ... }} và {%% ... %%} trong mẫu."
        ) % {
            "file": template_name,
            "kind": error.extra.get("kind", ""),
            "error": error.message,
            "where": _(" (dòng %(line)s của phần nội dung)") % {"line": line} if line else "",
        }
    if error.code == "template_broken":
        return _("Mẫu %(file)s không mở được: %(kind)s: %(error)s.") % {
            "file": template_name,
            "kind": error.extra.get("kind", ""),
            "error": error.message,
        }
    if error.code in ("cpu", "time"):
        return _(
            "Mẫu %(file)s chạy quá %(seconds)s giây: bỏ bớt vòng lặp {%% for %%} lồng nhau."
        ) % {"file": template_name, "seconds": setting("TRACKER_TEMPLATE_CPU_SECONDS")}
    return _("Mẫu %(file)s cần quá %(mb)s MB bộ nhớ để hiển thị.") % {
        "file": template_name,
        "mb": setting("TRACKER_TEMPLATE_MEMORY_MB"),
    }


def _render(template: bytes, context: dict) -> bytes:
    """The rendered .docx, or BoundedError; one rendering at a time per slot of the server."""
    try:
        with slot("template", setting("TRACKER_TEMPLATE_SLOTS")):
            return run_bounded(
                "docx-render", _limits(), template=template, context=context, bounds=_bounds()
            )
    except Busy:
        raise DocumentBusy(_busy_text()) from None


def _busy_text() -> str:
    return _("Máy chủ đang bận tạo văn bản cho người khác. Hãy thử lại sau ít phút.")


def docx_render(kind: str, context: dict, template: bytes | None = None) -> bytes:
    """The document of this kind from its template; DocumentError when it cannot be written."""
    template = template if template is not None else template_bytes(kind)
    key = hashlib.sha256(
        template + json.dumps(context, sort_keys=True, default=str).encode()
    ).hexdigest()
    failed = kept_read(key, "error")
    if failed is not None:
        raise DocumentError(failed.decode())
    try:
        return _render(template, context)
    except BoundedError as error:
        text = failure_text(error, _("mẫu văn bản đang dùng"))
        kept_write(key, "error", text.encode())
        raise DocumentError(text) from None


def template_check(*, kind: str, data: bytes, file_name: str) -> None:
    """Refuse a template that is not a plain .docx or does not render with sample data,
    measured and rendered within the same bounds as every later document."""
    import zipfile

    from tracker.documents.samples import sample_context

    def refuse(message):
        raise ValidationError(message, code="template_invalid")

    if len(data) > setting("TRACKER_IMPORT_MAX_BYTES"):
        refuse(_("Tệp %(file)s quá lớn.") % {"file": file_name})
    not_docx = _(
        "Tệp %(file)s không phải là văn bản .docx (Word 2007 trở lên): hãy lưu lại bằng "
        "Word dưới dạng .docx rồi tải lên."
    ) % {"file": file_name}
    try:
        inflated_size(data, limit=setting("TRACKER_IMPORT_MAX_UNPACKED_BYTES"))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except ArchiveTooLarge:
        refuse(_("Tệp %(file)s giải nén ra quá lớn.") % {"file": file_name})
    except (ArchiveBroken, zipfile.BadZipFile):
        refuse(not_docx)
    if "word/document.xml" not in names:
        refuse(_("Tệp %(file)s không phải là văn bản Word .docx.") % {"file": file_name})
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        refuse(
            _("Tệp %(file)s có macro: hãy lưu lại dưới dạng .docx (không macro).")
            % {"file": file_name}
        )
    try:
        _render(data, sample_context(kind))
    except BoundedError as error:
        refuse(failure_text(error, file_name))


def soffice_path() -> str | None:
    return shutil.which(setting("TRACKER_SOFFICE") or "")


def pdf_available() -> bool:
    return soffice_path() is not None


def _convert(soffice: str, docx: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "van-ban.docx"
        source.write_bytes(docx)
        # Its own profile: a LibreOffice already running for someone else would
        # otherwise take the job and the files would never appear here.
        profile = (folder / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
        # Its own session: on timeout the whole group goes (soffice starts soffice.bin,
        # which would otherwise live on without a parent).
        process = subprocess.Popen(
            [*command, "pdf", "--outdir", str(folder), str(source)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            process.communicate(timeout=setting("TRACKER_PDF_TIMEOUT_SECONDS"))
        except subprocess.TimeoutExpired:
            kill_group(process)
            raise DocumentError(
                _("LibreOffice không chuyển xong văn bản sang PDF trong %(seconds)s giây.")
                % {"seconds": setting("TRACKER_PDF_TIMEOUT_SECONDS")}
            ) from None
        target = folder / "van-ban.pdf"
        if process.returncode != 0 or not target.exists():
            raise DocumentError(_("LibreOffice không tạo ra tệp PDF."))
        return target.read_bytes()


def _content_key(docx: bytes) -> str:
    """The document's content, not its zip's timestamps: the same report, the same key."""
    import zipfile

    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            digest.update(info.filename.encode() + b"\0" + archive.read(info) + b"\0")
    return digest.hexdigest()


def pdf_convert(docx: bytes) -> bytes:
    """The PDF of a .docx, by LibreOffice (soffice --convert-to pdf), kept by its content."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(_("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF."))
    key = _content_key(docx)
    kept = kept_read(key, "pdf")
    if kept is not None:
        return kept
    failed = kept_read(key, "error")
    if failed is not None:
        raise DocumentError(failed.decode())
    try:
        with slot("soffice", setting("TRACKER_PDF_SLOTS")):
            pdf = _convert(soffice, docx)
    except Busy:
        raise DocumentBusy(
            _("Máy chủ đang chuyển văn bản khác sang PDF. Hãy thử lại sau ít phút.")
        ) from None
    except DocumentError as error:
        kept_write(key, "error", str(error).encode())
        raise
    kept_write(key, "pdf", pdf)
    return pdf
