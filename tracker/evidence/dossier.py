"""The recognition dossier: one ZIP, streamed as it is written, of a ward's (or a province's) files.

A folder per criterion holds its current files; a table-of-contents workbook
lists criterion, status and each file's title, number, date, uploader and
SHA-256, so anyone can check each file of the ZIP against it. Nothing is ever
whole in memory or on disk: each stored file is read in chunks and each chunk
of ZIP leaves as soon as it is written.
"""

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from tracker.assessments.models import Assessment, CriterionResult
from tracker.assessments.states import PROPOSED_OR_DECIDED
from tracker.evidence.models import EvidenceFile
from tracker.evidence.storage import blob_chunks
from tracker.evidence.types import content_name
from tracker.spreadsheets.cells import rows_append

TOC_NAME = "Muc-luc-ho-so.xlsx"
# The TOC's own timestamps: fixed, so the same evidence gives the same bytes (and SHA-256).
_FIXED = datetime(2000, 1, 1)
_FIXED_ZIP = (2000, 1, 1, 0, 0, 0)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(name: str, limit: int = 80) -> str:
    """A file or folder name every unzip program accepts, with no way out of its folder."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "_"
    return cleaned[:limit]


def _file_entry_name(revision, limit: int = 120) -> str:
    """A stored file's name in the ZIP: its content's extension, kept when the name is cut."""
    name = _safe(content_name(revision.file_name, revision.content_type, limit=10_000), 10_000)
    stem, extension = os.path.splitext(name)
    return stem[: limit - len(extension)].rstrip(" .") + extension


@dataclass
class Entry:
    evidence: EvidenceFile
    path: str  # inside the ward's folder of the ZIP


@dataclass
class WardDossier:
    assessment: Assessment
    results: list[CriterionResult]
    entries: dict[int, list[Entry]] = field(default_factory=dict)  # by result id

    @property
    def files(self) -> list[Entry]:
        return [e for r in self.results for e in self.entries.get(r.pk, [])]


def _criterion_folder(result: CriterionResult) -> str:
    c = result.criterion
    return _safe(f"TC{c.number:02d} - {c.short_title}", 60)


def ward_dossiers(assessments) -> list[WardDossier]:
    """The current files of each assessment, in three queries whatever the number of wards."""
    assessments = list(assessments)
    dossiers = {a.pk: WardDossier(a, []) for a in assessments}
    for result in (
        CriterionResult.objects.filter(assessment_id__in=dossiers)
        .select_related("criterion")
        .order_by("assessment_id", "criterion__number")
    ):
        dossiers[result.assessment_id].results.append(result)
    results = {r.pk: r for d in dossiers.values() for r in d.results}
    files = (
        EvidenceFile.objects.filter(result_id__in=results, removed_at__isnull=True)
        .select_related("current__uploaded_by")
        .order_by("result_id", "created_at", "pk")
    )
    for evidence in files:
        result = results[evidence.result_id]
        entries = dossiers[result.assessment_id].entries.setdefault(result.pk, [])
        name = f"{len(entries) + 1:02d} - {_file_entry_name(evidence.current)}"
        entries.append(Entry(evidence, f"{_criterion_folder(result)}/{name}"))
    return [dossiers[a.pk] for a in assessments]


def _user_name(user) -> str:
    if user is None:
        return _("(dòng lệnh)")
    return user.get_full_name() or user.get_username()


def toc_bytes(dossier: WardDossier) -> bytes:
    """The table of contents as an .xlsx whose bytes depend only on the evidence it lists.

    Always in Vietnamese, whatever the page's language: the same dossier, the same SHA-256.
    """
    with translation.override("vi"):
        return _toc_bytes(dossier)


def _toc_bytes(dossier: WardDossier) -> bytes:
    a = dossier.assessment
    book = Workbook()
    sheet = book.active
    sheet.title = _("Mục lục")
    sheet.append(
        [_("Hồ sơ minh chứng: %(ward)s – năm %(year)s") % {"ward": a.ward, "year": a.year}]
    )
    sheet["A1"].font = Font(bold=True)
    head = [
        _("Tiêu chí"),
        _("Tên tiêu chí"),
        _("Kết quả"),
        _("Tiêu đề"),
        _("Số văn bản"),
        _("Ngày văn bản"),
        _("Người tải lên"),
        _("Tải lên lúc"),
        _("Bản"),
        _("Tên tệp gốc"),
        _("Dung lượng (byte)"),
        _("SHA-256"),
        _("Tệp trong hồ sơ"),
    ]
    sheet.append(head)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    rows = []
    for result in dossier.results:
        start = [
            f"TC{result.criterion.number}",
            result.criterion.short_title,
            str(result.get_status_display()),
        ]
        entries = dossier.entries.get(result.pk, [])
        if not entries:
            rows.append([*start, *[""] * 10])
        for entry in entries:
            e, rev = entry.evidence, entry.evidence.current
            rows.append(
                [
                    *start,
                    e.title,
                    e.document_number,
                    e.document_date.strftime("%d/%m/%Y") if e.document_date else "",
                    _user_name(rev.uploaded_by),
                    timezone.localtime(rev.uploaded_at).strftime("%d/%m/%Y %H:%M"),
                    rev.number,
                    rev.file_name,
                    rev.size,
                    rev.sha256,
                    entry.path,
                ]
            )
    rows_append(sheet, rows)
    widths = (8, 40, 14, 40, 16, 12, 20, 16, 5, 30, 12, 66, 50)
    for column, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.created = book.properties.modified = _FIXED
    book.properties.creator = "ward-model-tracker"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter directly: openpyxl's save() stamps the current time as "modified".
        ExcelWriter(book, archive).write_data()
    # openpyxl's entries carry the time of writing: the same entries, with a fixed one.
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, _FIXED_ZIP), source.read(info))
    return fixed.getvalue()


def dossier_summary(assessment: Assessment) -> tuple[int, str]:
    """(number of files, SHA-256 of the table of contents) of a ward's dossier, for documents."""
    (dossier,) = ward_dossiers([assessment])
    return len(dossier.files), hashlib.sha256(toc_bytes(dossier)).hexdigest()


