"""The admin of national targets and provincial quotas."""

from django.contrib import admin

from tracker.accounts.admin_mixins import ReferenceAdminMixin
from tracker.targets.models import ProvinceQuota, Target


@admin.register(Target)
class TargetAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["year", "share_min", "share_max"]


@admin.register(ProvinceQuota)
class ProvinceQuotaAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ["province", "year", "quota"]
    list_filter = ["year"]
    list_select_related = ["province"]
    raw_id_fields = ["province"]
