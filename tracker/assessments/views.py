"""A ward's page: its results and their entry, the recognition steps, and the carry-over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.permissions import (
    user_can_manage_province,
)
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_recheck,
    carry_over_year,
)
from tracker.assessments.models import Assessment
from tracker.assessments.registration import (
    assessment_register_cohort,
    carry_over_years,
    registrable_wards,
    registration_map_refusal,
)
from tracker.assessments.step_messages import step_done_message, step_refused_message
from tracker.assessments.ward_page import views as ward_page
from tracker.assessments.workflow import (
    assessment_forward,
    assessment_propose,
    assessment_recognize,
    assessment_refuse,
    assessment_reopen,
    assessment_return,
)
from tracker.units.models import WardKind
from tracker.web import (
    period_from_request,
    province_or_404,
    ward_or_404,
)

# The page itself lives in its own module; the URLs name it here.
ward = ward_page.ward


def _parse_year(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _not_carried(unit, why: str) -> str:
    return _("Chưa xác nhận kế thừa cho %(ward)s, chưa ghi gì: %(why)s") % {
        "ward": unit.name,
        "why": why,
    }


@login_required
def ward_carry_over(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm a new ward's proposed starting assessment; the service checks everything again."""
    period = period_from_request(request)
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    back = f"{reverse('ward', args=[code])}?year={period.year}{period.map_query}"
    target = carry_over_year(year=period.year, edition=period.edition)
    if period.previous_edition is None or unit.kind != WardKind.WARD:
        messages.error(request, _("Đơn vị này không có đơn vị cũ để kế thừa."))
        return redirect(back)
    if not user_can_manage_province(user=request.user, province=unit.province):
        messages.error(
            request,
            _("Bạn không có quyền xác nhận kế thừa: cần quyền đăng ký của Công an tỉnh hoặc Bộ."),
        )
        return redirect(back)
    try:
        proposal = assessment_carry_over_recheck(
            ward=unit,
            year=target,
            from_year=_parse_year(request.POST.get("from_year")),
            criteria_set_id=_parse_year(request.POST.get("criteria_set")),
            token=request.POST.get("token"),
        )
        assessment = assessment_carry_over_confirm(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, _not_carried(unit, " ".join(error.messages)))
        return redirect(back)
    except PermissionDenied as error:
        messages.error(request, _not_carried(unit, str(error)))
        return redirect(back)
    except IntegrityError:
        # Another confirmation of the same ward and year got there first.
        messages.error(
            request,
            _not_carried(
                unit, _("%(ward)s đã đăng ký năm %(year)s.") % {"ward": unit.name, "year": target}
            ),
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
            "met": proposal.met,
            "total": proposal.total,
        },
    )
    return redirect(
        f"{reverse('ward', args=[code])}?year={assessment.year}&map={period.edition.code}"
    )


WORKFLOW_STEPS = {
    "propose": lambda a, u, post: assessment_propose(
        assessment=a, user=u, answer=post.get("answer", "")
    ),
    "reopen": lambda a, u, post: assessment_reopen(assessment=a, user=u, reason=post.get("reason")),
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
    period = period_from_request(request)
    year = period.year
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assessment = get_object_or_404(Assessment, ward=unit, year=year)
    name = request.POST.get("step", "")
    step = WORKFLOW_STEPS.get(name)
    if step is None:
        raise Http404(_("Không có bước này."))
    try:
        done = step(assessment, request.user, request.POST)
    except ValidationError as error:
        messages.error(request, step_refused_message(name, unit.name, " ".join(error.messages)))
    else:
        messages.success(request, step_done_message(name, done))
    return redirect(f"{reverse('ward', args=[code])}?year={year}{period.map_query}")


REGISTER_REASON = "Đăng ký trên trang của tỉnh"


def _registered_message(done) -> str:
    text = ngettext(
        "Đã đăng ký %(count)s phường năm %(year)s: %(wards)s.",
        "Đã đăng ký %(count)s phường năm %(year)s: %(wards)s.",
        len(done.assessments),
    ) % {
        "count": len(done.assessments),
        "year": done.assessments[0].year,
        "wards": ", ".join(f"{w.name} ({w.code})" for w in done.wards),
    }
    if done.carried:
        text += " " + _("Kế thừa kết quả của đơn vị cũ: %(wards)s.") % {
            "wards": ", ".join(w.name for w in done.carried)
        }
    if done.not_carried:
        text += " " + _("Đăng ký mới, không kế thừa kết quả của đơn vị cũ: %(wards)s.") % {
            "wards": ", ".join(w.name for w in done.not_carried)
        }
    return text


@login_required
def province_register(request: HttpRequest, code: str) -> HttpResponse:
    """A province registers several of its phường for the year, on the year's map."""
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    if not user_can_manage_province(user=request.user, province=unit):
        raise PermissionDenied
    back = f"{reverse('province', args=[code])}?year={period.year}{period.map_query}"
    chosen: list[str] = []
    if request.method == "POST":
        chosen = request.POST.getlist("ward")
        # The checkbox only counts where the form showed it: else the service asks to choose.
        carry_over = (
            request.POST.get("carry_over") == "1" if request.POST.get("carry_over_shown") else None
        )
        try:
            done = assessment_register_cohort(
                province=unit,
                year=period.year,
                edition=period.edition,
                codes=chosen,
                user=request.user,
                carry_over=carry_over,
                reason=REGISTER_REASON,
            )
        except ValidationError as error:
            messages.error(
                request,
                _("Chưa đăng ký phường nào của %(province)s năm %(year)s: %(why)s")
                % {"province": unit.name, "year": period.year, "why": " ".join(error.messages)},
            )
        else:
            messages.success(request, _registered_message(done))
            return redirect(back)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    search = request.GET.get("q", "")
    refusal = registration_map_refusal(year=period.year, edition=period.edition)
    wards = (
        []
        if refusal
        else list(
            registrable_wards(
                province=unit, year=period.year, edition=period.edition, search=search
            )
        )
    )
    offered = carry_over_years(ward_ids=[w.pk for w in wards], year=period.year)
    return render(
        request,
        "tracker/province_register.html",
        {
            **period.context(),
            "province": unit,
            "refusal": refusal,
            "search": search,
            "rows": [(w, offered.get(w.pk)) for w in wards],
            "offered": bool(offered),
            "chosen": set(chosen),
            "back": back,
        },
    )
