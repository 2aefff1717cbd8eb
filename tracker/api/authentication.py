"""Authorization: Bearer <token>, for the Web API only (no session, so no CSRF to forge)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from tracker.accounts.permissions import user_scope
from tracker.api.tokens import api_token_find, api_token_used

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Tiêu đề Authorization phải có dạng 'Bearer <mã truy cập>'.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raw = ""
        token = api_token_find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.")
            )
        if user_scope(token.user) is None:
            raise exceptions.PermissionDenied(
                _("Tài khoản của mã này chưa có vai trò và phạm vi nên không dùng được API.")
            )
        api_token_used(token=token, request=request, write=request.method not in SAFE_METHODS)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
