"""Adding, revising and removing evidence: one service, its rights, types by content, limits."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.evidence.conftest import JPEG, PNG, pdf, upload, zip_with
from tracker.accounts.models import AuditAction, AuditEvent
from tracker.assessments.models import AssessmentStatus
from tracker.assessments.workflow import assessment_propose
from tracker.criteria.models import Criterion
from tracker.evidence.models import EvidenceFile, EvidenceRevision
from tracker.evidence.services import evidence_add, evidence_remove, evidence_revise
from tracker.evidence.storage import evidence_storage
from tracker.evidence.types import RefusedType, sniff
from tracker.reports.ward import ward_report


def result(assessment, number=3):
    return assessment.results.get(criterion__number=number)


def test_add_revise_remove_keep_every_revision_and_show_in_the_history(dong_vinh, people):
    ward = people["ward"]
    first, second = evidence_add(
        result=result(dong_vinh),
        user=ward,
        files=[upload("scan.pdf", pdf(seed=b"a")), upload("scan.pdf", pdf(seed=b"b"))],
        title="Quyết định kiện toàn",
        document_number="12/QĐ-CAP",
    )
    # Two files of the same name coexist: stored under generated names.
    assert first.current.blob != second.current.blob
    assert {first.current.file_name, second.current.file_name} == {"scan.pdf"}
    assert first.current.sha256 == hashlib.sha256(pdf(seed=b"a")).hexdigest()
    revision = evidence_revise(evidence=first, user=ward, file=upload("scan-ky.pdf", pdf(300)))
    assert revision.number == 2
    assert EvidenceRevision.objects.filter(evidence=first).count() == 2
    assert evidence_storage().exists(first.current.blob)  # the earlier revision is kept
    evidence_remove(evidence=second, user=ward, reason="Trùng tệp")

    report = ward_report(ward=dong_vinh.ward, year=2023)
    shown = report.evidence[result(dong_vinh).pk]
    assert [f.pk for f in shown] == [first.pk]  # the removed one is hidden
    assert [r.number for r in shown[0].revision_list] == [2, 1]
    changes = [", ".join(e.changed_fields) for e in report.history if e.criterion.number == 3]
    assert "gỡ tệp minh chứng “Quyết định kiện toàn”" in changes
    assert "bản 2 của tệp minh chứng “Quyết định kiện toàn”" in changes
    assert changes.count("thêm tệp minh chứng “Quyết định kiện toàn”") == 2
    removal = next(e for e in report.history if e.changed_fields[0].startswith("gỡ"))
    assert (removal.user, removal.reason) == (ward, "Trùng tệp")
    removed = EvidenceFile.objects.get(pk=second.pk)
    assert removed.removed_by == ward and evidence_storage().exists(removed.current.blob)
    assert AuditEvent.objects.filter(action=AuditAction.EVIDENCE).count() == 4


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("ward", True),
        ("province", True),
        ("ministry", True),
        ("viewer", False),
        ("other_ward", False),
        ("other_province", False),
    ],
)
def test_who_may_add_evidence(dong_vinh, people, who, allowed):
    add = lambda: evidence_add(  # noqa: E731
        result=result(dong_vinh), user=people[who], files=[upload("a.pdf", pdf())]
    )
    if allowed:
        add()
    else:
        with pytest.raises(PermissionDenied):
            add()
    assert EvidenceFile.objects.count() == int(allowed)


def test_a_viewer_may_not_revise_or_remove(dong_vinh, people):
    (evidence,) = evidence_add(result=result(dong_vinh), user=None, files=[upload("a.pdf", pdf())])
    with pytest.raises(PermissionDenied):
        evidence_revise(evidence=evidence, user=people["viewer"], file=upload("b.pdf", pdf()))
    with pytest.raises(PermissionDenied):
        evidence_remove(evidence=evidence, user=people["viewer"])
    assert EvidenceFile.objects.get().removed_at is None


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED = {
    "pdf": (pdf(), "application/pdf"),
    "jpeg": (JPEG, "image/jpeg"),
    "png": (PNG, "image/png"),
    "doc": (OLE + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 16, "application/msword"),
    "docx": (
        zip_with([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")]),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        zip_with([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<w/>")]),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ods": (
        zip_with([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
}


@pytest.mark.parametrize("kind", ALLOWED)
def test_allowed_types_are_told_apart_by_content(kind):
    data, mime = ALLOWED[kind]
    assert sniff(data) == mime


def test_legacy_excel_is_recognised():
    import io

    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("TC").write(0, 0, "x")
    out = io.BytesIO()
    book.save(out)
    assert sniff(out.getvalue()) == "application/vnd.ms-excel"


REFUSED = {
    "html renamed .pdf": (b"  <!DOCTYPE html><html><script>alert(1)</script>", "trang HTML"),
    "windows program renamed .pdf": (b"MZ\x90\x00" + b"\x00" * 200, "chương trình chạy được"),
    "linux program renamed .pdf": (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "chương trình chạy"),
    "svg renamed .pdf": (b'<?xml version="1.0"?><svg onload="x()"/>', "trang HTML hoặc XML"),
    "empty": (b"", "tệp rỗng"),
    "zip archive": (zip_with([("a.txt", b"x")]), "application/zip"),
    "gif": (b"GIF89a" + b"\x00" * 40, "image/gif"),
    "text": (b"just some text", "không nhận ra"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_types_are_named_with_the_file_and_reason(dong_vinh, case):
    data, reason = REFUSED[case]
    with pytest.raises(ValidationError) as error:
        evidence_add(result=result(dong_vinh), user=None, files=[upload("bien-ban.pdf", data)])
    message = error.value.messages[0]
    assert message.startswith("Tệp 'bien-ban.pdf' không được nhận:"), message
    assert reason in message
    assert not EvidenceFile.objects.exists()


def test_sniff_refuses_what_it_does_not_know():
    with pytest.raises(RefusedType):
        sniff(b"\x00\x01\x02")


def test_limits_per_file_and_per_assessment(dong_vinh, settings, media_root):
    settings.TRACKER_EVIDENCE_MAX_FILE_MB = 1
    settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB = 1
    mb = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        evidence_add(result=result(dong_vinh), user=None, files=[upload("lon.pdf", pdf(mb + 1))])
    assert "Tệp 'lon.pdf' không được nhận: lớn hơn giới hạn 1 MB" in error.value.messages[0]
    evidence_add(result=result(dong_vinh), user=None, files=[upload("a.pdf", pdf(mb // 2))])
    # All or none: the first of these fits, the two together do not.
    with pytest.raises(ValidationError) as error:
        evidence_add(
            result=result(dong_vinh, 4),
            user=None,
            files=[upload("b.pdf", pdf(mb // 4)), upload("c.pdf", pdf(mb // 2))],
        )
    assert error.value.code == "assessment_limit"
    assert "vượt giới hạn 1 MB" in error.value.messages[0]
    assert EvidenceRevision.objects.count() == 1
    assert len(list((media_root / "minh-chung" / "2023").iterdir())) == 1  # nothing half-stored


def test_propose_waits_for_every_required_file(dong_vinh, people):
    from tracker.assessments.models import ResultStatus
    from tracker.assessments.services import criterion_result_set_status

    Criterion.objects.filter(number__in=[3, 7]).update(requires_evidence=True)
    criterion_result_set_status(result=result(dong_vinh, 22), user=None, status=ResultStatus.MET)
    with pytest.raises(ValidationError) as error:
        assessment_propose(assessment=dong_vinh, user=people["ward"])
    assert error.value.code == "evidence_missing"
    assert "cần tệp minh chứng nhưng chưa có: TC3, TC7" in error.value.messages[0]
    report = ward_report(ward=dong_vinh.ward, year=2023)
    assert [r.criterion.number for r in report.met_without_evidence] == [3, 7]
    for number in (3, 7):
        evidence_add(result=result(dong_vinh, number), user=None, files=[upload("a.pdf", pdf())])
    assert assessment_propose(assessment=dong_vinh, user=people["ward"]).status == (
        AssessmentStatus.PROPOSED
    )


def test_evidence_locks_with_the_results_as_the_ward_advances(dong_vinh, people):
    """Proposed: the ward may no longer change its dossier, the province may; decided: nobody."""
    ward, province = people["ward"], people["province"]
    tc22 = result(dong_vinh, 22)
    tc22.status = "dat"
    tc22.save()
    (kept,) = evidence_add(result=tc22, user=ward, files=[upload("a.pdf", pdf(seed=b"a"))])
    assessment_propose(assessment=dong_vinh, user=ward)
    for attempt in (
        lambda: evidence_add(result=tc22, user=ward, files=[upload("b.pdf", pdf(seed=b"b"))]),
        lambda: evidence_revise(evidence=kept, user=ward, file=upload("c.pdf", pdf(seed=b"c"))),
        lambda: evidence_remove(evidence=kept, user=ward),
    ):
        with pytest.raises(ValidationError, match="kết quả bị khoá với phường"):
            attempt()
    evidence_add(result=tc22, user=province, files=[upload("d.pdf", pdf(seed=b"d"))])
    type(dong_vinh).objects.filter(pk=dong_vinh.pk).update(status=AssessmentStatus.RECOGNIZED)
    for user in (province, people["ministry"], None):
        with pytest.raises(ValidationError, match="Bộ đã quyết định"):
            evidence_remove(evidence=kept, user=user)
    assert EvidenceFile.objects.filter(result=tc22, removed_at__isnull=True).count() == 2
    assert EvidenceRevision.objects.filter(evidence=kept).count() == 1
