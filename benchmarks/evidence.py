"""Evidence memory: 100 uploads of 1 MB through the ward page, and a 100 MB province dossier.

Both must keep the process within 100 MB of the RSS it started from: uploads
are read in chunks, and the dossier is streamed as it is written. RSS is read
from /proc/self/status (VmRSS now, VmHWM its peak); the peak is reset before
each measure by writing 5 to /proc/self/clear_refs, so each peak is its own.
"""

import gc
import io
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils.translation import gettext as _

from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.units.loading import units_load

GOAL_MB = 100.0
FILES = 100
FILE_BYTES = 1024 * 1024
WARDS = 4


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} không có trong /proc/self/status")


def _peak_reset() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # an older kernel: the peak then includes the set-up, an upper bound


def _growth_mb(start_kb: int) -> float:
    return max(0, _status_kb("VmHWM") - start_kb) / 1024


def _scan(i: int) -> bytes:
    # Random bytes behind a PDF header: nothing in the path may compress them away.
    head = b"%PDF-1.4\n%" + str(i).encode() + b"\n"
    return head + os.urandom(FILE_BYTES - len(head) - 6) + b"\n%%EOF"


def _client() -> Client:
    admin = get_user_model().objects.filter(username="bench-evidence").first()
    admin = admin or get_user_model().objects.create_superuser(username="bench-evidence")
    client = Client()
    client.force_login(admin)
    # Warm up: the first request imports and builds what every later one reuses.
    assert client.get("/phuong/16663/?year=2023").status_code == 200
    return client


def upload_measure() -> dict:
    """Migrate, load Nghệ An and its 2023 cohort, propose four wards, upload 100 files of 1 MB."""
    call_command("migrate", verbosity=0, interactive=False)
    units_load(edition="2023", only_provinces={"40"})
    call_command("load_fixtures", stdout=io.StringIO())
    assessments = list(
        Assessment.objects.filter(year=2023, ward__province__code="40").order_by("ward__code")[
            :WARDS
        ]
    )
    CriterionResult.objects.filter(assessment__in=assessments).update(status=ResultStatus.MET)
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        status=AssessmentStatus.PROPOSED
    )
    results = list(
        CriterionResult.objects.filter(assessment__in=assessments)
        .select_related("assessment__ward")
        .order_by("assessment__ward__code", "criterion__number")
    )
    client = _client()
    # Through the ward page, ten files a request, as a ward sends them.
    _peak_reset()
    start = _status_kb("VmRSS")
    per_request = 10
    for batch in range(FILES // per_request):
        result = results[batch * 7 % len(results)]
        files = [
            SimpleUploadedFile(f"scan-{batch}-{i}.pdf", _scan(batch * per_request + i))
            for i in range(per_request)
        ]
        response = client.post(
            f"/phuong/{result.assessment.ward.code}/minh-chung/{result.pk}/?year=2023",
            {"files": files},
        )
        assert response.status_code == 302, response.status_code
        # The test client's response holds its request (and the 10 MB body it sent) in
        # reference cycles that a WSGI server does not make: collected here, not left
        # to the next automatic collection.
        del files, response
        gc.collect()
    return {
        "evidence_files": FILES,
        "evidence_file_mb": FILE_BYTES / 1024 / 1024,
        "evidence_upload_rss_growth_mb": _growth_mb(start),
        "evidence_goal_mb": GOAL_MB,
    }


def dossier_measure() -> dict:
    """In a process of its own: the province's dossier through its view, chunk by chunk."""
    client = _client()
    _peak_reset()
    start = _status_kb("VmRSS")
    response = client.get("/tinh/40/ho-so.zip?year=2023")
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return {
        "evidence_dossier_mb": size / 1024 / 1024,
        "evidence_dossier_rss_growth_mb": _growth_mb(start),
    }


def evidence_table(f: dict) -> str:
    """The evidence bench's table, in the interface's language like every command's output."""
    mark = {True: _("đạt"), False: _("KHÔNG ĐẠT")}
    rows = [
        (
            _("tải lên %(files)s tệp, mỗi tệp %(mb)s MB (trang phường)")
            % {"files": f["evidence_files"], "mb": f"{f['evidence_file_mb']:.0f}"},
            f"+{f['evidence_upload_rss_growth_mb']:.1f} MB RSS",
            f"<= {GOAL_MB:.0f} MB",
            mark[f["evidence_upload_rss_growth_mb"] <= GOAL_MB],
        ),
        (
            _("truyền hồ sơ của tỉnh (ZIP %(mb)s MB)") % {"mb": f"{f['evidence_dossier_mb']:.0f}"},
            f"+{f['evidence_dossier_rss_growth_mb']:.1f} MB RSS",
            f"<= {GOAL_MB:.0f} MB",
            mark[f["evidence_dossier_rss_growth_mb"] <= GOAL_MB],
        ),
    ]
    head = (_("minh chứng"), _("tăng cao nhất"), _("mục tiêu"), "")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in [head, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
