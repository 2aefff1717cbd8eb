"""Recognition, in steps: the ward proposes, the province forwards or returns, the Ministry decides.

Each step is permitted to one role only, checks its preconditions, and is kept
in the assessment's history (the reason in the change reason) and the audit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.accounts.permissions import user_can_decide, user_can_propose, user_can_review
from tracker.assessments.services import (
    BUILDING_STATUSES,
    assessment_locked,
    assessment_update,
)
from tracker.models import Assessment, AssessmentStatus, AuditAction, ResultStatus

STEP = AuditAction.WORKFLOW


def _wrong_status(assessment: Assessment, step: str):
    return ValidationError(
        _("Đăng ký của %(ward)s đang ở trạng thái '%(status)s' nên không thể %(step)s.")
        % {"ward": assessment.ward, "status": assessment.get_status_display(), "step": step},
        code="wrong_status",
    )


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi rõ lý do."), code="reason_required")
    return reason


@transaction.atomic
def assessment_propose(*, assessment: Assessment, user) -> Assessment:
    current = assessment_locked(assessment)
    if not user_can_propose(user=user, assessment=current):
        raise PermissionDenied(_("Chỉ Công an của chính phường này được đề nghị công nhận."))
    if current.status not in BUILDING_STATUSES:
        raise _wrong_status(current, _("đề nghị công nhận"))
    missing = list(
        current.results.exclude(status=ResultStatus.MET)
        .order_by("criterion__number")
        .values_list("criterion__number", flat=True)
    )
    if missing or not current.results.exists():
        raise ValidationError(
            _("Chưa thể đề nghị công nhận: các tiêu chí chưa Đạt: %(missing)s.")
            % {"missing": ", ".join(f"TC{n}" for n in missing)},
            code="criteria_not_met",
        )
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Phường đề nghị công nhận"),
        action=STEP,
        status=AssessmentStatus.PROPOSED,
        forwarded_at=None,
        forwarded_by=None,
        review_note="",
    )


def _check_review(current: Assessment, user, step: str) -> None:
    if not user_can_review(user=user, assessment=current):
        raise PermissionDenied(_("Chỉ Công an tỉnh quản lý phường này được thẩm định đề nghị."))
    if current.status != AssessmentStatus.PROPOSED or current.forwarded_at:
        raise _wrong_status(current, step)


@transaction.atomic
def assessment_forward(*, assessment: Assessment, user) -> Assessment:
    current = assessment_locked(assessment)
    _check_review(current, user, _("chuyển Bộ"))
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
    _check_review(current, user, _("trả lại"))
    reason = _reason_required(reason)
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Tỉnh trả lại: %(reason)s") % {"reason": reason},
        action=STEP,
        status=AssessmentStatus.BUILDING,
        review_note=reason,
    )


def _check_decision(current: Assessment, user, step: str) -> None:
    if not user_can_decide(user=user, assessment=current):
        raise PermissionDenied(_("Chỉ Bộ Công an được quyết định công nhận."))
    if current.status != AssessmentStatus.PROPOSED or not current.forwarded_at:
        raise _wrong_status(current, step)


@transaction.atomic
def assessment_recognize(
    *, assessment: Assessment, user, decision_number: str, decision_date
) -> Assessment:
    current = assessment_locked(assessment)
    _check_decision(current, user, _("công nhận"))
    if not (decision_number or "").strip() or not decision_date:
        raise ValidationError(
            _("Công nhận cần số và ngày của quyết định công nhận."), code="decision_required"
        )
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
    _check_decision(current, user, _("không công nhận"))
    reason = _reason_required(reason)
    return assessment_update(
        assessment=current,
        user=user,
        reason=_("Bộ không công nhận: %(reason)s") % {"reason": reason},
        action=STEP,
        status=AssessmentStatus.REFUSED,
        review_note=reason,
    )
