"""The admin of criteria sets and their criteria, loaded from a workbook by the Ministry."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin, ImportExportModelAdmin

from tracker.accounts.admin_mixins import ReferenceAdminMixin
from tracker.criteria.models import CriteriaSet, Criterion, FigureRule
from tracker.spreadsheets.resources import (
    CriteriaSetResource,
    CriterionResource,
    TextKeepingExportMixin,
)

# A criterion measured by a number: its indicator, kept with the set's version.
INDICATOR_FIELDS = [
    "measure",
    "measure_unit",
    "value_label",
    "numerator_label",
    "denominator_label",
    "comparison",
    "threshold",
    "measure_source",
]


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = [
        "number",
        "short_title",
        "group",
        "responsible_party",
        "requires_evidence",
        "full_text",
        *INDICATOR_FIELDS,
    ]
    extra = 0


class FigureRuleInline(admin.TabularInline):
    """Rules between two criteria's figures, checked at entry and at import."""

    model = FigureRule
    fields = ["left", "left_part", "comparison", "right", "right_part"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        set_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name in ("left", "right") and set_id and str(set_id).isdigit():
            field.queryset = field.queryset.filter(criteria_set_id=set_id)
        return field


@admin.register(Criterion)
class CriterionAdmin(ReferenceAdminMixin, TextKeepingExportMixin, ImportExportModelAdmin):
    """Lets the Ministry load the official text of a criteria set from a workbook."""

    resource_classes = [CriterionResource]
    list_display = [
        "criteria_set",
        "number",
        "short_title",
        "group",
        "requires_evidence",
        "measure",
        "comparison",
        "threshold",
    ]
    list_filter = ["criteria_set", "requires_evidence", "measure"]
    list_select_related = ["criteria_set"]


@admin.register(CriteriaSet)
class CriteriaSetAdmin(
    ReferenceAdminMixin, TextKeepingExportMixin, ImportExportMixin, admin.ModelAdmin
):
    resource_classes = [CriteriaSetResource]
    list_display = ["code", "version", "name", "provisional", "year_in_force", "criteria_count"]
    inlines = [CriterionInline, FigureRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criteria_count=Count("criteria"))

    @admin.display(description=_("số tiêu chí"), ordering="criteria_count")
    def criteria_count(self, obj):
        return obj.criteria_count
