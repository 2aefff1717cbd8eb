"""What each role may see and do in the admin, and the audit of every admin write."""

from django.contrib import admin
from django.contrib.admin.options import get_content_type_for_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction, AuditEvent
from tracker.accounts.permissions import (
    MANAGING_ROLES,
    user_is_national_admin,
    user_scope,
    visible_provinces,
    visible_wards,
)
from tracker.units.maps import map_in_force_today
from tracker.units.models import MapEdition, Province


class ReadOnlyAdminMixin:
    """A list nobody adds to, changes or deletes from in the admin: it is written elsewhere."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """Every add, change and delete made in the admin goes into the audit trail too."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # An object outside the user's scope is not found: say 404, not "moved to the index".
        raise Http404

    def _audit(self, request, obj, detail):
        audit_record(
            user=request.user,
            action=AuditAction.ADMIN,
            province=self.audit_province(obj),
            target=self.audit_target(obj),
            detail=detail,
            request=request,
        )

    def audit_target(self, obj) -> str:
        return f"{get_content_type_for_model(obj).name}: {obj}"

    def audit_province(self, obj):
        return None

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "thêm")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if message:  # a save that changed nothing is not a change
            self._audit(request, obj, "sửa")
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "xoá")
        return super().log_deletions(request, queryset)


class NationalAdminEditsMixin:
    """The Ministry's administrators' own screen: only they see it, add to it and change it;
    `deletable` lets them delete too. Everyone else reads the result on the pages."""

    deletable = False

    def has_module_permission(self, request):
        return user_is_national_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_national_admin(request.user)

    def has_add_permission(self, request, *args):
        return user_is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.deletable and user_is_national_admin(request.user)


class NationalAdminOnlyMixin(NationalAdminEditsMixin):
    """Seen by the Ministry's administrators only, whatever Django permissions others were given.

    `deletable` lets them delete rows too (lifting a log-in lock-out); nothing is added or
    changed here.
    """

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReferenceAdminMixin(AuditedAdminMixin):
    """Reference data (map, criteria, targets): every account reads it, the Ministry writes it."""

    def has_module_permission(self, request):
        return user_scope(request.user) is not None

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user) is not None

    def has_add_permission(self, request, *args):
        return user_is_national_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_national_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return user_is_national_admin(request.user)

    def has_import_permission(self, request):
        return user_is_national_admin(request.user)

    def has_export_permission(self, request):
        return user_scope(request.user) is not None


class ScopedAdminMixin(AuditedAdminMixin):
    """Programme data: an account sees its scope's rows, writers change them, the Ministry deletes.

    `ward_path` leads from the model to its Ward ("ward__" for an assessment).
    """

    ward_path = "ward__"
    adders = MANAGING_ROLES

    def get_queryset(self, request):
        return visible_wards(
            user=request.user, queryset=super().get_queryset(request), prefix=self.ward_path
        )

    def _visible(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return user_scope(request.user) is not None

    def has_view_permission(self, request, obj=None):
        return user_scope(request.user) is not None and self._visible(request, obj)

    def has_add_permission(self, request, *args):
        scope = user_scope(request.user)
        return scope is not None and scope.role in self.adders

    def has_change_permission(self, request, obj=None):
        scope = user_scope(request.user)
        return scope is not None and not scope.read_only and self._visible(request, obj)

    def has_delete_permission(self, request, obj=None):
        return user_is_national_admin(request.user) and self._visible(request, obj)

    def has_export_permission(self, request):
        return user_scope(request.user) is not None

    def audit_province(self, obj):
        ward = obj
        for step in filter(None, self.ward_path.split("__")):
            ward = getattr(ward, step)
        return ward.province


class MapFilter(admin.SimpleListFilter):
    """A list of units shows one map: the one chosen here, else the one in force today.

    No "every map": a code means another unit on another map. `edition_path` leads from
    the listed model to its map's code.
    """

    title = _("bản đồ")
    parameter_name = "map"
    edition_path = "edition__code"

    def lookups(self, request, model_admin):
        return [
            (e.code, f"{e.code} – {e.name}") for e in MapEdition.objects.order_by("-effective_from")
        ]

    def value(self):
        if not hasattr(self, "_shown"):
            self._shown = super().value() or shown_map_code(None)
        return self._shown

    def choices(self, changelist):
        for code, title in self.lookup_choices:
            yield {
                "selected": self.value() == code,
                "query_string": changelist.get_query_string({self.parameter_name: code}),
                "display": title,
            }

    def queryset(self, request, queryset):
        code = self.value()
        return queryset.filter(**{self.edition_path: code}) if code else queryset


class WardMapFilter(MapFilter):
    edition_path = "ward__edition__code"


def shown_map_code(request) -> str | None:
    """The map a list shows: ?map= when given, else the one in force today."""
    code = request.GET.get(MapFilter.parameter_name) if request is not None else None
    if code:
        return code
    today = map_in_force_today()
    return today.code if today else None


class ProvinceFilter(admin.SimpleListFilter):
    """The provinces of the map shown (MapFilter, else the one in force today) that the user
    sees, by code: "40 – Nghệ An"; a province is matched by code, as the scopes are."""

    title = _("tỉnh")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        provinces = visible_provinces(
            user=request.user,
            queryset=Province.objects.filter(edition__code=shown_map_code(request)),
        )
        return list(provinces.order_by("code").values_list("code", "name").distinct())

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if queryset.model is AuditEvent:
            return queryset.filter(province__code=self.value())
        return queryset.filter(ward__province__code=self.value())
