"""The locality template a province downloads, to fill in and import back."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from tracker.accounts.permissions import (
    user_can_manage_province,
)
from tracker.imports.template import template_build, template_file_name, template_scope
from tracker.web import period_from_request, province_or_404, xlsx_response


@login_required
def province_template(request: HttpRequest, code: str) -> HttpResponse:
    """The workbook a province hands out to its localities, to fill in and import back."""
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    if not user_can_manage_province(user=request.user, province=unit):
        raise PermissionDenied
    try:
        scope = template_scope(
            year=period.year,
            province_code=code,
            all_wards=request.GET.get("all") == "1",
            edition=period.edition.code,
        )
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    return xlsx_response(workbook=template_build(scope=scope), file_name=template_file_name(scope))
