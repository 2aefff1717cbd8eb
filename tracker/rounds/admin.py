"""The admin of rounds: due dates change through the services, so the history and audit hold."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracker.accounts.admin_mixins import AuditedAdminMixin, NationalAdminEditsMixin
from tracker.accounts.permissions import user_is_manager, user_scope, visible_provinces
from tracker.rounds.models import ProvinceRound, Round
from tracker.rounds.services import (
    province_round_set,
    round_set,
    user_can_set_province_due,
)
from tracker.units.models import Province

ADMIN_REASON = "Cập nhật trong trang quản trị"


class ProvinceRoundInline(admin.TabularInline):
    model = ProvinceRound
    fields = ["province", "due"]
    readonly_fields = ["province", "due"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(NationalAdminEditsMixin, AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "due"]
    inlines = [ProvinceRoundInline]
    # The Ministry's own screen (NationalAdminEditsMixin): the provinces read the national
    # date on their pages.

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = round_set(year=obj.year, due=obj.due, user=request.user, reason=ADMIN_REASON)
        obj.pk, obj._state.adding = saved.pk, False


@admin.register(ProvinceRound)
class ProvinceRoundAdmin(AuditedAdminMixin, SimpleHistoryAdmin):
    list_display = ["province", "round", "due"]
    list_filter = ["round"]
    list_select_related = ["province", "round"]

    def get_queryset(self, request):
        provinces = visible_provinces(user=request.user, queryset=Province.objects.all())
        return super().get_queryset(request).filter(province__in=provinces)

    def _reader(self, request) -> bool:
        scope = user_scope(request.user)
        return scope is not None and not scope.ward_id

    def has_module_permission(self, request):
        return self._reader(request)

    def _visible(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return self._reader(request) and self._visible(request, obj)

    def has_add_permission(self, request):
        return user_is_manager(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return self._visible(request, obj) and user_can_set_province_due(
            user=request.user, province=obj.province
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["round", "province"] if obj else []

    def audit_province(self, obj):
        return obj.province

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = visible_provinces(
                user=request.user, queryset=Province.objects.select_related("edition")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        saved = province_round_set(
            province=obj.province,
            year=obj.round.year,
            due=obj.due,
            user=request.user,
            reason=ADMIN_REASON,
        )
        obj.pk, obj._state.adding = saved.pk, False
