"""The admin of criteria sets and their criteria, loaded from a workbook by the Ministry."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin, ImportExportModelAdmin

from tracker.accounts.admin_mixins import ReferenceAdminMixin
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.spreadsheets.resources import (
    CriteriaSetResource,
    CriterionResource,
    TextKeepingExportMixin,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = [
        "number",
        "short_title",
        "group",
        "responsible_party",
        "requires_evidence",
        "full_text",
    ]
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(ReferenceAdminMixin, TextKeepingExportMixin, ImportExportModelAdmin):
    """Lets the Ministry load the official text of a criteria set from a workbook."""

    resource_classes = [CriterionResource]
    list_display = ["criteria_set", "number", "short_title", "group", "requires_evidence"]
    list_filter = ["criteria_set", "requires_evidence"]
    list_select_related = ["criteria_set"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(
    ReferenceAdminMixin, TextKeepingExportMixin, ImportExportMixin, admin.ModelAdmin
):
    resource_classes = [CriteriaSetResource]
    list_display = ["code", "version", "name", "provisional", "year_in_force", "criteria_count"]
    inlines = [CriterionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_count=Count("criteria"))

    @admin.display(description=_("số tiêu chí"), ordering="criteria_count")
    def criteria_count(self, obj):
        return obj.criteria_count
