"""Several wards' recognition step at once: the Ministry decides, a province forwards.

Each ward goes through the same single-ward service of tracker.assessments.workflow, so
its history row and audit event are exactly those of the step taken alone; each in its
own savepoint, so a ward that fails a precondition (its state, the user's right, a change
since the page was shown) is named with its reason and the others go ahead.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tracker.accounts.models import Role
from tracker.accounts.permissions import user_scope
from tracker.assessments.models import Assessment
from tracker.assessments.services import assessment_locked
from tracker.assessments.workflow import (
    assessment_forward,
    assessment_recognize,
    assessment_refuse,
    assessment_return,
    decision_required,
    reason_required,
)
from tracker.units.models import Province

BULK_STEPS = ("forward", "return", "recognize", "refuse")


@dataclass
class BulkOutcome:
    step: str
    done: list[Assessment] = field(default_factory=list)
    # (assessment, why): each ward refused, with the reason it was refused.
    refused: list[tuple[Assessment, str]] = field(default_factory=list)


def user_can_review_province(*, user, province: Province) -> bool:
    """The province's own police: who may forward its wards' proposals (as user_can_review)."""
    scope = user_scope(user)
    return (
        scope is not None and scope.role == Role.PROVINCE and scope.province.code == province.code
    )


def assessments_last_change(ids: Iterable[int]) -> dict[int, int]:
    """Each assessment's last history row: what a page shows them at, to spot a later change."""
    history = Assessment.history.model
    return dict(
        history.objects.filter(id__in=list(ids))
        .values("id")
        .annotate(last=Max("history_id"))
        .values_list("id", "last")
    )


def _unchanged_since(assessment: Assessment, seen: dict[int, int]) -> None:
    """Refuse a ward whose assessment changed after the page was shown (read under its lock)."""
    current = assessment_locked(assessment)
    if seen.get(current.pk) != assessments_last_change([current.pk]).get(current.pk):
        raise ValidationError(
            _(
                "đăng ký đã thay đổi từ khi trang được mở (nay: %(status)s). "
                "Hãy tải lại trang và xem lại."
            )
            % {"status": current.get_status_display()},
            code="stale",
        )


def _why(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Bạn không có quyền thực hiện bước này.")


def assessments_step(
    *,
    assessments: list[Assessment],
    step: str,
    user,
    seen: dict[int, int] | None = None,
    decision_number: str = "",
    decision_date=None,
    reason: str = "",
) -> BulkOutcome:
    """Take one step for each of the assessments; returns those done and those refused.

    A recognition gives them all one decision (number and date), a return or refusal one
    reason; without these, or with no ward chosen, nothing is written (ValidationError).
    `seen` maps each assessment to its last change as the page showed it
    (assessments_last_change): a ward changed since is refused by name. None: not checked.
    """
    if step not in BULK_STEPS:
        raise ValueError(step)
    if not assessments:
        raise ValidationError(_("hãy chọn ít nhất một phường."), code="none_chosen")
    if step == "recognize":
        decision_required(decision_number, decision_date)
        decision_number = decision_number.strip()
    if step in ("return", "refuse"):
        reason = reason_required(reason)
    services: dict[str, Callable[[Assessment], Assessment]] = {
        "forward": lambda a: assessment_forward(assessment=a, user=user),
        "return": lambda a: assessment_return(assessment=a, user=user, reason=reason),
        "recognize": lambda a: assessment_recognize(
            assessment=a, user=user, decision_number=decision_number, decision_date=decision_date
        ),
        "refuse": lambda a: assessment_refuse(assessment=a, user=user, reason=reason),
    }
    outcome = BulkOutcome(step=step)
    with transaction.atomic():
        for assessment in assessments:
            try:
                with transaction.atomic():  # this ward's savepoint
                    if seen is not None:
                        _unchanged_since(assessment, seen)
                    outcome.done.append(services[step](assessment))
            except (ValidationError, PermissionDenied) as error:
                outcome.refused.append((assessment, _why(error)))
    return outcome
