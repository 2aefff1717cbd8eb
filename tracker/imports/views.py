"""The import in the app, at /nhap-lieu/: the batches, the upload, the preview and its confirm,
the revert; and the locality template a province downloads, to fill in and import back.

The upload keeps the file as an ImportPreview of its uploader (tracker.imports.previews), under
a random token: the preview is shown again from it, and the confirm reads those bytes again and
trusts nothing else from the browser but the choices for the conflicts. A refused confirm shows
the preview again with those choices; the file is never asked for twice.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tracker.accounts.permissions import (
    user_can_manage_province,
    user_can_view_imports,
    user_is_manager,
    user_scope,
)
from tracker.assessments.models import ResultStatus
from tracker.imports.forms import ImportUploadForm, conflict_choices
from tracker.imports.models import ImportBatch, ImportPreview
from tracker.imports.previews import (
    import_preview_create,
    import_preview_find,
    import_preview_read,
    import_preview_shown,
    import_preview_spend,
    import_previews_purge,
)
from tracker.imports.result import ImportResult
from tracker.imports.services import (
    conflict_text,
    import_batch_apply,
    import_batch_revert,
    import_batches_visible,
    import_preview_confirm,
)
from tracker.imports.template import template_build, template_file_name, template_scope
from tracker.web import period_from_request, province_or_404, xlsx_response

SHOWN_BATCHES = 100
_TIME = "%H:%M %d/%m/%Y"


@login_required
def province_template(request: HttpRequest, code: str) -> HttpResponse:
    """The workbook a province hands out to its localities, to fill in and import back."""
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    if not user_can_manage_province(user=request.user, province=unit):
        raise PermissionDenied
    try:
        scope = template_scope(
            year=period.year,
            province_code=code,
            all_wards=request.GET.get("all") == "1",
            edition=period.edition.code,
        )
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    return xlsx_response(workbook=template_build(scope=scope), file_name=template_file_name(scope))


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "tracker/imports/refused.html", {"refusal": message}, status=403)


def _refusal(request: HttpRequest, *, importing: bool) -> HttpResponse | None:
    """Why this account may not list the batches (or, `importing`, not import); None if it may."""
    scope = user_scope(request.user)
    if scope is None:
        return _refused(request, _("Tài khoản chưa được gán vai trò và phạm vi."))
    if scope.ward_id:
        return _refused(
            request,
            _(
                "Tài khoản Công an phường không nhập tệp và không xem các lần nhập: việc nhập "
                "tệp của địa phương do Công an tỉnh hoặc Bộ Công an làm. Kết quả của phường "
                "được cập nhật trên trang của phường."
            ),
        )
    if not user_can_view_imports(request.user):
        return _refused(request, _("Tài khoản này không xem được các lần nhập."))
    if importing and not user_is_manager(request.user):
        return _refused(
            request,
            _("Tài khoản chỉ xem không nhập được tệp: việc nhập do Công an tỉnh hoặc Bộ làm."),
        )
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    """The user's batches (its province's, or every one for the national scopes), and the
    upload form; a valid upload shows its preview at once."""
    refusal = _refusal(request, importing=request.method == "POST")
    if refusal is not None:
        return refusal
    period = period_from_request(request)
    may_import = user_is_manager(request.user)
    form = None
    if may_import:
        form = ImportUploadForm(
            request.POST or None,
            request.FILES or None,
            user=request.user,
            years=period.years,
            year=period.year,
            map_code=period.edition.code,
        )
        if request.method == "POST" and form.is_valid():
            return _upload(request, form)
    listed = import_batches_visible(
        user=request.user,
        batches=ImportBatch.objects.select_related("province", "imported_by", "reverted_by"),
    )
    waiting = ImportPreview.objects.filter(owner=request.user, expires_at__gt=timezone.now())
    return render(
        request,
        "tracker/imports/batches.html",
        {
            **period.context(),
            "form": form,
            "batches": listed[:SHOWN_BATCHES],
            "batch_count": listed.count(),
            "shown_batches": SHOWN_BATCHES,
            "waiting": waiting,
            "may_import": may_import,
            # Shown by the page itself, each message a status inside its list item: base.html's
            # list items with a role are no list items to a screen reader (axe-core "list").
            "messages": [],
            "page_messages": list(messages.get_messages(request)),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _upload(request: HttpRequest, form: ImportUploadForm) -> HttpResponse:
    import_previews_purge()  # anyone's expired previews, with their files
    upload = form.cleaned_data["file"]
    data = upload.read()
    province = form.cleaned_data["province"] or None
    year = form.cleaned_data["year"]
    try:
        result = import_batch_apply(
            data=data,
            file_name=upload.name,
            user=request.user,
            province_code=province,
            year=year,
            dry_run=True,
        )
    except PermissionDenied as exc:
        return _refused(request, str(exc))
    preview = None
    if result.ok and (result.changes or result.conflicts):
        preview = import_preview_create(
            owner=request.user,
            data=data,
            file_name=upload.name,
            sha256=result.sha256,
            province_code=province,
            year=year,
            versions=result.versions(),
        )
    return _preview_render(request, upload.name, result, preview)


def _preview_render(
    request: HttpRequest,
    file_name: str,
    result: ImportResult,
    preview: ImportPreview | None,
    *,
    refusal: list[str] = (),
    choices: tuple[str | None, dict[int, str]] = (None, {}),
) -> HttpResponse:
    labels = dict(ResultStatus.choices)
    for_all, each = choices
    conflicts = [(c, conflict_text(c)) for c in result.conflicts]
    return render(
        request,
        "tracker/imports/preview.html",
        {
            "file_name": file_name,
            "result": result,
            "wards": [
                (
                    f"{name} ({code})",
                    [
                        (
                            c.criterion_number,
                            labels[c.old_status],
                            labels[c.new_status],
                            c,
                            result.cells.get(c.result_id, ""),
                        )
                        for c in changes
                    ],
                )
                for code, name, changes in result.changes_by_ward()
            ],
            "conflicts": conflicts,
            # With the choice made for each, when the page comes back from a refused confirm.
            "conflict_rows": [(c, text, each.get(c.result_id, "")) for c, text in conflicts],
            "for_all": for_all or "",
            "refusal": list(refusal),
            "token": str(preview.pk) if preview else "",
            "expires_at": preview.expires_at if preview else None,
        },
    )


def _preview_of(request: HttpRequest, token: str) -> tuple[ImportPreview | None, bytes | None]:
    """The user's own preview of this token, with its bytes; None after telling why not.

    Another user's preview is not found at all (404).
    """
    preview, anothers = import_preview_find(token=token, owner=request.user)
    if anothers:
        raise Http404
    if preview is not None and preview.expired:
        import_preview_spend(preview)
        messages.error(
            request,
            _("Bản xem trước của %(file)s đã hết hạn lúc %(when)s; hãy tải tệp lên lại.")
            % {
                "file": preview.file_name,
                "when": timezone.localtime(preview.expires_at).strftime(_TIME),
            },
        )
        return None, None
    data = import_preview_read(preview) if preview is not None else None
    if data is None:
        messages.error(request, _("Không còn tệp đã xem trước; hãy tải tệp lên lại."))
        return None, None
    return preview, data


def _dry_run(request, preview: ImportPreview, data: bytes, choices=(None, {})) -> ImportResult:
    for_all, each = choices
    return import_batch_apply(
        data=data,
        file_name=preview.file_name,
        user=request.user,
        province_code=preview.province_code or None,
        year=preview.year,
        dry_run=True,
        on_conflict=for_all,
        resolutions=each,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preview(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the preview as the data stands now; POST confirms it with the choices made."""
    refusal = _refusal(request, importing=True)
    if refusal is not None:
        return refusal
    found, data = _preview_of(request, token)
    if found is None:
        return redirect("imports")
    if request.method == "POST":
        return _confirm(request, found, data)
    result = _dry_run(request, found, data)
    shown = result.ok and (result.changes or result.conflicts)
    if shown:
        import_preview_shown(found, result.versions())
    return _preview_render(request, found.file_name, result, found if shown else None)


