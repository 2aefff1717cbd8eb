"""Tokens in the admin: listed (never their secret) and revoked; made on the account page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.accounts.permissions import user_is_national_admin
from tracker.api.models import ApiToken
from tracker.api.tokens import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The Ministry's administrators see every token and revoke any of them."""

    list_display = [
        "name",
        "prefix",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "use_count",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "digest"]
    exclude = ["digest"]
    actions = ["revoke"]

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

    @admin.action(description=gettext_lazy("Thu hồi các mã đã chọn"))
    def revoke(self, request, queryset):
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                api_token_revoke(token=token, user=request.user, request=request)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                text = " ".join(getattr(exc, "messages", [str(exc)]))
                self.message_user(request, text, messages.ERROR)
        self.message_user(request, _("Đã thu hồi %(n)s mã.") % {"n": done}, messages.SUCCESS)
