"""The one rule of who may still change a ward's criterion results, as its assessment advances.

Once a ward has proposed, its results are read-only for the ward; once the
province has forwarded the proposal, for the province too; once the Ministry has
recognised or refused it, for everyone (the command line included) until the
Ministry reopens it (tracker.assessments.workflow). The ward page, the admin, the
import's plan, both result services, the carry-over and the evidence service all ask
here.
"""

from django.utils.translation import gettext as _

from tracker.accounts.models import Role
from tracker.accounts.permissions import user_scope
from tracker.assessments.models import AssessmentStatus
from tracker.assessments.states import DECIDED


def lock_reason(*, role: str | None, status: str, forwarded: bool) -> str | None:
    """Why results at this step are read-only for this role (None: the command line)."""
    if status in DECIDED:
        return _(
            "Bộ đã quyết định (%(status)s): kết quả bị khoá với mọi người; "
            "chỉ Bộ Công an mở lại được, kèm lý do."
        ) % {"status": AssessmentStatus(status).label}
    if status != AssessmentStatus.PROPOSED or role is None or role == Role.NATIONAL:
        return None
    if forwarded:
        return _(
            "Tỉnh đã chuyển đề nghị lên Bộ: kết quả bị khoá với tỉnh và phường "
            "cho đến khi Bộ quyết định hoặc mở lại."
        )
    if role == Role.WARD:
        return _(
            "Phường đã gửi đề nghị công nhận: kết quả bị khoá với phường "
            "cho đến khi tỉnh trả lại để giải trình."
        )
    return None


def user_role(user) -> str | None:
    """The role the lock is asked for: None for the command line (no user)."""
    if user is None:
        return None
    scope = user_scope(user)
    return scope.role if scope is not None else Role.VIEWER


def result_lock_reason(user, assessment) -> str | None:
    """Why this user may not change this assessment's results now; None if the lock allows it."""
    return lock_reason(
        role=user_role(user),
        status=assessment.status,
        forwarded=bool(assessment.forwarded_at),
    )


def locked_wards(*, user, assessments) -> dict[int, str]:
    """The wards whose results the lock keeps from this user, with the reason: one query.

    assessments: the queryset of the assessments in question (an import's year and scope).
    """
    role = user_role(user)
    found = {}
    for ward_id, status, forwarded_at in (
        assessments.filter(status__in=(AssessmentStatus.PROPOSED, *DECIDED))
        .order_by()
        .values_list("ward_id", "status", "forwarded_at")
    ):
        reason = lock_reason(role=role, status=status, forwarded=bool(forwarded_at))
        if reason:
            found[ward_id] = reason
    return found
