"""Report pages and status entry. Thin: selectors compute, services write, templates show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tracker.charts import criterion_completion_chart, yearly_progress_chart
from tracker.exporting.reports import overview_workbook, province_workbook, workbook_bytes
from tracker.exporting.template import template_build, template_file_name, template_scope
from tracker.forms import CriterionResultFormSet
from tracker.models import Assessment, Criterion, MapEdition, Province, Ward
from tracker.permissions import (
    user_can_edit_assessment,
    user_can_import,
    user_can_view_province,
    user_can_view_ward,
    user_is_national,
    user_scope,
    workflow_steps,
)
from tracker.selectors.progress import edition_for_year, programme_years
from tracker.selectors.reports import (
    criterion_report,
    national_overview,
    province_report,
    status_legend,
    ward_report,
)
from tracker.services.workflow import (
    assessment_forward,
    assessment_propose,
    assessment_recognize,
    assessment_refuse,
    assessment_return,
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
    home = _home(request.user)
    if home is not None:
        return redirect(f"{home}?{request.GET.urlencode()}" if request.GET else home)
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
    if not user_is_national(request.user):
        raise PermissionDenied
    year, _years, edition = _programme_year(request)
    report = national_overview(year=year, edition=edition, sort=request.GET.get("sort", "code"))
    return _xlsx(workbook=overview_workbook(overview=report), file_name=f"toan-quoc-{year}.xlsx")


def _province(*, edition: MapEdition, code: str, user) -> Province:
    found = get_object_or_404(
        Province.objects.select_related("edition"), edition=edition, code=code
    )
    if not user_can_view_province(user=user, province=found):
        raise PermissionDenied
    return found


def _home(user) -> str | None:
    """Where an account limited to a province or a ward starts: its own page."""
    scope = user_scope(user)
    if scope is None:
        raise PermissionDenied(_("Tài khoản chưa được gán vai trò và phạm vi."))
    if scope.ward_id:
        return reverse("ward", args=[scope.ward.code])
    if not scope.national:
        return reverse("province", args=[scope.province.code])
    return None


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    year, years, edition = _programme_year(request)
    unit = _province(edition=edition, code=code, user=request.user)
    report = province_report(province=unit, year=year)
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
            "can_import": user_can_import(user=request.user, province=unit),
        },
    )


@login_required
def province_export(request: HttpRequest, code: str) -> HttpResponse:
    year, _years, edition = _programme_year(request)
    unit = _province(edition=edition, code=code, user=request.user)
    report = province_report(province=unit, year=year)
    return _xlsx(workbook=province_workbook(report=report), file_name=f"tinh-{code}-{year}.xlsx")


@login_required
def province_template(request: HttpRequest, code: str) -> HttpResponse:
    """The workbook a province hands out to its localities, to fill in and import back."""
    year, _years, edition = _programme_year(request)
    unit = _province(edition=edition, code=code, user=request.user)
    if not user_can_import(user=request.user, province=unit):
        raise PermissionDenied
    try:
        scope = template_scope(
            year=year, province_code=code, all_wards=request.GET.get("all") == "1"
        )
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    return _xlsx(workbook=template_build(scope=scope), file_name=template_file_name(scope))


@login_required
def ward(request: HttpRequest, code: str) -> HttpResponse:
    year, years, edition = _programme_year(request)
    unit = get_object_or_404(
        Ward.objects.select_related("province", "district"), edition=edition, code=code
    )
    if not user_can_view_ward(user=request.user, ward=unit):
        raise PermissionDenied
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
            "steps": workflow_steps(user=request.user, assessment=report.assessment)
            if report.assessment
            else [],
        },
    )


WORKFLOW_STEPS = {
    "propose": lambda a, u, post: assessment_propose(assessment=a, user=u),
    "forward": lambda a, u, post: assessment_forward(assessment=a, user=u),
    "return": lambda a, u, post: assessment_return(assessment=a, user=u, reason=post.get("reason")),
    "refuse": lambda a, u, post: assessment_refuse(assessment=a, user=u, reason=post.get("reason")),
    "recognize": lambda a, u, post: assessment_recognize(
        assessment=a,
        user=u,
        decision_number=post.get("decision_number", ""),
        decision_date=parse_date(post.get("decision_date") or "") or None,
    ),
}


@login_required
def ward_workflow(request: HttpRequest, code: str) -> HttpResponse:
    """One step of the recognition workflow; the service checks the role and preconditions."""
    year, _years, edition = _programme_year(request)
    unit = get_object_or_404(Ward, edition=edition, code=code)
    if not user_can_view_ward(user=request.user, ward=unit):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assessment = get_object_or_404(Assessment, ward=unit, year=year)
    step = WORKFLOW_STEPS.get(request.POST.get("step", ""))
    if step is None:
        raise Http404(_("Không có bước này."))
    try:
        done = step(assessment, request.user, request.POST)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã ghi: %(ward)s – %(status)s.")
            % {"ward": unit.name, "status": done.get_status_display()},
        )
    return redirect(f"{reverse('ward', args=[code])}?year={year}")


@login_required
def criterion(request: HttpRequest, pk: int) -> HttpResponse:
    year, years, edition = _programme_year(request)
    item = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=pk)
    code = request.GET.get("tinh")
    scope = _province(edition=edition, code=code, user=request.user) if code else None
    if scope is None and not user_is_national(request.user):
        raise PermissionDenied
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
