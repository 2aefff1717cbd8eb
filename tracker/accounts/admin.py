"""The admin of accounts with their role and scope, and the audit trail."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from tracker.accounts.admin_mixins import (
    AuditedAdminMixin,
    NationalAdminOnlyMixin,
    ProvinceFilter,
    ReadOnlyAdminMixin,
)
from tracker.accounts.audit import audit_record
from tracker.accounts.forms import UserScopeForm
from tracker.accounts.models import AuditAction, AuditEvent, UserScope
from tracker.accounts.permissions import user_is_national_admin


class UserScopeInline(admin.StackedInline):
    """Role and scope: the map, then the province and the ward by code or name on it."""

    model = UserScope
    form = UserScopeForm
    can_delete = False
    fields = ["role", "map", "province", "ward"]
    verbose_name_plural = _("vai trò và phạm vi")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("UserScopeForm", (formset.form,), {"user": request.user})
        return formset


class ScopedUserAdmin(UserAdmin):
    """Accounts with their role and scope; the Ministry's administrators manage them."""

    inlines = [*UserAdmin.inlines, UserScopeInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "last_login",
    ]
    # The address the reminders (send_reminders) go to, asked for with the new account.
    add_fieldsets = (
        (
            None,
            {
                **UserAdmin.add_fieldsets[0][1],
                "fields": ("username", "email", *UserAdmin.add_fieldsets[0][1]["fields"][1:]),
            },
        ),
    )
    list_select_related = ["scope__province", "scope__ward"]

    def save_related(self, request, form, formsets, change):
        """A role or scope given or changed here goes into the audit trail, from and to."""
        before = UserScope.objects.filter(user=form.instance).select_related("province", "ward")
        old = before.first()
        old_text = old.scope_text() if old else "—"
        super().save_related(request, form, formsets, change)
        new = before.first()
        new_text = new.scope_text() if new else "—"
        if new_text != old_text:
            audit_record(
                user=request.user,
                action=AuditAction.ACCOUNT,
                province=new.province if new else None,
                target=form.instance.get_username(),
                detail=_("Vai trò và phạm vi: %(old)s → %(new)s (trang quản trị)")
                % {"old": old_text, "new": new_text},
                request=request,
            )

    @admin.display(description=_("vai trò"))
    def role(self, obj):
        scope = getattr(obj, "scope", None)
        return str(scope) if scope else "—"


admin.site.unregister(User)
admin.site.register(User, ScopedUserAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
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


# Log-in throttling (django-axes): the Ministry's administrators list the lock-outs
# (filter "Locked Out") and lift one by deleting its attempt; the lifting is audited.
# Nobody else sees them, whatever Django permissions a group gave.
class LockOutAdmin(NationalAdminOnlyMixin, AuditedAdminMixin, AccessAttemptAdmin):
    deletable = True

    def audit_target(self, obj) -> str:
        return f"{super().audit_target(obj)} ({obj.username}, {obj.ip_address})"


class LoginLogAdmin(NationalAdminOnlyMixin, AccessLogAdmin):
    pass


class LoginFailureLogAdmin(NationalAdminOnlyMixin, AccessFailureLogAdmin):
    pass


for model, model_admin in [
    (AccessAttempt, LockOutAdmin),
    (AccessLog, LoginLogAdmin),
    (AccessFailureLog, LoginFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
