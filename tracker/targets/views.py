"""The Ministry's quota page: each province's quota for a year, linked from the overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.permissions import user_is_national_admin
from tracker.targets.quotas import province_quotas_set, quotas_of
from tracker.units.models import Province
from tracker.web import period_from_request

PAGE_REASON = "Giao trên trang chỉ tiêu"


def _saved_message(year: int, changes) -> str:
    if not changes:
        return _("Chỉ tiêu năm %(year)s không thay đổi.") % {"year": year}
    shown = "; ".join(
        f"{p.name}: {'—' if before is None else before} → {'—' if after is None else after}"
        for p, before, after in changes
    )
    return ngettext(
        "Đã lưu chỉ tiêu năm %(year)s của %(count)s tỉnh: %(changes)s.",
        "Đã lưu chỉ tiêu năm %(year)s của %(count)s tỉnh: %(changes)s.",
        len(changes),
    ) % {"year": year, "count": len(changes), "changes": shown}


@login_required
def quotas(request: HttpRequest) -> HttpResponse:
    """The Ministry's administrators set every province's quota of the year on the year's map."""
    if not user_is_national_admin(request.user):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    period = period_from_request(request)
    provinces = list(Province.objects.filter(edition=period.edition).order_by("code"))
    current = quotas_of(year=period.year, edition=period.edition)
    typed = {
        p.code: "" if current.get(p.pk) is None else str(current[p.pk].quota) for p in provinces
    }
    if request.method == "POST":
        sent = {
            p.code: request.POST[f"quota-{p.code}"]
            for p in provinces
            if f"quota-{p.code}" in request.POST
        }
        typed.update(sent)
        try:
            changes = province_quotas_set(
                edition=period.edition,
                year=period.year,
                quotas=sent,
                user=request.user,
                reason=PAGE_REASON,
            )
        except ValidationError as error:
            messages.error(
                request, _("Chưa lưu chỉ tiêu nào: %(why)s") % {"why": " ".join(error.messages)}
            )
        else:
            messages.success(request, _saved_message(period.year, changes))
            return redirect(f"{reverse('overview')}?year={period.year}{period.map_query}")
    return render(
        request,
        "tracker/quotas.html",
        {**period.context(), "rows": [(p, typed[p.code]) for p in provinces]},
    )
