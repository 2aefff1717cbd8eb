"""Evidence on the ward page: upload, new version, removal, download, preview, and the dossiers.

No file is at a public URL: every download passes user_can_view_ward here,
whatever the storage, then leaves as an attachment (or, when configured, is
handed to the web server or to a short-lived pre-signed link).
"""

import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.permissions import user_can_edit_assessment, user_can_view_ward
from tracker.assessments.models import Assessment, CriterionResult
from tracker.evidence.dossier import (
    dossier_stream,
    empty_province_dossier,
    province_assessments,
    ward_dossier_name,
    ward_dossiers,
)
from tracker.evidence.forms import EvidenceForm
from tracker.evidence.models import EvidenceFile, EvidenceRevision
from tracker.evidence.preview import BUSY, first_page_png
from tracker.evidence.services import (
    evidence_add,
    evidence_remove,
    evidence_revise,
    max_assessment_bytes,
)
from tracker.evidence.storage import evidence_storage, presigned_url
from tracker.evidence.types import content_name
from tracker.web import period_from_request, province_or_404, ward_or_404

# A preview runs nothing it contains: no script, form or frame (an image is also sandboxed;
# a PDF is left to the browser's own viewer, which a sandbox would block).
PREVIEW_POLICY = {
    True: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    False: "default-src 'none'; object-src 'self'; img-src 'self'; style-src 'unsafe-inline'",
}


def _ward_page(assessment: Assessment, number: int | None = None) -> str:
    anchor = f"#minh-chung-tc{number}" if number else "#minh-chung"
    return (
        f"{reverse('ward', args=[assessment.ward.code])}?year={assessment.year}"
        f"&map={assessment.ward.edition.code}{anchor}"
    )


def _visible(queryset, user, pk: int, ward_of):
    """The object if the user may see its ward; 404 either way, so ids reveal nothing."""
    found = get_object_or_404(queryset, pk=pk)
    if not user_can_view_ward(user=user, ward=ward_of(found)):
        raise Http404
    return found


def _file_ward(evidence: EvidenceFile):
    return evidence.result.assessment.ward


def _back(request, url: str) -> HttpResponse:
    """Back to the ward page; the upload script (XMLHttpRequest) is told where, to go itself."""
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return JsonResponse({"location": url})
    return redirect(url)


def _writable(request, assessment) -> None:
    """The service's own rule, asked before the body is read: a reader's upload is not parsed."""
    if not user_can_edit_assessment(user=request.user, assessment=assessment):
        raise PermissionDenied(_("Bạn không có quyền cập nhật minh chứng của phường này."))


def _too_large(request) -> bool:
    """A request larger than a whole year's evidence is refused before Django reads it to disk."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > max_assessment_bytes() + 1024 * 1024


def _refuse_too_large(request) -> None:
    messages.error(
        request,
        _("Chưa lưu tệp nào: lần tải lên này lớn hơn giới hạn %(limit)s MB của cả hồ sơ.")
        % {"limit": settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB},
    )


def _download_name(revision: EvidenceRevision) -> str:
    """The stored name, with the content's extension even on a row stored before names were."""
    return content_name(revision.file_name, revision.content_type)


def _tell_renamed(request, given: str, revision: EvidenceRevision) -> None:
    if os.path.basename(given) != revision.file_name:
        messages.info(
            request,
            _("Tệp '%(given)s' có nội dung %(kind)s: đã lưu với tên '%(stored)s'.")
            % {
                "given": os.path.basename(given),
                "kind": os.path.splitext(revision.file_name)[1].lstrip(".").upper(),
                "stored": revision.file_name,
            },
        )


def _place(result) -> dict:
    """The criterion and the ward a message names."""
    return {"number": result.criterion.number, "ward": result.assessment.ward.name}


def _report(request, error, what: str) -> None:
    if isinstance(error, PermissionDenied):
        raise error
    messages.error(request, f"{what}: {' '.join(error.messages)}")


