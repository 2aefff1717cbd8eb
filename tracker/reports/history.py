"""A ward's whole change history, page by page (the ward page shows only the latest)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tracker.reports.period import period_from_request, ward_or_404
from tracker.reports.ward import HISTORY_SHOWN, ward_report


@login_required
def ward_history_page(request: HttpRequest, code: str) -> HttpResponse:
    period = period_from_request(request)
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    report = ward_report(ward=unit, year=period.year)
    if report.assessment is None:
        raise Http404
    # get_page: a page number out of range or not a number shows the last or the first page.
    page = Paginator(report.history, HISTORY_SHOWN).get_page(request.GET.get("trang"))
    return render(
        request,
        "tracker/ward_history.html",
        {**period.context(), "report": report, "page": page},
    )
