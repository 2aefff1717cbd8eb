"""A ward's page: one card per criterion, its full text, status entry and evidence files.

Each card saves alone (a button named ROW carrying the result's id) or all the changed
cards at once from the bar that stays at the bottom of the screen. With script a card
posts its own fields only and gets back its new markup; without script the browser posts
every card, and the page comes back with the other cards' edits still typed in them.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tracker.accounts.permissions import (
    scope_ward_on,
    user_can_edit_assessment,
    user_can_manage_province,
    user_scope,
)
from tracker.assessments.carry_over import assessment_carry_over_propose, carry_over_year
from tracker.assessments.forms import (
    EDITABLE,
    CriterionResultFormSet,
    result_initial,
    row_form,
    row_save,
)
from tracker.assessments.locks import result_lock_reason
from tracker.assessments.predecessors import (
    ward_predecessor_years,
    ward_predecessors_with_assessments,
)
from tracker.assessments.workflow import awaiting_answer, workflow_steps
from tracker.criteria.indicators import Figures, figures_display, threshold_text
from tracker.reports.ward import ward_report
from tracker.units.models import Ward, WardKind
from tracker.web import Period, my_ward_elsewhere, period_from_request, ward_or_404

# The name of a card's own save button; its value is the result's id.
ROW = "luu"


def _parse_year(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _carry_over_panel(request: HttpRequest, *, ward: Ward, period: Period) -> dict:
    """The carry-over panel of a new ward: its predecessors and the proposed start, read only."""
    target = carry_over_year(year=period.year, edition=period.edition)
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
    panel["recognized"] = [p for p in proposal.predecessors if p.recognized]
    panel["can_confirm"] = user_can_manage_province(user=request.user, province=ward.province)
    return panel


def _successor_of(request: HttpRequest, unit: Ward, period: Period) -> str:
    """The name of a ward account's own ward when this page shows its main successor."""
    mine = scope_ward_on(user_scope(request.user), period.edition)
    return mine.own.name if mine and mine.successor and mine.ward.pk == unit.pk else ""


def _report(unit: Ward, year: int):
    report = ward_report(ward=unit, year=year)
    for result in report.results:
        if result.criterion.measure:
            result.figures_shown = figures_display(result.criterion, Figures.of(result))
            result.threshold_shown = threshold_text(result.criterion)
    return report


def _row_saved_message(result, ward: Ward) -> str:
    return _("Đã lưu tiêu chí %(number)s của %(ward)s: %(status)s.") % {
        "number": result.criterion.number,
        "ward": ward.name,
        "status": result.get_status_display(),
    }


def _without_row(data: QueryDict, index: int, result) -> QueryDict:
    """The posted cards with one of them set back to what is stored (after its save)."""
    data = data.copy()
    prefix = f"form-{index}-"
    for name, value in result_initial(result).items():
        data[prefix + name] = value
        if name in EDITABLE:
            data[f"initial-{prefix}{name}"] = value
    return data


def _save_row(request: HttpRequest, *, unit: Ward, period: Period, report, page_url: str):
    """One card's save; JSON with its new markup for script, else the page again."""
    scripted = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    pk = _parse_year(request.POST.get(ROW))
    index = next((i for i, r in enumerate(report.results) if r.pk == pk), None)
    if index is None:
        message = _("Chưa lưu gì: tiêu chí gửi lên không thuộc phường này; hãy tải lại trang.")
        if scripted:
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
        return redirect(page_url)
    result = report.results[index]
    form = row_form(request.POST, results=report.results, index=index)
    saved = row_save(form, result, user=request.user)
    if saved is not None:
        report = _report(unit, period.year)  # the card's new figures, flags, who and when
        result = report.results[index]
        form = row_form(None, results=report.results, index=index)
        message = _row_saved_message(result, unit)
    else:
        message = _("Chưa lưu tiêu chí %(number)s: hãy sửa lỗi được đánh dấu trong thẻ.") % {
            "number": result.criterion.number
        }
    if scripted:
        html = render_to_string(
            "tracker/_ward_criterion.html",
            {**_page_context(request, unit, period, report), "result": result, "form": form},
            request=request,
        )
        return JsonResponse(
            {
                "ok": saved is not None,
                "message": message,
                "html": html,
                "met": f"{report.met}/{len(report.results)}",
            },
            status=200 if saved is not None else 409,
        )
    others_edited = any(
        f.has_changed()
        for i in range(len(report.results))
        if i != index
        for f in [row_form(request.POST, results=report.results, index=i)]
    )
    if saved is not None and not others_edited:
        messages.success(request, message)
        return redirect(page_url)
    # The page again, the other cards as they were typed: nothing of theirs is lost.
    full = request.POST.get("form-TOTAL_FORMS") == str(len(report.results))
    if not full:
        formset = CriterionResultFormSet(results=report.results)
    elif saved is not None:
        formset = CriterionResultFormSet(
            _without_row(request.POST, index, result), results=report.results
        )
    else:
        formset = CriterionResultFormSet(request.POST, results=report.results)
    if saved is None:
        formset.forms[index] = form  # with its errors
        messages.error(request, message)
    else:
        messages.success(request, message)
        messages.info(
            request, _("Các thẻ khác còn thay đổi chưa lưu: chúng vẫn ở nguyên trong trang.")
        )
    return _render(request, unit, period, report, formset, lock=None)