def _confirm(request: HttpRequest, found: ImportPreview, data: bytes) -> HttpResponse:
    choices = conflict_choices(request.POST)
    for_all, each = choices
    result = import_preview_confirm(
        preview=found, data=data, user=request.user, on_conflict=for_all, resolutions=each
    )
    if result is None:  # a concurrent confirm of the same preview won
        messages.error(request, _("Không còn tệp đã xem trước; hãy tải tệp lên lại."))
        return redirect("imports")
    if not result.ok:
        # Shown again as the data stands now, with the choices made and why it was refused;
        # the next confirm expects what is shown.
        again = _dry_run(request, found, data, choices)
        kept = again.ok and (again.changes or again.conflicts)
        if kept:
            import_preview_shown(found, again.versions())
        else:
            import_preview_spend(found)
        return _preview_render(
            request,
            found.file_name,
            again,
            found if kept else None,
            refusal=result.messages(),
            choices=choices,
        )
    # Back to the list in the import's year: the next upload's default.
    back = f"{reverse('imports')}?year={result.year}" if result.year else reverse("imports")
    if result.batch_id is None:  # the file changes nothing (confirmed twice, say)
        messages.warning(request, result.notice)
        return redirect(back)
    count, wards = len(result.changes), len(result.changes_by_ward())
    messages.success(
        request,
        ngettext(
            "Đã nhập tệp %(file)s: %(count)s kết quả thay đổi ở %(wards)s phường "
            "(lần nhập #%(batch)s: %(summary)s).",
            "Đã nhập tệp %(file)s: %(count)s kết quả thay đổi ở %(wards)s phường "
            "(lần nhập #%(batch)s: %(summary)s).",
            count,
        )
        % {
            "file": found.file_name,
            "count": count,
            "wards": wards,
            "batch": result.batch_id,
            "summary": result.summary(),
        },
    )
    return redirect(back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def revert(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Asks first; the POST puts back what the batch replaced (the service checks the scope)."""
    refusal = _refusal(request, importing=True)
    if refusal is not None:
        return refusal
    batch = get_object_or_404(
        import_batches_visible(
            user=request.user, batches=ImportBatch.objects.select_related("province")
        ),
        pk=batch_id,
    )
    if request.method != "POST":
        return render(request, "tracker/imports/revert.html", {"batch": batch})
    back = f"{reverse('imports')}?year={batch.year}" if batch.year else reverse("imports")
    try:
        outcome = import_batch_revert(batch=batch, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    except PermissionDenied as exc:
        return _refused(request, str(exc))
    messages.success(
        request,
        ngettext(
            "Đã hoàn tác lần nhập #%(batch)s (tệp %(file)s): trả lại %(count)s kết quả "
            "như trước lần nhập.",
            "Đã hoàn tác lần nhập #%(batch)s (tệp %(file)s): trả lại %(count)s kết quả "
            "như trước lần nhập.",
            outcome.restored,
        )
        % {"batch": batch.pk, "file": batch.file_name, "count": outcome.restored},
    )
    for item in outcome.changed_since:
        messages.warning(
            request,
            _("Giữ nguyên %(ward)s, TC%(number)s (%(status)s): đã được thay đổi sau lần nhập.")
            % {"ward": item.ward_name, "number": item.criterion_number, "status": item.status},
        )
    return redirect(back)
