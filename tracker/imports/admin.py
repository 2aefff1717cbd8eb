"""Admin pages for workbooks: the batches, read only, and the template download.

Uploading, previewing, confirming and reverting are the app's own pages, at /nhap-lieu/
(tracker.imports.views); the admin's old upload address leads there.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import RedirectView

from tracker.accounts.admin_mixins import AuditedAdminMixin, ReadOnlyAdminMixin
from tracker.accounts.permissions import user_can_view_imports, user_is_manager
from tracker.imports.forms import ExportForm
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batches_visible
from tracker.imports.template import (
    template_build,
    template_file_name,
    template_scope,
    user_can_get_template,
)
from tracker.spreadsheets.formats import XLSX_CONTENT_TYPE


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
            # The import moved to the app's own page: the old address leads there.
            path(
                "upload/",
                RedirectView.as_view(pattern_name="imports"),
                name="tracker_importbatch_upload",
            ),
            path("export/", view(self.export_view), name="tracker_importbatch_export"),
            *super().get_urls(),
        ]

    def _guarded(self, function):
        """Templates are for the Ministry and the provinces' writers; the services check
        each province again."""

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