@login_required
def ward_evidence_add(request: HttpRequest, code: str, result_id: int) -> HttpResponse:
    period = period_from_request(request)
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    result = get_object_or_404(
        CriterionResult.objects.select_related("assessment__ward__edition", "criterion"),
        pk=result_id,
        assessment__ward=unit,
    )
    # After the scope check, so another scope's ids get 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = _ward_page(result.assessment, result.criterion.number)
    _writable(request, result.assessment)
    if _too_large(request):
        _refuse_too_large(request)
        return _back(request, back)
    form = EvidenceForm(request.POST)
    refused = _("Chưa thêm tệp minh chứng nào cho tiêu chí %(number)s của %(ward)s") % _place(
        result
    )
    if not form.is_valid():
        messages.error(
            request, f"{refused}: {' '.join(m for ms in form.errors.values() for m in ms)}"
        )
        return _back(request, back)
    files = request.FILES.getlist("files")
    try:
        added = evidence_add(result=result, user=request.user, files=files, **form.cleaned_data)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error, refused)
    else:
        messages.success(
            request,
            ngettext(
                "Đã thêm tệp minh chứng %(titles)s cho tiêu chí %(number)s của %(ward)s.",
                "Đã thêm %(count)s tệp minh chứng %(titles)s cho tiêu chí %(number)s của %(ward)s.",
                len(added),
            )
            % {
                "count": len(added),
                "titles": ", ".join(f"“{e.title}”" for e in added),
                **_place(result),
            },
        )
        for given, evidence in zip(files, added, strict=True):
            _tell_renamed(request, given.name, evidence.current)
    return _back(request, back)


_FILES = EvidenceFile.objects.select_related(
    "result__assessment__ward__edition", "result__criterion", "current"
)


@login_required
def evidence_revise_view(request: HttpRequest, file_id: int) -> HttpResponse:
    evidence = _visible(_FILES, request.user, file_id, _file_ward)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = _ward_page(evidence.result.assessment, evidence.result.criterion.number)
    _writable(request, evidence.result.assessment)
    if _too_large(request):
        _refuse_too_large(request)
        return _back(request, back)
    try:
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError(_("Chưa chọn tệp nào để tải lên."), code="no_file")
        revision = evidence_revise(evidence=evidence, user=request.user, file=upload)
    except (ValidationError, PermissionDenied) as error:
        _report(
            request,
            error,
            _("Chưa lưu bản mới của tệp minh chứng “%(title)s”") % {"title": evidence.title},
        )
    else:
        messages.success(
            request,
            _(
                "Đã lưu bản %(version)s của tệp minh chứng “%(title)s” "
                "(tiêu chí %(number)s của %(ward)s)."
            )
            % {"version": revision.number, "title": evidence.title, **_place(evidence.result)},
        )
        _tell_renamed(request, upload.name, revision)
    return _back(request, back)


