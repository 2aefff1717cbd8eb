"""Report pages and status entry. Thin: selectors compute, services write, templates show."""

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tracker.charts import criterion_completion_chart, yearly_progress_chart
from tracker.conf import setting
from tracker.data_version import data_version
from tracker.exporting.reports import overview_workbook, province_workbook, workbook_bytes
from tracker.exporting.template import template_build, template_file_name, template_scope
from tracker.forms import CriterionResultFormSet
from tracker.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    MapEdition,
    Province,
    ResultStatus,
    Ward,
    WardKind,
)
from tracker.permissions import (
    user_can_edit_assessment,
    user_can_import,
    user_can_view_province,
    user_can_view_ward,
    user_is_national,
    user_scope,
    workflow_steps,
)
from tracker.selectors.progress import programme_years
from tracker.selectors.reports import (
    criterion_predecessor_results,
    criterion_report,
    national_overview,
    province_report,
    status_legend,
    ward_report,
)
from tracker.selectors.succession import (
    ward_predecessor_years,
    ward_predecessors_with_assessments,
)
from tracker.services.carry_over import (
    CarryOverProposal,
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
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


@dataclass(frozen=True)
class Period:
    """The year and the map a report page shows: ?year= and ?map=."""

    year: int
    years: list[int]
    edition: MapEdition
    editions: list[MapEdition]
    # The map was chosen with ?map=, not derived from the year: links carry it on.
    chosen: bool

    @property
    def map_query(self) -> str:
        """What links append after ?year=: empty on the year's own map unless it was chosen."""
        return f"&map={self.edition.code}" if self.chosen else ""

    @property
    def previous_edition(self) -> MapEdition | None:
        """The map before this one: where a new ward's predecessors are."""
        index = self.editions.index(self.edition)
        return self.editions[index - 1] if index else None

    @property
    def first_year(self) -> int:
        """The first programme year a unit of this map can be registered for."""
        return self.edition.effective_from.year

    def context(self) -> dict:
        return {
            "year": self.year,
            "years": self.years,
            "edition": self.edition,
            "maps": self.editions,
            "map_chosen": self.edition.code if self.chosen else "",
            "map_qs": self.map_query,
        }


def _programme_year(request: HttpRequest) -> Period:
    """The year of ?year= (the latest programme year by default), the years, and the map.

    The map is ?map= when given, else the one in force at the start of the year. One query
    reads every map, which also gives the one in force.
    """
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
    editions = list(MapEdition.objects.order_by("effective_from"))
    code = request.GET.get("map") or ""
    if code:
        edition = next((e for e in editions if e.code == code), None)
        if edition is None:
            raise Http404(_("Không có bản đồ hành chính %(map)s.") % {"map": code})
    else:
        start = datetime.date(year, 1, 1)
        in_force = [e for e in editions if e.effective_from <= start]
        edition = in_force[-1] if in_force else None
        if edition is None:
            raise Http404(_("Chưa nạp bản đồ hành chính cho năm %(year)s.") % {"year": year})
    return Period(year, years, edition, editions, chosen=bool(code))


def _report_cache() -> dict:
    """What a report page's {% cache %} block is keyed by: the data version, and how long it keeps.

    The version changes with every committed write, so a kept page is never
    older than the data. Nothing is kept before the first write (no version
    yet) or from inside a transaction, whose data may still be rolled back.
    """
    version = data_version()
    seconds = setting("TRACKER_REPORT_CACHE_SECONDS")
    if version is None or connection.in_atomic_block:
        seconds = 0
    return {"cache_seconds": seconds, "data_version": version or ""}


def _xlsx(*, workbook, file_name: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook=workbook), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


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


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    home = _home(request.user)
    if home is not None:
        return redirect(f"{home}?{request.GET.urlencode()}" if request.GET else home)
    period = _programme_year(request)
    sort = request.GET.get("sort", "code")
    # Computed only if the page's cached copy is missing or older than the data.
    report = SimpleLazyObject(
        lambda: national_overview(year=period.year, edition=period.edition, sort=sort)
    )
    return render(
        request,
        "tracker/overview.html",
        {
            **period.context(),
            **_report_cache(),
            "sort": sort,
            "report": report,
            "columns": SimpleLazyObject(lambda: _overview_columns(report.sort)),
            "keep": SimpleLazyObject(lambda: [("sort", report.sort)]),
        },
    )


def _workbook_name(stem: str, period: Period) -> str:
    """The file name of a report workbook; a map chosen with ?map= is named in it."""
    if period.chosen:
        return f"{stem}-{period.year}-ban-do-{period.edition.code}.xlsx"
    return f"{stem}-{period.year}.xlsx"


@login_required
def overview_export(request: HttpRequest) -> HttpResponse:
    if not user_is_national(request.user):
        raise PermissionDenied
    period = _programme_year(request)
    report = national_overview(
        year=period.year, edition=period.edition, sort=request.GET.get("sort", "code")
    )
    return _xlsx(
        workbook=overview_workbook(overview=report), file_name=_workbook_name("toan-quoc", period)
    )


def _province(*, edition: MapEdition, code: str, user) -> Province:
    found = Province.objects.select_related("edition").filter(edition=edition, code=code).first()
    if found is None:
        # Provinces merged on 1 July 2025: an old code may not exist on the new map.
        raise Http404(
            _("Không có tỉnh mã %(code)s trên %(map)s.") % {"code": code, "map": edition.name}
        )
    if not user_can_view_province(user=user, province=found):
        raise PermissionDenied
    return found


def _ward(*, edition: MapEdition, code: str, user) -> Ward:
    found = (
        Ward.objects.select_related("province", "district")
        .filter(edition=edition, code=code)
        .first()
    )
    if found is None:
        raise Http404(
            _("Không có đơn vị cấp xã mã %(code)s trên %(map)s.")
            % {"code": code, "map": edition.name}
        )
    if not user_can_view_ward(user=user, ward=found):
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
    period = _programme_year(request)
    unit = _province(edition=period.edition, code=code, user=request.user)
    # Computed only if the page's cached copy is missing or older than the data.
    report = SimpleLazyObject(lambda: province_report(province=unit, year=period.year))
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
            **_report_cache(),
            "province": unit,
            "report": report,
            "charts": charts,
            "legend": status_legend(),
            "can_import": user_can_import(user=request.user, province=unit),
        },
    )


