"""Recognition, in steps: the ward proposes, the province forwards or returns, the Ministry decides.

Each step is permitted to one role only, checks its preconditions, and is kept
in the assessment's history (the reason in the change reason) and the audit.
STEPS is the one home of who may take each step and from which state: the
buttons a page shows (workflow_steps) and the services ask it alike.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import user_can_decide, user_can_propose, user_can_review
from tracker.assessments.completion import (
    meets_all,
    missing_criteria,
    missing_required_evidence,
    with_completion,
)
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.assessments.services import assessment_locked, assessment_update
from tracker.assessments.states import (
    awaiting_answer,
    awaiting_decision,
    awaiting_review,
    building,
    decided,
)

STEP = AuditAction.WORKFLOW


@dataclass(frozen=True)
class Step:
    # Who may take it: a rule of tracker.accounts.permissions.
    allowed: Callable[..., bool]
    # From which state of the assessment.
    ready: Callable[[Assessment], bool]
    # What a user without the right is told.
    refusal: str  # lazily translated
    # What else must hold, checked when the step is taken: raises ValidationError if not.
    requires: tuple[Callable[[Assessment], None], ...] = ()


def _all_criteria_met(a: Assessment) -> None:
    met, total = (
        with_completion(Assessment.objects.filter(pk=a.pk)).values_list("met", "total").get()
    )
    if not meets_all(met=met, total=total):
        missing = missing_criteria([a.pk]).get(a.pk, [])
        raise ValidationError(
            _("Chưa thể đề nghị công nhận: các tiêu chí chưa Đạt: %(missing)s.")
            % {"missing": ", ".join(f"TC{n}" for n in missing)},
            code="criteria_not_met",
        )


def _required_evidence_there(a: Assessment) -> None:
    missing = missing_required_evidence([a.pk]).get(a.pk, [])
    if missing:
        raise ValidationError(
            _(
                "Chưa thể đề nghị công nhận: các tiêu chí cần tệp minh chứng nhưng chưa có: "
                "%(missing)s. Hãy tải tệp lên ở mục Hồ sơ minh chứng."
            )
            % {"missing": ", ".join(f"TC{n}" for n in missing)},
            code="evidence_missing",
        )


_WARD_ONLY = gettext_lazy("Chỉ Công an của chính phường này được đề nghị công nhận.")
_PROVINCE_ONLY = gettext_lazy("Chỉ Công an tỉnh quản lý phường này được thẩm định đề nghị.")
_MINISTRY_ONLY = gettext_lazy("Chỉ Bộ Công an được quyết định công nhận.")
STEPS = {
    "propose": Step(
        user_can_propose, building, _WARD_ONLY, (_all_criteria_met, _required_evidence_there)
    ),
    "forward": Step(user_can_review, awaiting_review, _PROVINCE_ONLY),
    "return": Step(user_can_review, awaiting_review, _PROVINCE_ONLY),
    "recognize": Step(user_can_decide, awaiting_decision, _MINISTRY_ONLY),
    "refuse": Step(user_can_decide, awaiting_decision, _MINISTRY_ONLY),
    "reopen": Step(user_can_decide, decided, _MINISTRY_ONLY),
}


def workflow_steps(*, user, assessment: Assessment) -> list[str]:
    """The recognition steps this user may take now, for the buttons a page shows."""
    return [
        name
        for name, step in STEPS.items()
        if step.ready(assessment) and step.allowed(user=user, assessment=assessment)
    ]


def _check(name: str, current: Assessment, user, verb: str) -> None:
    step = STEPS[name]
    if not step.allowed(user=user, assessment=current):
        raise PermissionDenied(str(step.refusal))
    if not step.ready(current):
        raise _wrong_status(current, verb)
    for condition in step.requires:
        condition(current)


def _wrong_status(assessment: Assessment, step: str):
    return ValidationError(
        _("Đăng ký của %(ward)s đang ở trạng thái '%(status)s' nên không thể %(step)s.")
        % {"ward": assessment.ward, "status": assessment.get_status_display(), "step": step},
        code="wrong_status",
    )


def reason_required(reason: str) -> str:
    """The reason of a return, refusal or reopening, stripped; none is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi rõ lý do."), code="reason_required")
    return reason


