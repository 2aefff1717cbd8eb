"""Rendering a document: its template (the active upload, else the shipped one), docxtpl, PDF."""

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tracker.conf import setting
from tracker.documents.context import DocumentError
from tracker.documents.models import DocumentTemplate
from tracker.documents.shipped import template_path

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


def _environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # Autoescape: a ward's name or a signer's name cannot break the document's XML. A
    # sandbox: an uploaded template reaches nothing but the values it is given. Strict:
    # a placeholder the data does not fill is an error, not an empty gap in a signed text.
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def template_bytes(kind: str) -> bytes:
    """The active uploaded template of this kind, else the one shipped with the project."""
    active = DocumentTemplate.objects.filter(kind=kind, active=True).first()
    if active is not None:
        with active.file.open("rb") as handle:
            return handle.read()
    return template_path(kind).read_bytes()


def docx_render(kind: str, context: dict, template: bytes | None = None) -> bytes:
    # Imported here: docxtpl, python-docx, lxml and Jinja cost every process about 25 MB,
    # and only a document's download needs them.
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template if template is not None else template_bytes(kind)))
    document.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_check(*, kind: str, data: bytes, file_name: str) -> None:
    """Refuse a template that is not a plain .docx or does not render with sample data."""
    from jinja2 import TemplateError

    from tracker.documents.samples import sample_context

    def refuse(message):
        raise ValidationError(message, code="template_invalid")

    if len(data) > setting("TRACKER_IMPORT_MAX_BYTES"):
        refuse(_("Tệp %(file)s quá lớn.") % {"file": file_name})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        refuse(
            _(
                "Tệp %(file)s không phải là văn bản .docx (Word 2007 trở lên): hãy lưu lại bằng "
                "Word dưới dạng .docx rồi tải lên."
            )
            % {"file": file_name}
        )
    if "word/document.xml" not in names:
        refuse(_("Tệp %(file)s không phải là văn bản Word .docx.") % {"file": file_name})
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        refuse(
            _("Tệp %(file)s có macro: hãy lưu lại dưới dạng .docx (không macro).")
            % {"file": file_name}
        )
    if unpacked > setting("TRACKER_IMPORT_MAX_UNPACKED_BYTES"):
        refuse(_("Tệp %(file)s giải nén ra quá lớn.") % {"file": file_name})
    try:
        docx_render(kind, sample_context(kind), template=data)
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        refuse(
            _(
                "Mẫu %(file)s không hiển thị được với dữ liệu mẫu: %(kind)s: %(error)s%(where)s. "
                "Kiểm tra các chỗ {{ ... }} và {%% ... %%} trong mẫu."
            )
            % {
                "file": file_name,
                "kind": type(error).__name__,
                "error": error.message or str(error),
                "where": _(" (dòng %(line)s của phần nội dung)") % {"line": line} if line else "",
            }
        )
    except Exception as error:  # a broken part of the package: lxml, KeyError, ValueError
        refuse(
            _("Mẫu %(file)s không mở được: %(kind)s: %(error)s.")
            % {"file": file_name, "kind": type(error).__name__, "error": error}
        )


def soffice_path() -> str | None:
    return shutil.which(setting("TRACKER_SOFFICE") or "")


def pdf_available() -> bool:
    return soffice_path() is not None


def pdf_convert(docx: bytes) -> bytes:
    """The PDF of a .docx, by LibreOffice in a profile of its own (soffice --convert-to pdf)."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(_("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF."))
    with tempfile.TemporaryDirectory(prefix="tracker-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "van-ban.docx"
        source.write_bytes(docx)
        # Its own profile: a LibreOffice already running for someone else would
        # otherwise take the job and the files would never appear here.
        profile = (folder / "profile").as_uri()
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=setting("TRACKER_PDF_TIMEOUT_SECONDS"),
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            message = _("LibreOffice không chuyển được văn bản sang PDF: %s") % error
            raise DocumentError(message) from error
        target = folder / "van-ban.pdf"
        if not target.exists():
            raise DocumentError(_("LibreOffice không tạo ra tệp PDF."))
        return target.read_bytes()
