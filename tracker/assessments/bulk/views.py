"""The bulk pages of the recognition: the Ministry decides on several forwarded wards at once
(one decision number and date), a province forwards several proposals at once.

The pages choose among the year's assessments of the map shown; the service
(tracker.assessments.bulk_steps) checks each ward's right, state and freshness again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tracker.accounts.permissions import user_is_national_admin
from tracker.assessments.bulk_steps import (
    assessments_last_change,
    assessments_step,
    user_can_review_province,
)
from tracker.assessments.completion import with_completion
from tracker.assessments.models import Assessment
from tracker.assessments.states import AWAITING_DECISION, AWAITING_REVIEW
from tracker.assessments.step_messages import (
    bulk_done_message,
    bulk_none_message,
    step_refused_message,
)
from tracker.web import Period, period_from_request, province_or_404

ORDER = ("ward__province__sort_name", "ward__province__code", "ward__sort_name", "ward__code")


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _seen(post, ids: list[int]) -> dict[int, int]:
    """The last change of each chosen ward as the page showed it (a hidden field per ward)."""
    seen = {}
    for pk in ids:
        raw = post.get(f"seen-{pk}", "")
        if raw.isdigit():
            seen[pk] = int(raw)
    return seen


def _rows(queryset: QuerySet) -> list[Assessment]:
    rows = list(
        with_completion(queryset).select_related("ward__province", "forwarded_by").order_by(*ORDER)
    )
    last = assessments_last_change(a.pk for a in rows)
    for a in rows:
        a.last_change = last.get(a.pk, 0)
    return rows


def _take(request: HttpRequest, *, step: str, chosen: QuerySet, **values) -> bool:
    """Run the step on the wards ticked among `chosen`; one message per outcome.

    False when nothing was written as a whole (no ward, no decision, no reason), so the
    page shows the form again with what was typed.
    """
    ids = _ids(request.POST.getlist("assessment"))
    # A ward of another year, map or province is not among those the page could show.
    assessments = list(chosen.filter(pk__in=ids).select_related("ward__province").order_by(*ORDER))
    try:
        outcome = assessments_step(
            assessments=assessments,
            step=step,
            user=request.user,
            seen=_seen(request.POST, ids),
            **values,
        )
    except ValidationError as error:
        messages.error(request, bulk_none_message(step, " ".join(error.messages)))
        return False
    if outcome.done:
        messages.success(request, bulk_done_message(step, outcome.done))
    for assessment, why in outcome.refused:
        messages.error(request, step_refused_message(step, assessment.ward.name, why))
    return True


def _query(period: Period, **more) -> str:
    params = {"year": period.year}
    if period.chosen:
        params["map"] = period.edition.code
    params.update({k: v for k, v in more.items() if v})
    return "?" + urlencode(params)


@login_required
def bulk_recognize(request: HttpRequest) -> HttpResponse:
    """The Ministry's decision on several forwarded wards: recognised under one decision, or
    refused with one reason."""
    if not user_is_national_admin(request.user):
        raise PermissionDenied(_("Chỉ Bộ Công an được quyết định công nhận."))
    period = period_from_request(request)
    of_year = Assessment.objects.filter(year=period.year, ward__edition=period.edition)
    province_code = request.GET.get("tinh", "")
    here = reverse("bulk-recognize") + _query(period, tinh=province_code)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in ("recognize", "refuse"):
            messages.error(
                request, _("Không có bước này: hãy chọn Công nhận hoặc Không công nhận.")
            )
            return redirect(here)
        taken = _take(
            request,
            step=step,
            chosen=of_year,
            **(
                {
                    "decision_number": request.POST.get("decision_number", ""),
                    "decision_date": parse_date(request.POST.get("decision_date") or "") or None,
                }
                if step == "recognize"
                else {"reason": request.POST.get("reason", "")}
            ),
        )
        if taken:
            return redirect(here)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    awaiting = of_year.filter(AWAITING_DECISION)
    # The provinces with a forwarded ward, for the filter: a simple select, with their counts.
    provinces: dict[str, list] = {}
    for p_code, p_name in awaiting.order_by(*ORDER).values_list(
        "ward__province__code", "ward__province__name"
    ):
        provinces.setdefault(p_code, [p_name, 0])[1] += 1
    shown = awaiting.filter(ward__province__code=province_code) if province_code else awaiting
    return render(
        request,
        "tracker/bulk_recognize.html",
        {
            **period.context(),
            "keep": [("tinh", province_code)] if province_code else [],
            "provinces": [(c, name, count) for c, (name, count) in provinces.items()],
            "province_code": province_code,
            "rows": _rows(shown),
            "chosen": set(_ids(request.POST.getlist("assessment"))),
            "posted": request.POST,
            "here": here,
        },
    )


@login_required
def province_forward(request: HttpRequest, code: str) -> HttpResponse:
    """A province forwards several of its wards' proposals to the Ministry at once."""
    period = period_from_request(request)
    unit = province_or_404(edition=period.edition, code=code, user=request.user)
    may_forward = user_can_review_province(user=request.user, province=unit)
    of_province = Assessment.objects.filter(year=period.year, ward__province=unit)
    here = reverse("province-forward", args=[code]) + _query(period)
    if request.method == "POST":
        if not may_forward:
            raise PermissionDenied(_("Chỉ Công an tỉnh quản lý phường này được thẩm định đề nghị."))
        if _take(request, step="forward", chosen=of_province):
            return redirect(here)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(
        request,
        "tracker/bulk_forward.html",
        {
            **period.context(),
            "province": unit,
            "may_forward": may_forward,
            "rows": _rows(of_province.filter(AWAITING_REVIEW)),
            "chosen": set(_ids(request.POST.getlist("assessment"))),
            "here": here,
            "back": reverse("province", args=[code]) + _query(period),
        },
    )
