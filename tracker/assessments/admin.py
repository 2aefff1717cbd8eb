"""The admin of assessments and results. Status changes made here go through the services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from tracker.accounts.admin_mixins import (
    ProvinceFilter,
    ScopedAdminMixin,
    WardMapFilter,
)
from tracker.accounts.permissions import user_can_edit_assessment, user_scope, visible_wards
from tracker.assessments.completion import met_text, with_completion
from tracker.assessments.locks import result_lock_reason
from tracker.assessments.models import Assessment, CriterionResult
from tracker.assessments.services import (
    StaleResultError,
    assessment_register,
    criterion_result_check_version,
    criterion_result_locked,
    criterion_result_set_status,
)
from tracker.spreadsheets.resources import (
    CriterionResultResource,
    TextKeepingExportMixin,
)
from tracker.text import fold
from tracker.units.models import Ward, WardKind

ADMIN_REASON = "Cập nhật trong trang quản trị"


class ResultForm(forms.ModelForm):
    """Carries the version the user saw; an edit is checked against it under the row lock.

    The admin validates and saves inside one transaction, so the version read
    here under the lock is still the current one when the service writes.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CriterionResult
        fields = ["status", "evidence", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "seen_version" in self.fields:
            self.fields["seen_version"].initial = self.instance.version
        for name in ("evidence", "note"):  # absent when the user may only read
            if name in self.fields:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 1, "cols": 30})

    @property
    def edited_fields(self) -> list[str]:
        return [f for f in self.changed_data if f != "seen_version"]

    def clean(self):
        cleaned = super().clean()
        if self.edited_fields and self.instance.pk:
            current = criterion_result_locked(self.instance.pk)
            try:
                criterion_result_check_version(current, cleaned.get("seen_version"))
            except StaleResultError as error:
                raise forms.ValidationError(error.messages[0], code="stale") from None
        return cleaned


class CriterionResultInline(admin.TabularInline):
    model = CriterionResult
    form = ResultForm
    fields = ["criterion", "status", "evidence", "note", "changed_by", "changed_at", "seen_version"]
    readonly_fields = ["criterion", "changed_by", "changed_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # results come with the registration, one per criterion of the set

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion", "changed_by")

    # The rights of the results follow the assessment's, not Django's model permissions
    # (which province and ward accounts do not have): read-only where the user cannot save.
    def has_view_permission(self, request, obj=None):
        return user_scope(request.user) is not None

    def has_change_permission(self, request, obj=None):
        # obj is the assessment: its results are read-only while the lock rule says so.
        return (
            obj is not None
            and user_can_edit_assessment(user=request.user, assessment=obj)
            and not result_lock_reason(request.user, obj)
        )


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["ward", "province", "year", "status", "completion", "decision_number"]
    list_filter = [WardMapFilter, ProvinceFilter, "year", "status"]
    list_select_related = ["ward__province"]
    search_fields = ["ward__code", "ward__search_name"]
    autocomplete_fields = ["ward"]
    inlines = [CriterionResultInline]
    history_list_display = ["status", "decision_number"]

    def get_queryset(self, request):
        return with_completion(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    # Status and decision change only through the recognition workflow on the ward page.
    WORKFLOW_FIELDS = ["status", "decision_number", "decision_date", "forwarded_at", "forwarded_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["ward", "year", "criteria_set"]
        return ["ward", "year", "criteria_set", *self.WORKFLOW_FIELDS, "review_note"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "ward":
            kwargs["queryset"] = visible_wards(
                user=request.user, queryset=Ward.objects.filter(kind=WardKind.WARD)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # the results are created with the registration

    @admin.display(description=_("tỉnh"), ordering="ward__province__sort_name")
    def province(self, obj):
        return obj.ward.province.name

    @admin.display(description=_("hoàn thành"))
    def completion(self, obj):
        return met_text(met=obj.met, total=obj.total)

    def save_model(self, request, obj, form, change):
        if not change:
            saved = assessment_register(
                ward=obj.ward,
                year=obj.year,
                criteria_set=obj.criteria_set,
                user=request.user,
                reason=ADMIN_REASON,
            )
            obj.pk, obj._state.adding = saved.pk, False

    def save_formset(self, request, form, formset, change):
        if formset.model is not CriterionResult:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads what formset.save() would have recorded.
        formset.new_objects, formset.deleted_objects, formset.changed_objects = [], [], []
        for result_form in formset.forms:
            if not result_form.edited_fields:
                continue
            data = result_form.cleaned_data
            saved = criterion_result_set_status(
                result=result_form.instance,
                user=request.user,
                status=data["status"],
                evidence=data["evidence"],
                note=data["note"],
                reason=ADMIN_REASON,
                expected_version=data["seen_version"],
            )
            formset.changed_objects.append((saved, result_form.edited_fields))


@admin.register(CriterionResult)
class CriterionResultAdmin(
    ScopedAdminMixin, TextKeepingExportMixin, ExportMixin, SimpleHistoryAdmin
):
    ward_path = "assessment__ward__"
    # Export only: results come in through the workbook import, with preview and batches.
    resource_classes = [CriterionResultResource]
    list_display = ["assessment", "criterion_number", "status", "changed_by", "changed_at"]
    list_filter = ["status", "assessment__year", "criterion__number"]
    list_select_related = ["assessment__ward", "criterion", "changed_by"]
    search_fields = ["assessment__ward__code", "assessment__ward__search_name"]
    history_list_display = ["status", "import_batch"]
    form = ResultForm
    fields = ["assessment", "criterion", "status", "evidence", "note", "seen_version"]
    readonly_fields = ["assessment", "criterion"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and result_lock_reason(request.user, obj.assessment):
            return False
        return super().has_change_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    @admin.display(description=_("tiêu chí"), ordering="criterion__number")
    def criterion_number(self, obj):
        return f"TC{obj.criterion.number}"

    def save_model(self, request, obj, form, change):
        if form.edited_fields:
            data = form.cleaned_data
            criterion_result_set_status(
                result=obj,
                user=request.user,
                status=data["status"],
                evidence=data["evidence"],
                note=data["note"],
                reason=ADMIN_REASON,
                expected_version=data["seen_version"],
            )
