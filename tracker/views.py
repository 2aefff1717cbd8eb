"""Report pages and status entry. Thin: selectors compute, services write, templates show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tracker.charts import criterion_completion_chart, yearly_progress_chart
from tracker.exporting.reports import overview_workbook, province_workbook, workbook_bytes
from tracker.forms import CriterionResultFormSet
from tracker.models import Criterion, MapEdition, Province, Ward
from tracker.permissions import user_can_edit_assessment
from tracker.selectors.progress import edition_for_year, programme_years
from tracker.selectors.reports import (
    criterion_report,
    national_overview,
    province_report,
    status_legend,
    ward_report,
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme_year(request: HttpRequest) -> tuple[int, list[int], MapEdition]:
    """The year of ?year= (the latest programme year by default), the years, and its map."""
    years = programme_years()
    if not years:
        raise Http404(_("Chưa có dữ liệu chương trình nào."))
    raw = request.GET.get("year")
    try:
        year = years[-1] if raw is None else int(raw)
    except ValueError:
        raise Http404(_("Năm không hợp lệ.")) from None
    if year not in years:
        raise Http404(_("Năm %(year)s không có dữ liệu chương trình.") % {"year": year})
    edition = edition_for_year(year)
    if edition is None:
        raise Http404(_("Chưa nạp bản đồ hành chính cho năm %(year)s.") % {"year": year})
    return year, years, edition


def _xlsx(*, workbook, file_name: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook=workbook), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    year, years, edition = _programme_year(request)
    report = national_overview(year=year, edition=edition, sort=request.GET.get("sort", "code"))
    current, descending = report.sort.removeprefix("-"), report.sort.startswith("-")
    columns = [
        {
            "label": label,
            # A second click on the sorted column reverses it.
            "sort": f"-{key}" if key == current and not descending else key,
            "aria": ("descending" if descending else "ascending") if key == current else None,
        }
        for key, label in OVERVIEW_COLUMNS
    ]
    return render(
        request,
        "tracker/overview.html",
        {
            "year": year,
            "years": years,
            "report": report,
            "columns": columns,
            "keep": [("sort", report.sort)],
        },
    )


@login_required
def overview_export(request: HttpRequest) -> HttpResponse:
    year, _years, edition = _programme_year(request)
    report = national_overview(year=year, edition=edition, sort=request.GET.get("sort", "code"))
    return _xlsx(workbook=overview_workbook(overview=report), file_name=f"toan-quoc-{year}.xlsx")


def _province(*, edition: MapEdition, code: str) -> Province:
    return get_object_or_404(Province.objects.select_related("edition"), edition=edition, code=code)


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    year, years, edition = _programme_year(request)
    report = province_report(province=_province(edition=edition, code=code), year=year)
    charts = {
        "criteria": criterion_completion_chart(completion=report.completion),
        "years": yearly_progress_chart(
            yearly=report.yearly, targets=report.targets, wards_total=report.progress.wards_total
        ),
    }
    return render(
        request,
        "tracker/province.html",
        {
            "year": year,
            "years": years,
            "report": report,
            "charts": charts,
            "legend": status_legend(),
        },
    )


@login_required
def province_export(request: HttpRequest, code: str) -> HttpResponse:
    year, _years, edition = _programme_year(request)
    report = province_report(province=_province(edition=edition, code=code), year=year)
    return _xlsx(workbook=province_workbook(report=report), file_name=f"tinh-{code}-{year}.xlsx")


@login_required
def ward(request: HttpRequest, code: str) -> HttpResponse:
    year, years, edition = _programme_year(request)
    unit = get_object_or_404(
        Ward.objects.select_related("province", "district"), edition=edition, code=code
    )
    report = ward_report(ward=unit, year=year)
    can_edit = report.assessment is not None and user_can_edit_assessment(
        user=request.user, assessment=report.assessment
    )
    formset = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        formset = CriterionResultFormSet(request.POST, results=report.results)
        if formset.is_valid():
            changed = formset.save(user=request.user)
            if changed is not None:
                messages.success(
                    request,
                    ngettext("Đã lưu %(count)s thay đổi.", "Đã lưu %(count)s thay đổi.", changed)
                    % {"count": changed},
                )
                return redirect(f"{reverse('ward', args=[code])}?year={year}")
        messages.error(request, _("Chưa lưu gì: hãy sửa các lỗi được đánh dấu bên dưới."))
    elif can_edit:
        formset = CriterionResultFormSet(results=report.results)
    forms = formset.forms if formset else [None] * len(report.results)
    return render(
        request,
        "tracker/ward.html",
        {
            "year": year,
            "years": years,
            "report": report,
            "formset": formset,
            "rows": list(zip(report.results, forms, strict=True)),
        },
    )


@login_required
def criterion(request: HttpRequest, pk: int) -> HttpResponse:
    year, years, edition = _programme_year(request)
    item = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=pk)
    code = request.GET.get("tinh")
    scope = _province(edition=edition, code=code) if code else None
    report = criterion_report(criterion=item, year=year, edition=edition, province=scope)
    return render(
        request,
        "tracker/criterion.html",
        {
            "year": year,
            "years": years,
            "report": report,
            "keep": [("tinh", scope.code)] if scope else [],
        },
    )
