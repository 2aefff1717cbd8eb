"""Admin pages for workbooks: template download, upload with preview, confirm, batches, revert.

The preview keeps the uploaded bytes as an ImportPreview of the uploader, in
the database and the configured file storage, under a random id: any app
server can show it again or confirm it, until it expires. Confirm reads those
bytes again and trusts nothing else from the browser.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tracker.accounts.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from tracker.accounts.permissions import (
    user_can_view_imports,
    user_is_manager,
    visible_provinces,
)
from tracker.assessments.models import ResultStatus
from tracker.imports.models import ImportBatch
from tracker.imports.previews import (
    import_preview_create,
    import_preview_find,
    import_preview_read,
    import_preview_shown,
    import_preview_spend,
    import_previews_purge,
)
from tracker.imports.safety import too_large
from tracker.imports.services import (
    conflict_text,
    import_batch_apply,
    import_batch_revert,
    import_batches_visible,
)
from tracker.imports.template import (
    template_build,
    template_file_name,
    template_scope,
    user_can_get_template,
)
from tracker.spreadsheets.formats import XLSX_CONTENT_TYPE
from tracker.units.maps import map_in_force_today
from tracker.units.models import MapEdition, Province


def _map_choices() -> list[tuple[str, str]]:
    return [
        (e.code, f"{e.code} – {e.name}") for e in MapEdition.objects.order_by("-effective_from")
    ]


class MapProvinceForm(forms.Form):
    """A map, and the provinces of that map the user sees, by code: one map's list, never
    the codes of one map with the names of another. The map is the one in force today
    unless the form chose another."""

    map = forms.ChoiceField(
        label=gettext_lazy("Bản đồ hành chính"),
        required=False,
        help_text=gettext_lazy("Danh sách tỉnh là các tỉnh của bản đồ này."),
    )
    province = forms.ChoiceField(
        label=gettext_lazy("Tỉnh"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Không có tỉnh mã %(value)s trong danh sách của bạn trên bản đồ đã chọn: "
                "hãy chọn một tỉnh trong danh sách, hoặc đổi bản đồ."
            )
        },
    )
    every_province = gettext_lazy("(theo tệp)")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["map"].choices = _map_choices()
        today = map_in_force_today()
        self.fields["map"].initial = today.code if today else None
        chosen = self.data.get(self.add_prefix("map")) if self.is_bound else None
        if chosen not in dict(self.fields["map"].choices):
            chosen = self.fields["map"].initial
        provinces = visible_provinces(
            user=user, queryset=Province.objects.filter(edition__code=chosen)
        ).order_by("code")
        self.fields["province"].choices = [
            ("", self.every_province),
            *((p.code, f"{p.code} – {p.name}") for p in provinces),
        ]
        self.shown_map = chosen

    def clean_map(self) -> str | None:
        return self.cleaned_data["map"] or self.shown_map


def _choice(value) -> str | None:
    """A conflict's resolution as the preview's form sends it."""
    return value if value in ("keep", "file") else None


class UploadForm(MapProvinceForm):
    file = forms.FileField(label=gettext_lazy("Tệp (.xlsx, .xls, .ods, .csv)"))
    year = forms.IntegerField(
        label=gettext_lazy("Năm"), required=False, min_value=2000, max_value=2100
    )
    field_order = ["file", "map", "province", "year"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        message = too_large(size=upload.size, file_name=upload.name)
        if message:
            raise ValidationError(message, code="too_large")
        return upload


class ExportForm(MapProvinceForm):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    all_wards = forms.BooleanField(
        label=gettext_lazy("Mọi phường của tỉnh (cả phường chưa đăng ký)"), required=False
    )
    every_province = gettext_lazy("Toàn quốc")


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
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

    def has_view_permission(self, request, obj=None):
        return user_can_view_imports(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_queryset(self, request):
        return import_batches_visible(user=request.user, batches=super().get_queryset(request))

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(self._guarded(function))

        return [
            path("upload/", view(self.upload_view), name="tracker_importbatch_upload"),
            path(
                "preview/<str:token>/", view(self.preview_view), name="tracker_importbatch_preview"
            ),
            path("confirm/", view(self.confirm_view), name="tracker_importbatch_confirm"),
            path("export/", view(self.export_view), name="tracker_importbatch_export"),
            path("<int:pk>/revert/", view(self.revert_view), name="tracker_importbatch_revert"),
            *super().get_urls(),
        ]

    def _guarded(self, function):
        """Imports, templates and reverts are for the Ministry and the provinces' writers;
        the services check each province again."""

        def wrapped(request, *args, **kwargs):
            if not user_is_manager(request.user):
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
        form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method != "POST" or not form.is_valid():
            return self._render(request, "upload.html", {"form": form, "title": _("Nhập tệp")})
        import_previews_purge()  # anyone's expired previews, with their files
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
        return self._preview_render(request, upload.name, result, preview)

    def _preview_render(self, request, file_name, result, preview):
        labels = dict(ResultStatus.choices)
        return self._render(
            request,
            "preview.html",
            {
                "title": _("Xem trước: %(file)s") % {"file": file_name},
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
                "conflicts": [(c, conflict_text(c)) for c in result.conflicts],
                "token": str(preview.pk) if preview else "",
                "expires_at": preview.expires_at if preview else None,
            },
        )

    def _preview_of(self, request, token):
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
                    "when": timezone.localtime(preview.expires_at).strftime("%H:%M %d/%m/%Y"),
                },
            )
            return None, None
        data = import_preview_read(preview) if preview is not None else None
        if data is None:
            messages.error(request, _("Không còn tệp đã xem trước; hãy tải tệp lên lại."))
            return None, None
        return preview, data

    def preview_view(self, request, token):
        preview, data = self._preview_of(request, token)
        if preview is None:
            return redirect("admin:tracker_importbatch_upload")
        result = import_batch_apply(
            data=data,
            file_name=preview.file_name,
            user=request.user,
            province_code=preview.province_code or None,
            year=preview.year,
            dry_run=True,
        )
        shown = result.ok and (result.changes or result.conflicts)
        if shown:
            import_preview_shown(preview, result.versions())
        return self._preview_render(request, preview.file_name, result, preview if shown else None)

    def confirm_view(self, request):
        if request.method != "POST":
            return redirect("admin:tracker_importbatch_upload")
        preview, data = self._preview_of(request, request.POST.get("token", ""))
        # Spent whatever happens next: a second confirm cannot apply the file again.
        if preview is None or not import_preview_spend(preview):
            if preview is not None:  # a concurrent confirm of the same preview won
                messages.error(request, _("Không còn tệp đã xem trước; hãy tải tệp lên lại."))
            return redirect("admin:tracker_importbatch_upload")
        result = import_batch_apply(
            data=data,
            file_name=preview.file_name,
            user=request.user,
            province_code=preview.province_code or None,
            year=preview.year,
            on_conflict=_choice(request.POST.get("conflicts")),
            resolutions={
                int(key.removeprefix("conflict-")): choice
                for key, value in request.POST.items()
                if key.startswith("conflict-")
                and key.removeprefix("conflict-").isdigit()
                and (choice := _choice(value))
            },
            expected=preview.versions,
        )
        if not result.ok:
            for message in result.messages():
                messages.error(request, message)
            return redirect("admin:tracker_importbatch_upload")
        if result.batch_id is None:  # the file changes nothing (confirmed twice, say)
            messages.warning(request, result.notice)
            return redirect("admin:tracker_importbatch_upload")
        messages.success(
            request,
            _("Đã nhập %(file)s (lần nhập #%(batch)s): %(summary)s.")
            % {"file": preview.file_name, "batch": result.batch_id, "summary": result.summary()},
        )
        return redirect("admin:tracker_importbatch_change", result.batch_id)

    def export_view(self, request):
        form = ExportForm(request.GET or None, user=request.user)
        if not request.GET or not form.is_valid():
            return self._render(request, "export.html", {"form": form, "title": _("Tải mẫu")})
        try:
            province = form.cleaned_data["province"] or None
            scope = template_scope(
                year=form.cleaned_data["year"],
                province_code=province,
                all_wards=form.cleaned_data["all_wards"],
                # A province is the one of that code on the map chosen.
                edition=form.cleaned_data["map"] if province else None,
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
            return self._render(request, "export.html", {"form": form, "title": _("Tải mẫu")})
        if not user_can_get_template(user=request.user, scope=scope):
            raise PermissionDenied
        response = HttpResponse(content_type=XLSX_CONTENT_TYPE)
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
            ngettext(
                "Đã hoàn tác lần nhập #%(batch)s: trả lại %(count)s kết quả.",
                "Đã hoàn tác lần nhập #%(batch)s: trả lại %(count)s kết quả.",
                outcome.restored,
            )
            % {"batch": pk, "count": outcome.restored},
        )
        for item in outcome.changed_since:
            messages.warning(
                request,
                _("Giữ nguyên %(ward)s, TC%(number)s (%(status)s): đã được thay đổi sau lần nhập.")
                % {"ward": item.ward_name, "number": item.criterion_number, "status": item.status},
            )
        return redirect(reverse("admin:tracker_importbatch_change", args=[pk]))
