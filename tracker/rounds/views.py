"""The work list page, and the forms that set a round's due dates on the report pages."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from tracker.accounts.permissions import user_is_national_admin, user_scope
from tracker.reports.kept import work_count as kept_work_count
from tracker.rounds.services import province_round_set, round_set
from tracker.rounds.worklist import work_list
from tracker.web import period_from_request, province_or_404

PAGE_REASON = "Cập nhật trên trang báo cáo"


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """Every user's home page: what waits for them, each entry a link to where it is done.

    A viewer has nothing to do: it starts at the reports, as before.
    """
    scope = user_scope(request.user)
    if scope is None or scope.read_only:
        return redirect("overview")
    # Kept on the request, so the navigation bar's count does not read it again.
    request.work_list = work_list(request.user)
    return render(request, "tracker/worklist.html", {"work": request.work_list})


def _due(request: HttpRequest) -> tuple[int | None, datetime.date | None]:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    try:
        due = datetime.date.fromisoformat(request.POST.get("due", ""))
    except ValueError:
        due = None
    return year, due


def _refused(request, error, what: str) -> None:
    why = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, _("Chưa lưu %(what)s: %(why)s") % {"what": what, "why": why})


@login_required
def round_due(request: HttpRequest) -> HttpResponse:
    """The Ministry sets the national due date from the overview page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not user_is_national_admin(request.user):
        raise PermissionDenied
    year, due = _due(request)
    if year is None or due is None:
        messages.error(request, _("Chưa lưu hạn: cần năm và một ngày hợp lệ (ngày/tháng/năm)."))
        return redirect("overview")
    try:
        saved = round_set(year=year, due=due, user=request.user, reason=PAGE_REASON)
    except ValidationError as error:
        _refused(request, error, _("hạn các tỉnh gửi đề nghị về Bộ năm %(year)s") % {"year": year})
    else:
        messages.success(
            request,
            _("Đã lưu hạn các tỉnh gửi đề nghị về Bộ năm %(year)s: %(due)s.")
            % {"year": year, "due": f"{saved.due:%d/%m/%Y}"},
        )
    return redirect(f"{reverse('overview')}?year={year}")


@login_required
def province_due(request: HttpRequest, code: str) -> HttpResponse:
    """A province (or the Ministry) sets its wards' due date from the province page."""
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    year, due = _due(request)
    back = f"{reverse('province', args=[code])}?year={period.year}{period.map_query}"
    if year is None or due is None:
        messages.error(request, _("Chưa lưu hạn: cần năm và một ngày hợp lệ (ngày/tháng/năm)."))
        return redirect(back)
    try:
        saved = province_round_set(
            province=unit, year=year, due=due, user=request.user, reason=PAGE_REASON
        )
    except ValidationError as error:
        _refused(
            request,
            error,
            _("hạn các phường của %(province)s năm %(year)s")
            % {"province": unit.name, "year": year},
        )
    else:
        messages.success(
            request,
            _("Đã lưu hạn các phường của %(province)s hoàn thành đánh giá năm %(year)s: %(due)s.")
            % {"province": unit.name, "year": year, "due": f"{saved.due:%d/%m/%Y}"},
        )
    return redirect(back)


def work_count(request: HttpRequest) -> dict:
    """Context processor: the navigation bar's count, read only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Kept under the data versions the list reads (tracker.reports.kept), unless the page
    # is the work list itself.
    return {
        "work_count": SimpleLazyObject(
            lambda: (
                request.work_list.count
                if getattr(request, "work_list", None) is not None
                else kept_work_count(request)
            )
        )
    }