class _Sink:
    """Where zipfile writes: a small buffer emptied after every chunk (not seekable)."""

    def __init__(self):
        self.buffer = bytearray()

    def write(self, data) -> int:
        self.buffer += data
        return len(data)

    def flush(self):
        pass

    def drain(self) -> bytes:
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


def _ward_folder(assessment: Assessment) -> str:
    return _safe(f"{assessment.ward.code} - {assessment.ward.name}", 60)


def dossier_stream(dossiers: list[WardDossier], *, folders: bool = False):
    """The ZIP's bytes, chunk by chunk; with folders, each ward in a folder of its own."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for dossier in dossiers:
            root = f"{_ward_folder(dossier.assessment)}/" if folders else ""
            info = zipfile.ZipInfo(root + TOC_NAME, _FIXED_ZIP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, toc_bytes(dossier))
            yield sink.drain()
            for entry in dossier.files:
                rev = entry.evidence.current
                when = timezone.localtime(rev.uploaded_at)
                info = zipfile.ZipInfo(root + entry.path, when.timetuple()[:6])
                info.file_size = rev.size  # so zipfile chooses ZIP64 for files over 2 GB
                with archive.open(info, "w") as target:
                    for chunk in blob_chunks(rev.blob):
                        target.write(chunk)
                        yield sink.drain()
                yield sink.drain()
    yield sink.drain()


def empty_province_dossier(*, province, year: int) -> str:
    """Why a province's dossier of a year has nothing to hold: no ZIP is made for it."""
    return _(
        "%(province)s chưa có phường nào đề nghị công nhận năm %(year)s: hồ sơ minh chứng "
        "của tỉnh chưa có tệp nào để tải."
    ) % {"year": year, "province": province.name}


def ward_dossier_name(assessment: Assessment) -> str:
    return f"ho-so-minh-chung-{assessment.ward.code}-{assessment.year}.zip"


def province_assessments(*, province, year: int):
    """The wards a province has proposed or forwarded to the Ministry for the year, and those
    the Ministry has decided: a decided ward's dossier can be produced again."""
    return (
        Assessment.objects.filter(PROPOSED_OR_DECIDED, ward__province=province, year=year)
        .select_related("ward")
        .order_by("ward__code")
    )
