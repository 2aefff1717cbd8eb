"""Admin pages for workbooks: template download, upload with preview, confirm, batches, revert.

The preview keeps the uploaded bytes on the server under a random token held
in the user's session; confirm reads those bytes again and trusts nothing
else from the browser.
"""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.accounts.admin_mixins import AuditedAdminMixin
from tracker.accounts.permissions import user_can_view_province, user_is_national, user_scope
from tracker.conf import setting
from tracker.imports.services import import_batch_apply, import_batch_revert
from tracker.imports.template import template_build, template_file_name, template_scope
from tracker.models import ImportBatch, Province, ResultStatus, Role

SESSION_KEY = "tracker_import_uploads"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _province_choices():
    choices = {}
    for code, name in Province.objects.order_by("-edition__effective_from", "code").values_list(
        "code", "name"
    ):
        choices.setdefault(code, f"{code} – {name}")
    return [("", _("(theo tệp)")), *sorted(choices.items())]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp (.xlsx, .xls, .ods, .csv)"))
    province = forms.ChoiceField(label=gettext_lazy("Tỉnh"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("Năm"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _province_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = setting("TRACKER_IMPORT_MAX_BYTES")
        if upload.size > limit:
            raise ValidationError(
                _("%(file)s: tệp lớn hơn giới hạn %(mb)s MB, không nhập.")
                % {"file": upload.name, "mb": round(limit / (1024 * 1024), 1)},
                code="too_large",
            )
        return upload


class ExportForm(forms.Form):
    province = forms.ChoiceField(label=gettext_lazy("Tỉnh"), required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    all_wards = forms.BooleanField(
        label=gettext_lazy("Mọi phường của tỉnh (cả phường chưa đăng ký)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Toàn quốc"))] + _province_choices()[1:]


def _spool_dir() -> Path:
    directory = Path(tempfile.gettempdir()) / "tracker-imports"
    directory.mkdir(mode=0o700, exist_ok=True)
    return directory


@admin.register(ImportBatch)
class ImportBatchAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "file_name",
        "province",
        "year",
        "imported_by",
        "imported_at",
        "created",
        "changed",
        "unchanged",
        "skipped",
        "reverted_at",
    ]
    list_filter = ["year", "reverted_at"]
    list_select_related = ["province", "imported_by"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        scope = user_scope(request.user)
        return scope is not None and scope.role in (Role.NATIONAL, Role.PROVINCE, Role.VIEWER)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if user_is_national(request.user):
            return queryset
        scope = user_scope(request.user)
        if scope is None or scope.ward_id:
            return queryset.none()
        return queryset.filter(province__code=scope.province.code)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(self._guarded(function))

        return [
            path("upload/", view(self.upload_view), name="tracker_importbatch_upload"),
            path("confirm/", view(self.confirm_view), name="tracker_importbatch_confirm"),
            path("export/", view(self.export_view), name="tracker_importbatch_export"),
            path("<int:pk>/revert/", view(self.revert_view), name="tracker_importbatch_revert"),
            *super().get_urls(),
        ]

    def _guarded(self, function):
        """Imports, templates and reverts are for the Ministry and the provinces' writers;
        the services check each province again."""

        def wrapped(request, *args, **kwargs):
            scope = user_scope(request.user)
            if scope is None or scope.role not in (Role.NATIONAL, Role.PROVINCE):
                raise PermissionDenied
            return function(request, *args, **kwargs)

        return wrapped

    def _render(self, request, template, context):
        return TemplateResponse(
            request,
            f"admin/tracker/importbatch/{template}",
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )

    def upload_view(self, request):
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._render(request, "upload.html", {"form": form, "title": _("Nhập tệp")})
        upload = form.cleaned_data["file"]
        data = upload.read()
        province = form.cleaned_data["province"] or None
        year = form.cleaned_data["year"]
        result = import_batch_apply(
            data=data,
            file_name=upload.name,
            user=request.user,
            province_code=province,
            year=year,
            dry_run=True,
        )
        labels = dict(ResultStatus.choices)
        token = ""
        if result.ok and result.changes:
            token = secrets.token_urlsafe(24)
            (_spool_dir() / token).write_bytes(data)
            uploads = request.session.get(SESSION_KEY, {})
            uploads[token] = {
                "name": upload.name,
                "sha256": result.sha256,
                "province": province,
                "year": year,
            }
            request.session[SESSION_KEY] = uploads
        return self._render(
            request,
            "preview.html",
            {
                "title": _("Xem trước: %(file)s") % {"file": upload.name},
                "result": result,
                "wards": [
                    (
                        f"{name} ({code})",
                        [
                            (c.criterion_number, labels[c.old_status], labels[c.new_status], c)
                            for c in changes
                        ],
                    )
                    for code, name, changes in result.changes_by_ward()
                ],
                "token": token,
            },
        )

    def confirm_view(self, request):
        if request.method != "POST":
            return redirect("admin:tracker_importbatch_upload")
        token = request.POST.get("token", "")
        upload = request.session.get(SESSION_KEY, {}).pop(token, None)
        request.session.modified = True
        spooled = _spool_dir() / token
        if upload is None or not token.isascii() or not spooled.is_file():
            messages.error(request, _("Không còn tệp đã xem trước; hãy tải tệp lên lại."))
            return redirect("admin:tracker_importbatch_upload")
        try:
            data = spooled.read_bytes()
        finally:
            spooled.unlink(missing_ok=True)
        result = import_batch_apply(
            data=data,
            file_name=upload["name"],
            user=request.user,
            province_code=upload["province"],
            year=upload["year"],
        )
        if not result.ok:
            for message in result.messages():
                messages.error(request, message)
            return redirect("admin:tracker_importbatch_upload")
        messages.success(
            request,
            _("Đã nhập %(file)s (lần nhập #%(batch)s): %(summary)s.")
            % {"file": upload["name"], "batch": result.batch_id, "summary": result.summary()},
        )
        return redirect("admin:tracker_importbatch_change", result.batch_id)

    def export_view(self, request):
        form = ExportForm(request.GET or None)
        if not request.GET or not form.is_valid():
            return self._render(request, "export.html", {"form": form, "title": _("Tải mẫu")})
        try:
            scope = template_scope(
                year=form.cleaned_data["year"],
                province_code=form.cleaned_data["province"] or None,
                all_wards=form.cleaned_data["all_wards"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
            return self._render(request, "export.html", {"form": form, "title": _("Tải mẫu")})
        if not (
            user_can_view_province(user=request.user, province=scope.province)
            if scope.province
            else user_is_national(request.user)
        ):
            raise PermissionDenied
        response = HttpResponse(content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{template_file_name(scope)}"'
        template_build(scope=scope).save(response)
        return response

    def revert_view(self, request, pk):
        batch = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method != "POST":
            return self._render(
                request,
                "revert.html",
                {"title": _("Hoàn tác lần nhập #%(batch)s") % {"batch": pk}, "batch": batch},
            )
        try:
            outcome = import_batch_revert(batch=batch, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("admin:tracker_importbatch_change", pk)
        messages.success(
            request,
            _("Đã hoàn tác lần nhập #%(batch)s: trả lại %(count)s kết quả.")
            % {"batch": pk, "count": outcome.restored},
        )
        for item in outcome.changed_since:
            messages.warning(
                request,
                _("Giữ nguyên %(ward)s, TC%(number)s (%(status)s): đã được thay đổi sau lần nhập.")
                % {"ward": item.ward_name, "number": item.criterion_number, "status": item.status},
            )
        return redirect(reverse("admin:tracker_importbatch_change", args=[pk]))
