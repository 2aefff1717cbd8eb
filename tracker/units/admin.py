"""The admin of map editions, units and their succession: reference data, kept by the Ministry."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from tracker.accounts.admin_mixins import MapFilter, ReadOnlyAdminMixin, ReferenceAdminMixin
from tracker.accounts.permissions import visible_wards
from tracker.spreadsheets.resources import (
    DistrictResource,
    ProvinceResource,
    TextKeepingExportMixin,
    WardResource,
)
from tracker.text import fold
from tracker.units.models import District, MapEdition, Province, UnitSuccession, Ward, WardKind


class UnitNameMixin:
    """The name column sorts in Vietnamese alphabetical order, the kind left out."""

    @admin.display(description=_("tên"), ordering="sort_name")
    def unit_name(self, obj):
        return obj.name


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
    UnitNameMixin,
    ReferenceAdminMixin,
    TextKeepingExportMixin,
    ImportExportMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    resource_classes = [ProvinceResource]
    list_display = ["code", "unit_name", "kind", "edition"]
    list_filter = [MapFilter, "kind"]
    list_select_related = ["edition"]


@admin.register(District)
class DistrictAdmin(
    UnitNameMixin,
    ReferenceAdminMixin,
    TextKeepingExportMixin,
    ImportExportMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    resource_classes = [DistrictResource]
    list_display = ["code", "unit_name", "kind", "province", "edition"]
    list_filter = [MapFilter, "kind"]
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
class UnitSuccessionAdmin(ReadOnlyAdminMixin, ReferenceAdminMixin, admin.ModelAdmin):
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


@admin.register(Ward)
class WardAdmin(
    UnitNameMixin,
    ReferenceAdminMixin,
    TextKeepingExportMixin,
    ImportExportMixin,
    FoldedSearchMixin,
    admin.ModelAdmin,
):
    resource_classes = [WardResource]
    list_display = ["code", "unit_name", "kind", "district", "province", "edition"]
    list_filter = [MapFilter, "kind"]
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
