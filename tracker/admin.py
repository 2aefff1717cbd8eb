"""The Vietnamese admin. Status changes made here go through tracker.services."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportMixin, ImportExportModelAdmin
from import_export.formats.base_formats import BINARY_FORMATS
from simple_history.admin import SimpleHistoryAdmin

from tracker.admin_access import AuditedAdminMixin, ReferenceAdminMixin, ScopedAdminMixin
from tracker.models import (
    Assessment,
    AuditEvent,
    CriteriaSet,
    Criterion,
    CriterionResult,
    District,
    MapEdition,
    Province,
    ProvinceQuota,
    ResultStatus,
    Target,
    UnitSuccession,
    UserScope,
    Ward,
    WardKind,
)
from tracker.permissions import user_is_national_admin, visible_provinces, visible_wards
from tracker.resources import (
    CriteriaSetResource,
    CriterionResource,
    CriterionResultResource,
    DistrictResource,
    ProvinceResource,
    WardResource,
    dataset_export,
)
from tracker.services.assessments import (
    assessment_register,
    criterion_result_set_status,
)
from tracker.text import fold

admin.site.site_header = _("Theo dõi Công an phường điển hình, kiểu mẫu")
admin.site.site_title = _("Công an phường điển hình, kiểu mẫu")
admin.site.index_title = _("Quản trị dữ liệu")

ADMIN_REASON = "Cập nhật trong trang quản trị"


class TextKeepingExportMixin:
    """The admin's exports in every format, no text in them run by a spreadsheet program.

    import-export's own get_export_data, the file written by
    tracker.resources.dataset_export instead of the format's export_data.
    """

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = self.get_data_for_export(
            request,
            queryset,
            force_native_type=type(file_format) in BINARY_FORMATS,
            **kwargs,
        )
        data = dataset_export(file_format=file_format, dataset=dataset)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            data = data.encode(encoding)
        return data


class FoldedSearchMixin:
    """Search by code prefix or by name with or without diacritics ("dong vinh" finds Đông Vĩnh)."""

    search_fields = ["code"]  # shows the search box; the lookup itself is below
    search_help_text = _("Tìm theo mã hoặc tên, có dấu hay không dấu.")

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        found = queryset.filter(Q(code__startswith=term) | Q(search_name__contains=fold(term)))
        return found, False


@admin.register(MapEdition)
class MapEditionAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "effective_from"]


@admin.register(Province)
class ProvinceAdmin(
    ReferenceAdminMixin,
    TextKeepingExportMixin,
    ImportExportMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    resource_classes = [ProvinceResource]
    list_display = ["code", "name", "kind", "edition"]
    list_filter = ["edition", "kind"]
    list_select_related = ["edition"]


@admin.register(District)
class DistrictAdmin(
    ReferenceAdminMixin,
    TextKeepingExportMixin,
    ImportExportMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    resource_classes = [DistrictResource]
    list_display = ["code", "name", "kind", "province", "edition"]
    list_filter = ["edition", "kind"]
    list_select_related = ["province", "edition"]
    raw_id_fields = ["province"]


class SuccessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    fields = ["successor", "is_main", "source"]
    raw_id_fields = ["successor"]
    extra = 0
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa (bản đồ sau)")


class PredecessorInline(SuccessorInline):
    fk_name = "successor"
    fields = ["predecessor", "is_main", "source"]
    raw_id_fields = ["predecessor"]
    verbose_name = _("đơn vị tiền thân")
    verbose_name_plural = _("hình thành từ (bản đồ trước)")


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    """Read-only: the succession comes from load_succession, with its source."""

    list_display = ["predecessor", "successor", "is_main", "source"]
    list_filter = ["is_main"]
    list_select_related = ["predecessor", "successor"]
    search_fields = [
        "predecessor__code",
        "predecessor__search_name",
        "successor__code",
        "successor__search_name",
    ]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ward)
class WardAdmin(
    ReferenceAdminMixin,
    TextKeepingExportMixin,
    ImportExportMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    resource_classes = [WardResource]
    list_display = ["code", "name", "kind", "district", "province", "edition"]
    list_filter = ["edition", "kind"]
    list_select_related = ["district", "province", "edition"]
    raw_id_fields = ["province", "district"]
    inlines = [PredecessorInline, SuccessorInline]

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        # The assessment form's autocomplete offers the phường the user may register.
        if request.GET.get("model_name") == "assessment":
            queryset = visible_wards(
                user=request.user, queryset=queryset.filter(kind=WardKind.WARD)
            )
        return queryset, distinct


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["number", "short_title", "group", "responsible_party", "full_text"]
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(ReferenceAdminMixin, TextKeepingExportMixin, ImportExportModelAdmin):
    """Lets the Ministry load the official text of a criteria set from a workbook."""

    resource_classes = [CriterionResource]
    list_display = ["criteria_set", "number", "short_title", "group"]
    list_filter = ["criteria_set"]
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


class ResultForm(forms.ModelForm):
    """Carries the version the user saw, so a concurrent change is not silently overwritten."""

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
        seen = cleaned.get("seen_version")
        if self.edited_fields and seen is not None and seen != self.instance.version:
            raise forms.ValidationError(
                gettext(
                    "Tiêu chí này vừa được người khác thay đổi, giá trị hiện tại là '%(status)s'. "
                    "Hãy tải lại trang rồi sửa lại."
                )
                % {"status": self.instance.get_status_display()},
                code="stale",
            )
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


class ProvinceFilter(admin.SimpleListFilter):
    title = _("tỉnh")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        provinces = visible_provinces(
            user=request.user,
            queryset=Province.objects.filter(wards__assessments__isnull=False)
            .select_related("edition")
            .distinct(),
        )
        return [(p.pk, f"{p.name} ({p.edition.code})") for p in provinces]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if queryset.model is AuditEvent:
            return queryset.filter(province_id=self.value())
        return queryset.filter(ward__province_id=self.value())


@admin.register(Assessment)
class AssessmentAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["ward", "province", "year", "status", "completion", "decision_number"]
    list_filter = [ProvinceFilter, "year", "status"]
    list_select_related = ["ward__province"]
    search_fields = ["ward__code", "ward__search_name"]
    autocomplete_fields = ["ward"]
    inlines = [CriterionResultInline]
    history_list_display = ["status", "decision_number"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                met=Count("results", filter=Q(results__status=ResultStatus.MET)),
                total=Count("results"),
            )
        )

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

    @admin.display(description=_("tỉnh"), ordering="ward__province__name")
    def province(self, obj):
        return obj.ward.province.name

    @admin.display(description=_("hoàn thành"))
    def completion(self, obj):
        return f"{obj.met}/{obj.total}"

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
            )


@admin.register(Target)
class TargetAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["year", "share_min", "share_max"]


@admin.register(ProvinceQuota)
class ProvinceQuotaAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["province", "year", "quota"]
    list_filter = ["year"]
    list_select_related = ["province"]
    raw_id_fields = ["province"]


class UserScopeInline(admin.StackedInline):
    model = UserScope
    can_delete = False
    fields = ["role", "province", "ward"]
    raw_id_fields = ["province", "ward"]
    verbose_name_plural = _("vai trò và phạm vi")


class ScopedUserAdmin(UserAdmin):
    """Accounts with their role and scope; the Ministry's administrators manage them."""

    inlines = [*UserAdmin.inlines, UserScopeInline]
    list_display = ["username", "first_name", "last_name", "role", "is_active", "last_login"]
    list_select_related = ["scope__province", "scope__ward"]

    @admin.display(description=_("vai trò"))
    def role(self, obj):
        scope = getattr(obj, "scope", None)
        return str(scope) if scope else "—"


admin.site.unregister(User)
admin.site.register(User, ScopedUserAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only, for the Ministry's administrators: who did what, where and when."""

    list_display = ["at", "username", "action", "province", "target", "detail", "ip"]
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), ProvinceFilter, "at"]
    list_select_related = ["province"]
    date_hierarchy = "at"
    search_fields = ["username", "target", "detail"]

    def has_module_permission(self, request):
        return user_is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_national_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Workbook import/export admin (template, upload, preview, batches, revert).
from tracker import admin_imports  # noqa: E402, F401
