"""Report pages: the national overview, a province, a criterion, a ward's history, workbooks."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tracker.accounts.permissions import (
    user_can_manage_province,
    user_is_national,
    user_is_national_admin,
    user_scope,
)
from tracker.criteria.models import Criterion
from tracker.documents.render import pdf_available
from tracker.reports.charts import criterion_completion_chart, yearly_progress_chart
from tracker.reports.criterion import criterion_predecessor_results, criterion_report
from tracker.reports.figures import figure_distributions
from tracker.reports.kept import (
    everything,
    kept,
    national_rows,
    province_depends,
    report_cache_context,
    scope_prefetch,
    shared_depends,
    today_key,
)
from tracker.reports.matrix import MatrixFilter, matrix_view
from tracker.reports.national import national_overview
from tracker.reports.province import province_report, status_legend
from tracker.reports.ward import HISTORY_SHOWN, ward_report
from tracker.reports.workbooks import overview_workbook, province_workbook
from tracker.rounds.completeness import round_dues
from tracker.rounds.services import user_can_set_province_due
from tracker.web import (
    my_ward,
    period_from_request,
    province_or_404,
    ward_or_404,
    workbook_name,
    xlsx_response,
)

# Sortable columns of the overview, in page order; the keys are those of OVERVIEW_SORTS.
OVERVIEW_COLUMNS = [
    ("code", gettext_lazy("Mã")),
    ("name", gettext_lazy("Tỉnh, thành phố")),
    ("wards", gettext_lazy("Số phường")),
    ("registered", gettext_lazy("Đăng ký")),
    ("meeting_all", gettext_lazy("Đạt đủ tiêu chí")),
    ("recognized", gettext_lazy("Đã công nhận")),
    ("quota", gettext_lazy("Chỉ tiêu của Bộ")),
    ("share", gettext_lazy("Tỉ lệ đăng ký")),
    ("recognized_share", gettext_lazy("Tỉ lệ công nhận")),
]


def _overview_columns(sort: str) -> list[dict]:
    current, descending = sort.removeprefix("-"), sort.startswith("-")
    return [
        {
            "label": label,
            # A second click on the sorted column reverses it.
            "sort": f"-{key}" if key == current and not descending else key,
            "aria": ("descending" if descending else "ascending") if key == current else None,
        }
        for key, label in OVERVIEW_COLUMNS
    ]


def _due_form(allowed: bool, name: str, current) -> dict:
    """The due date form of a report page, outside its kept copy: read only for who may set it.

    current() gives the date set, or None."""
    if not allowed:
        return {}
    return {"can_set_due": True, name: current()}


def home_page(request: HttpRequest) -> str | None:
    """Where an account limited to a province or a ward starts: its own page.

    A ward account's is its ward in the year shown (tracker.web.my_ward): its own on its
    own map, its main successor on a later map; the ward page says which.
    """
    scope = user_scope(request.user)
    if scope is None:
        raise PermissionDenied(_("Tài khoản chưa được gán vai trò và phạm vi."))
    if scope.ward_id:
        period = period_from_request(request)
        url, _ward = my_ward(
            request, year=period.year, edition=period.edition, map_query=period.map_query
        )
        return url
    if not scope.national:
        home = reverse("province", args=[scope.province.code])
        return f"{home}?{request.GET.urlencode()}" if request.GET else home
    return None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    scope_prefetch(request)
    home = home_page(request)
    if home is not None:
        return redirect(home)
    period = period_from_request(request)
    sort = request.GET.get("sort", "code")
    # Computed only if the page's kept copy is missing or older than the data, and then
    # from the kept rows of the provinces whose data did not change.
    report = SimpleLazyObject(
        lambda: national_overview(
            year=period.year,
            edition=period.edition,
            sort=sort,
            provinces=national_rows(request, year=period.year, edition=period.edition),
        )
    )
    return render(
        request,
        "tracker/overview.html",
        {
            **period.context(),
            **report_cache_context(request, lambda: everything(request)),
            "sort": sort,
            "report": report,
            "figures": SimpleLazyObject(
                lambda: figure_distributions(year=period.year, edition=period.edition.code)
            ),
            "columns": SimpleLazyObject(lambda: _overview_columns(report.sort)),
            "years_chart": SimpleLazyObject(
                lambda: yearly_progress_chart(
                    yearly=report.trend.country,
                    targets=report.targets,
                    wards_total=report.totals.wards_total,
                )
            ),
            "keep": SimpleLazyObject(lambda: [("sort", report.sort)]),
            **_due_form(
                user_is_national_admin(request.user),
                "round_due",
                lambda: kept(
                    request,
                    f"round:{period.year}",
                    # The round's figures read the same dates (tracker.request_memo).
                    lambda: round_dues(period.year)[0],
                    shared_depends,
                ),
            ),
            # The recognition decision is the Ministry's to write.
            "can_decide": user_is_national_admin(request.user),
        },
    )


@login_required
def overview_export(request: HttpRequest) -> HttpResponse:
    if not user_is_national(request.user):
        raise PermissionDenied
    period = period_from_request(request)
    report = national_overview(
        year=period.year, edition=period.edition, sort=request.GET.get("sort", "code")
    )
    return xlsx_response(
        workbook=overview_workbook(
            overview=report,
            distributions=figure_distributions(year=period.year, edition=period.edition.code),
        ),
        file_name=workbook_name("toan-quoc", period),
    )


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user, request=request)
    # The page reads the province's data on every map (its due date is kept by code).

    def depends(request) -> str:
        return province_depends(request, unit.code)

    # Computed only if the page's kept copy is missing or older than the data; kept itself,
    # so that another filter of the rows (tracker.reports.matrix) reads no query again. Per
    # language: its cells and statuses carry their labels translated.
    report = SimpleLazyObject(
        lambda: kept(
            request,
            f"province-report:{unit.pk}:{period.year}:{today_key()}:{get_language()}",
            lambda: province_report(province=unit, year=period.year),
            depends,
        )
    )
    matrix_filter = MatrixFilter.from_query(request.GET)
    matrix = SimpleLazyObject(
        lambda: matrix_view(
            report, matrix_filter, base_query=f"year={period.year}{period.map_query}"
        )
    )
    charts = SimpleLazyObject(
        lambda: {
            "criteria": criterion_completion_chart(completion=report.completion),
            "years": yearly_progress_chart(
                yearly=report.yearly,
                targets=report.targets,
                wards_total=report.progress.wards_total,
            ),
        }
    )
    return render(
        request,
        "tracker/province.html",
        {
            **period.context(),
            **report_cache_context(request, lambda: depends(request)),
            "province": unit,
            "report": report,
            "matrix": matrix,
            "matrix_key": matrix_filter.key,
            "figures": SimpleLazyObject(
                lambda: figure_distributions(year=period.year, province=unit)
            ),
            "charts": charts,
            "legend": status_legend(),
            "can_import": user_can_manage_province(user=request.user, province=unit),
            **_due_form(
                user_can_set_province_due(user=request.user, province=unit),
                "province_due",
                lambda: kept(
                    request,
                    f"province-round:{unit.code}:{period.year}",
                    # The province's own date, by its code; the round's figures read the
                    # same dates (tracker.request_memo).
                    lambda: round_dues(period.year)[1].get(unit.code),
                    depends,
                ),
            ),
            "pdf_available": pdf_available(),
        },
    )


@login_required
def province_export(request: HttpRequest, code: str) -> HttpResponse:
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    report = province_report(province=unit, year=period.year)
    return xlsx_response(
        workbook=province_workbook(
            report=report, distributions=figure_distributions(year=period.year, province=unit)
        ),
        file_name=workbook_name(f"tinh-{code}", period),
    )


@login_required
def criterion(request: HttpRequest, pk: int) -> HttpResponse:
    period = period_from_request(request)
    item = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=pk)
    code = request.GET.get("tinh")
    scope = province_or_404(edition=period.edition, code=code, user=request.user) if code else None
    if scope is None and not user_is_national(request.user):
        raise PermissionDenied
    report = criterion_report(
        criterion=item, year=period.year, edition=period.edition, province=scope
    )
    # On a later map: the new phường's predecessors and their result on this criterion.
    predecessors = (
        criterion_predecessor_results(
            criterion=item, year=period.year, edition=period.edition, province=scope
        )
        if period.previous_edition is not None
        else None
    )
    return render(
        request,
        "tracker/criterion.html",
        {
            **period.context(),
            "report": report,
            "predecessors": predecessors,
            "previous_map": period.previous_edition,
            "keep": [("tinh", scope.code)] if scope else [],
        },
    )


# A ward's whole change history, page by page (the ward page shows only the latest).
@login_required
def ward_history_page(request: HttpRequest, code: str) -> HttpResponse:
    period = period_from_request(request)
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    report = ward_report(ward=unit, year=period.year)
    if report.assessment is None:
        raise Http404(
            _("%(ward)s chưa đăng ký năm %(year)s: chưa có lịch sử thay đổi.")
            % {"ward": unit.name, "year": period.year}
        )
    # get_page: a page number out of range or not a number shows the last or the first page.
    page = Paginator(report.history, HISTORY_SHOWN).get_page(request.GET.get("trang"))
    return render(
        request,
        "tracker/ward_history.html",
        {**period.context(), "report": report, "page": page},
    )