def decision_required(decision_number: str, decision_date) -> None:
    """A recognition names its decision: a number and a date, or it is refused."""
    if not (decision_number or "").strip() or not decision_date:
        raise ValidationError(
            _("Công nhận cần số và ngày của quyết định công nhận."), code="decision_required"
        )


@transaction.atomic
def assessment_propose(*, assessment: Assessment, user, answer: str = "") -> Assessment:
    """The ward proposes; after a return or a reopening it must answer (giải trình) with a note."""
    current = assessment_locked(assessment)
    _check("propose", current, user, _("đề nghị công nhận"))
    answer = (answer or "").strip()
    if awaiting_answer(current) and not answer:
        raise ValidationError(
            _("Phường được trả lại để giải trình: cần ghi nội dung giải trình khi gửi lại."),
            code="answer_required",
        )
    reason = _("Phường đề nghị công nhận")
    if answer:
        reason = _("Phường đề nghị công nhận lại, giải trình: %(answer)s") % {"answer": answer}
    return assessment_update(
        assessment=current,
        user=user,
        reason=reason,
        action=STEP,
        status=AssessmentStatus.PROPOSED,
        forwarded_at=None,
        forwarded_by=None,
        # The province reads what it asked beside the answer; both stay in the history.
        answer_note=answer,
    )


@transaction.atomic
def assessment_forward(*, assessment: Assessment, user) -> Assessment:
    current = assessment_locked(assessment)
    _check("forward", current, user, _("chuyển Bộ"))
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Tỉnh thẩm định và chuyển Bộ Công an"),
        action=STEP,
        forwarded_at=timezone.now(),
        forwarded_by=user,
    )


@transaction.atomic
def assessment_return(*, assessment: Assessment, user, reason: str) -> Assessment:
    current = assessment_locked(assessment)
    _check("return", current, user, _("trả lại"))
    reason = reason_required(reason)
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Tỉnh trả lại để giải trình: %(reason)s") % {"reason": reason},
        action=STEP,
        status=AssessmentStatus.BUILDING,
        review_note=reason,
        answer_note="",
    )


@transaction.atomic
def assessment_recognize(
    *, assessment: Assessment, user, decision_number: str, decision_date
) -> Assessment:
    current = assessment_locked(assessment)
    _check("recognize", current, user, _("công nhận"))
    decision_required(decision_number, decision_date)
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Bộ công nhận, quyết định số %(number)s") % {"number": decision_number},
        action=STEP,
        status=AssessmentStatus.RECOGNIZED,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        review_note="",
    )


@transaction.atomic
def assessment_refuse(*, assessment: Assessment, user, reason: str) -> Assessment:
    current = assessment_locked(assessment)
    _check("refuse", current, user, _("không công nhận"))
    reason = reason_required(reason)
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Bộ không công nhận: %(reason)s") % {"reason": reason},
        action=STEP,
        status=AssessmentStatus.REFUSED,
        review_note=reason,
    )


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, user, reason: str) -> Assessment:
    """The Ministry reopens a decided ward: its results unlock and the ward answers the reason.

    The decision's number and date are cleared here and kept in the history.
    """
    current = assessment_locked(assessment)
    _check("reopen", current, user, _("mở lại"))
    reason = reason_required(reason)
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Bộ mở lại quyết định (%(was)s): %(reason)s")
        % {"was": current.get_status_display(), "reason": reason},
        action=STEP,
        status=AssessmentStatus.BUILDING,
        decision_number="",
        decision_date=None,
        forwarded_at=None,
        forwarded_by=None,
        review_note=reason,
        answer_note="",
    )