def _page_context(request: HttpRequest, unit: Ward, period: Period, report) -> dict:
    return {
        **period.context(),
        "report": report,
        "row_button": ROW,
        "can_edit": True,
        "evidence_limits": {
            "file_mb": settings.TRACKER_EVIDENCE_MAX_FILE_MB,
            "assessment_mb": settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB,
        },
    }


def _render(request, unit, period, report, formset, *, lock, can_edit=True) -> HttpResponse:
    forms = formset.forms if formset else [None] * len(report.results)
    # A phường of a later map: what its predecessors had, and its carried-over start.
    predecessors, panel = None, None
    if period.previous_edition is not None and unit.kind == WardKind.WARD:
        predecessors = ward_predecessors_with_assessments(ward=unit, year=period.year)
        if predecessors and (report.assessment is None or period.year < period.first_year):
            panel = _carry_over_panel(request, ward=unit, period=period)
    return render(
        request,
        "tracker/ward.html",
        {
            **_page_context(request, unit, period, report),
            "formset": formset,
            "rows": list(zip(report.results, forms, strict=True)),
            "steps": workflow_steps(user=request.user, assessment=report.assessment)
            if report.assessment
            else [],
            "predecessors": predecessors,
            "previous_map": period.previous_edition,
            "carry_over": panel,
            "lock": lock or None,
            "successor_of": _successor_of(request, unit, period),
            "awaiting_answer": bool(report.assessment) and awaiting_answer(report.assessment),
            "can_edit": can_edit,
        },
    )


@login_required
def ward(request: HttpRequest, code: str) -> HttpResponse:
    period = period_from_request(request)
    year = period.year
    # A ward account changing the year on its ward's page: its ward of that year's map.
    elsewhere = my_ward_elsewhere(request, code=code, period=period)
    if elsewhere is not None:
        return redirect(elsewhere)
    unit = ward_or_404(edition=period.edition, code=code, user=request.user)
    report = _report(unit, year)
    can_edit = report.assessment is not None and user_can_edit_assessment(
        user=request.user, assessment=report.assessment
    )
    # Why the results are read-only for this user now (tracker.assessments.locks).
    lock = can_edit and result_lock_reason(request.user, report.assessment)
    can_edit = can_edit and not lock
    page_url = f"{reverse('ward', args=[code])}?year={year}{period.map_query}"
    formset = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if ROW in request.POST:
            return _save_row(request, unit=unit, period=period, report=report, page_url=page_url)
        formset = CriterionResultFormSet(request.POST, results=report.results)
        valid = formset.is_valid()
        if not valid and len(formset.forms) != len(report.results):
            # A truncated or empty POST: nothing to pair with the criteria, so the page
            # shows the stored values again with what went wrong.
            messages.error(
                request,
                _(
                    "Chưa lưu gì: biểu mẫu gửi lên không đầy đủ (%(sent)s/%(total)s tiêu chí). "
                    "Hãy tải lại trang rồi nhập lại."
                )
                % {"sent": len(formset.forms), "total": len(report.results)},
            )
            formset = CriterionResultFormSet(results=report.results)
        elif valid:
            changed = formset.save(user=request.user)
            if changed is not None:
                messages.success(
                    request,
                    ngettext(
                        "Đã lưu %(count)s thay đổi của %(ward)s.",
                        "Đã lưu %(count)s thay đổi của %(ward)s.",
                        changed,
                    )
                    % {"count": changed, "ward": unit.name},
                )
                return redirect(page_url)
        if formset.is_bound:
            messages.error(request, _("Chưa lưu gì: hãy sửa các lỗi được đánh dấu bên dưới."))
    elif can_edit:
        formset = CriterionResultFormSet(results=report.results)
    return _render(request, unit, period, report, formset, lock=lock, can_edit=can_edit)