@login_required
def province_export(request: HttpRequest, code: str) -> HttpResponse:
    period = _programme_year(request)
    unit = _province(edition=period.edition, code=code, user=request.user)
    report = province_report(province=unit, year=period.year)
    return _xlsx(
        workbook=province_workbook(report=report),
        file_name=_workbook_name(f"tinh-{code}", period),
    )


@login_required
def province_template(request: HttpRequest, code: str) -> HttpResponse:
    """The workbook a province hands out to its localities, to fill in and import back."""
    period = _programme_year(request)
    unit = _province(edition=period.edition, code=code, user=request.user)
    if not user_can_import(user=request.user, province=unit):
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
    return _xlsx(workbook=template_build(scope=scope), file_name=template_file_name(scope))


def _carry_over_year(period: Period) -> int:
    """The year a new ward's starting assessment is for: the page's, or the map's first."""
    return max(period.year, period.first_year)


def _proposal_token(proposal: CarryOverProposal) -> str:
    """A digest of what the user is shown, so a confirmation of stale values is refused."""
    shown = (proposal.ward.pk, proposal.year, proposal.values())
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def _parse_year(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _carry_over_panel(request: HttpRequest, *, ward: Ward, period: Period) -> dict:
    """The carry-over panel of a new ward: its predecessors and the proposed start, read only."""
    target = _carry_over_year(period)
    panel = {"year": target, "from_years": ward_predecessor_years(ward=ward)}
    try:
        proposal = assessment_carry_over_propose(
            ward=ward, year=target, from_year=_parse_year(request.GET.get("from"))
        )
    except ValidationError as error:
        panel["refusal"] = " ".join(error.messages)
        panel["refusal_code"] = error.code
        return panel
    panel["proposal"] = proposal
    panel["token"] = _proposal_token(proposal)
    panel["met"] = sum(c.status == ResultStatus.MET for c in proposal.criteria)
    panel["recognized"] = [p for p in proposal.predecessors if p.recognized]
    panel["can_confirm"] = user_can_import(user=request.user, province=ward.province)
    return panel


@login_required
def ward(request: HttpRequest, code: str) -> HttpResponse:
    period = _programme_year(request)
    year = period.year
    unit = _ward(edition=period.edition, code=code, user=request.user)
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
                return redirect(f"{reverse('ward', args=[code])}?year={year}{period.map_query}")
        messages.error(request, _("Chưa lưu gì: hãy sửa các lỗi được đánh dấu bên dưới."))
    elif can_edit:
        formset = CriterionResultFormSet(results=report.results)
    forms = formset.forms if formset else [None] * len(report.results)
    # A phường of a later map: what its predecessors had, and its carried-over start.
    predecessors, panel = None, None
    if period.previous_edition is not None and unit.kind == WardKind.WARD:
        predecessors = ward_predecessors_with_assessments(ward=unit, year=year)
        if predecessors and (report.assessment is None or year < period.first_year):
            panel = _carry_over_panel(request, ward=unit, period=period)
    return render(
        request,
        "tracker/ward.html",
        {
            **period.context(),
            "report": report,
            "formset": formset,
            "rows": list(zip(report.results, forms, strict=True)),
            "steps": workflow_steps(user=request.user, assessment=report.assessment)
            if report.assessment
            else [],
            "predecessors": predecessors,
            "previous_map": period.previous_edition,
            "carry_over": panel,
        },
    )


@login_required
def ward_carry_over(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm a new ward's proposed starting assessment; the service checks everything again."""
    period = _programme_year(request)
    unit = _ward(edition=period.edition, code=code, user=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = f"{reverse('ward', args=[code])}?year={period.year}{period.map_query}"
    target = _carry_over_year(period)
    if period.previous_edition is None or unit.kind != WardKind.WARD:
        messages.error(request, _("Đơn vị này không có đơn vị cũ để kế thừa."))
        return redirect(back)
    if not user_can_import(user=request.user, province=unit.province):
        messages.error(
            request,
            _("Bạn không có quyền xác nhận kế thừa: cần quyền đăng ký của Công an tỉnh hoặc Bộ."),
        )
        return redirect(back)
    stale = _("Dữ liệu của các đơn vị cũ đã thay đổi sau khi lập đề xuất; hãy xem lại đề xuất.")
    try:
        criteria_set = CriteriaSet.objects.filter(
            pk=_parse_year(request.POST.get("criteria_set"))
        ).first()
        if criteria_set is None:
            raise ValidationError(stale, code="stale_proposal")
        proposal = assessment_carry_over_propose(
            ward=unit,
            year=target,
            from_year=_parse_year(request.POST.get("from_year")),
            criteria_set=criteria_set,
        )
        if request.POST.get("token") != _proposal_token(proposal):
            raise ValidationError(stale, code="stale_proposal")
        assessment = assessment_carry_over_confirm(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, _("Chưa ghi gì: %(why)s") % {"why": " ".join(error.messages)})
        return redirect(back)
    except PermissionDenied as error:
        messages.error(request, _("Chưa ghi gì: %(why)s") % {"why": error})
        return redirect(back)
    except IntegrityError:
        # Another confirmation of the same ward and year got there first.
        messages.error(
            request,
            _("Chưa ghi gì: %(ward)s đã đăng ký năm %(year)s.")
            % {"ward": unit.name, "year": target},
        )
        return redirect(back)
    messages.success(
        request,
        _("Đã đăng ký %(ward)s năm %(year)s trên %(map)s: %(status)s, đạt %(met)s/%(total)s.")
        % {
            "ward": unit.name,
            "year": assessment.year,
            "map": period.edition.name,
            "status": assessment.get_status_display(),
            "met": sum(c.status == ResultStatus.MET for c in proposal.criteria),
            "total": len(proposal.criteria),
        },
    )
    return redirect(
        f"{reverse('ward', args=[code])}?year={assessment.year}&map={period.edition.code}"
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
    period = _programme_year(request)
    year = period.year
    unit = _ward(edition=period.edition, code=code, user=request.user)
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
    return redirect(f"{reverse('ward', args=[code])}?year={year}{period.map_query}")


@login_required
def criterion(request: HttpRequest, pk: int) -> HttpResponse:
    period = _programme_year(request)
    item = get_object_or_404(Criterion.objects.select_related("criteria_set"), pk=pk)
    code = request.GET.get("tinh")
    scope = _province(edition=period.edition, code=code, user=request.user) if code else None
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
