"""The site's URL conf with three pages that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from tracker.urls import handler400, handler403, handler404, urlpatterns  # noqa: F401


def fails(request):
    raise RuntimeError("a bug, on purpose")


def refuses(request):
    raise PermissionDenied("Chỉ Bộ Công an được giao chỉ tiêu cho các tỉnh.")


def suspicious(request):
    raise SuspiciousOperation("Invalid HTTP_HOST header")


urlpatterns = [
    *urlpatterns,
    path("loi/500/", fails),
    path("loi/403/", refuses),
    path("loi/400/", suspicious),
]
