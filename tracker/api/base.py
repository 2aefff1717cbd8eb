"""What every API view shares: Bearer tokens only, pagination, throttling per token."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, permissions, throttling

from tracker.api.authentication import BearerTokenAuthentication
from tracker.conf import setting


class Pages(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = _("Không có trang này.")
    page_query_description = _("Số trang, từ 1.")
    page_size_query_description = _("Số mục mỗi trang (tối đa 500).")


class TokenThrottle(throttling.SimpleRateThrottle):
    """Requests per token (TRACKER_API_RATE, e.g. "600/min"), counted in the default cache."""

    scope = "token"

    def get_rate(self):
        return setting("TRACKER_API_RATE")

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        ident = f"t{token.pk}" if token is not None else f"ip{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiMixin:
    """Bearer tokens only: no session, so a page's cookie cannot be used to forge a call."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [TokenThrottle]
    pagination_class = Pages