@login_required
def evidence_remove_view(request: HttpRequest, file_id: int) -> HttpResponse:
    evidence = _visible(_FILES, request.user, file_id, _file_ward)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        evidence_remove(evidence=evidence, user=request.user, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        _report(request, error, _("Chưa gỡ tệp minh chứng “%(title)s”") % {"title": evidence.title})
    else:
        messages.success(
            request,
            _("Đã gỡ tệp minh chứng “%(title)s” khỏi tiêu chí %(number)s của %(ward)s.")
            % {"title": evidence.title, **_place(evidence.result)},
        )
    return _back(request, _ward_page(evidence.result.assessment, evidence.result.criterion.number))


def _revision(request, pk) -> EvidenceRevision:
    revision = _visible(
        EvidenceRevision.objects.select_related("evidence__result__assessment__ward__province"),
        request.user,
        pk,
        lambda revision: _file_ward(revision.evidence),
    )
    if revision.evidence.removed_at is not None:
        raise Http404
    return revision


@login_required
def evidence_download(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = _revision(request, revision_id)
    if settings.TRACKER_EVIDENCE_PRESIGNED:
        url = presigned_url(
            revision.blob, file_name=_download_name(revision), content_type=revision.content_type
        )
        if url:
            return HttpResponseRedirect(url)
    if settings.TRACKER_EVIDENCE_ACCEL_PREFIX:
        response = HttpResponse(content_type=revision.content_type)
        response["X-Accel-Redirect"] = settings.TRACKER_EVIDENCE_ACCEL_PREFIX + revision.blob
    else:
        response = FileResponse(
            evidence_storage().open(revision.blob, "rb"), content_type=revision.content_type
        )
        response["Content-Length"] = revision.size
    response["Content-Disposition"] = content_disposition_header(True, _download_name(revision))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def evidence_preview(request: HttpRequest, revision_id: int) -> HttpResponse:
    """An image or PDF shown inline, under a policy that lets nothing in it run."""
    revision = _revision(request, revision_id)
    if not revision.previewable:
        raise Http404
    response = FileResponse(
        evidence_storage().open(revision.blob, "rb"), content_type=revision.content_type
    )
    response["Content-Disposition"] = content_disposition_header(False, _download_name(revision))
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, so django-csp leaves it (it adds the site's policy only where none is).
    response["Content-Security-Policy"] = PREVIEW_POLICY[revision.image]
    return response


def _placeholder(busy: bool = False) -> bytes:
    """In the <img>'s place when a PDF cannot be drawn: a message, as an image (no script)."""
    lines = (
        [
            _("Đang tạo hình xem trước trang đầu của tệp PDF này."),
            _("Hãy tải lại trang sau ít giây."),
        ]
        if busy
        else [
            _("Không xem trước được trang đầu của tệp PDF này"),
            _("(tệp hỏng, có mật khẩu hoặc quá lớn). Hãy tải tệp về để xem."),
        ]
    )
    text = "".join(
        f'<text x="12" y="{28 + 24 * i}">{escape(line)}</text>' for i, line in enumerate(lines)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="76" '
        'font-family="sans-serif" font-size="14"><rect width="480" height="76" fill="#f3f3f3"/>'
        f"{text}</svg>"
    ).encode()


@login_required
def evidence_first_page(request: HttpRequest, revision_id: int) -> HttpResponse:
    """A PDF's first page as a PNG (drawn once per revision), or a placeholder message."""
    revision = _revision(request, revision_id)
    if revision.content_type != "application/pdf":
        raise Http404
    png = first_page_png(revision)
    if png is BUSY:
        # Not stored and not to be kept by the browser: the next view gets the drawing.
        response = HttpResponse(
            _placeholder(busy=True), content_type="image/svg+xml; charset=utf-8"
        )
        response["Cache-Control"] = "no-store"
        response["Retry-After"] = "5"
    elif png is None:
        response = HttpResponse(_placeholder(), content_type="image/svg+xml; charset=utf-8")
    else:
        response = HttpResponse(png, content_type="image/png")
        response["Content-Disposition"] = content_disposition_header(
            False, f"{os.path.splitext(_download_name(revision))[0]}-trang-1.png"
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PREVIEW_POLICY[True]
    return response


def _zip_response(chunks, file_name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def ward_dossier(request: HttpRequest, code: str) -> HttpResponse:
    period = period_from_request(request)
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    assessment = (
        Assessment.objects.select_related("ward").filter(ward=unit, year=period.year).first()
    )
    if assessment is None:
        raise Http404(
            _("%(ward)s chưa đăng ký năm %(year)s: chưa có hồ sơ minh chứng để tải.")
            % {"ward": unit.name, "year": period.year}
        )
    return _zip_response(dossier_stream(ward_dossiers([assessment])), ward_dossier_name(assessment))


@login_required
def province_dossier(request: HttpRequest, code: str) -> HttpResponse:
    """Every ward the province proposed or forwarded this year (decided or not), a folder each;
    with none, a page that says so instead of an empty ZIP."""
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    dossiers = ward_dossiers(province_assessments(province=unit, year=period.year))
    if not dossiers:
        raise Http404(empty_province_dossier(province=unit, year=period.year))
    return _zip_response(
        dossier_stream(dossiers, folders=True), f"ho-so-minh-chung-tinh-{code}-{period.year}.zip"
    )
