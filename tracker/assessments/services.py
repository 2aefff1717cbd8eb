"""The one path every status change takes, whatever its entry point.

Admin, pages, importer and workflow call these functions; each records who,
when, from what, to what (the history rows of django-simple-history) and,
for imports, the batch the change came through.
"""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from tracker.accounts.audit import audit_record
from tracker.accounts.models import AuditAction
from tracker.accounts.permissions import (
    user_can_edit_assessment,
    user_can_manage_province,
    user_is_national_admin,
)
from tracker.assessments import bulk_sql
from tracker.assessments.figures import figure_rules_check, figures_audit_text, figures_decide
from tracker.assessments.locks import DECIDED, lock_reason, result_lock_reason, user_role
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.criteria.indicators import Figures
from tracker.criteria.models import CriteriaSet
from tracker.data_version import data_version_claim
from tracker.units.models import Ward


class StaleResultError(ValidationError):
    """Someone else changed the result after the form showing it was opened."""


class ResultLockedError(ValidationError):
    """The assessment's step locks its results for this user (tracker.assessments.locks)."""


def _check_result_status(status: str) -> None:
    if status not in ResultStatus.values:
        raise ValidationError(
            _("'%(value)s' không phải là kết quả hợp lệ của tiêu chí."),
            code="invalid_status",
            params={"value": status},
        )


def _denied(message: str):
    return PermissionDenied(message)


def criterion_result_locked(result_id: int) -> CriterionResult:
    """The result re-read under a row lock, the data version claimed first.

    Every screen that saves a result compares the version it showed with this one,
    inside the transaction that then writes: nobody can slip a change in between.
    """
    data_version_claim()  # before the row lock: see tracker.data_version
    return (
        CriterionResult.objects.select_for_update(of=("self",))
        .select_related("assessment__ward__province", "criterion", "changed_by")
        .get(pk=result_id)
    )


def criterion_result_check_version(current: CriterionResult, seen_version: int | None) -> None:
    """The stale rule: a save based on a version that is no longer current is refused.

    A form that sent no version is stale too: it cannot show what it was based on.
    The message gives the current value and who set it, so the user can decide again.
    """
    if seen_version is not None and seen_version == current.version:
        return
    who = current.changed_by.get_username() if current.changed_by else _("quản trị hệ thống")
    when = (
        timezone.localtime(current.changed_at).strftime("%H:%M %d/%m/%Y")
        if current.changed_at
        else "?"
    )
    raise StaleResultError(
        _(
            "Kết quả TC%(number)s vừa được người khác thay đổi (%(who)s, lúc %(when)s), giá trị "
            "hiện tại là '%(status)s'. Hãy tải lại trang, xem giá trị hiện tại rồi lưu lại."
        ),
        code="stale",
        params={
            "number": current.criterion.number,
            "who": who,
            "when": when,
            "status": current.get_status_display(),
        },
    )


@transaction.atomic
def criterion_result_set_status(
    *,
    result: CriterionResult,
    user,
    status: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
    import_batch=None,
    reason: str = "",
    expected_version: int | None = None,
    figures: Figures | None = None,
    status_reason: str | None = None,
    check_rules: bool = True,
) -> CriterionResult:
    """Change a result's status, evidence, note or figures; None leaves a field as it is.

    Figures (all three parts at once) set the status of a measured criterion; a status
    typed against them needs `status_reason` (tracker.assessments.figures). The set's rules
    between criteria are checked after the change unless the caller checks them once for
    several results (`check_rules`), as the ward page's form does.

    The row is re-read under a lock, so "from" is what was stored, and a caller
    that passes the version it showed the user cannot overwrite a newer change.
    Screens always pass it (criterion_result_check_version); None is for callers
    that show nothing first: the command line, the carry-over of a new ward.
    `user` None is the command line, run by whoever administers the server.
    """
    if status is not None:
        _check_result_status(status)
    current = criterion_result_locked(result.pk)
    if user is not None and not user_can_edit_assessment(user=user, assessment=current.assessment):
        raise _denied(_("Bạn không có quyền cập nhật kết quả của phường này."))
    locked = result_lock_reason(user, current.assessment)
    if locked:
        raise ResultLockedError(locked, code="locked")
    if expected_version is not None:
        criterion_result_check_version(current, expected_version)
    new = {"status": status, "evidence": evidence, "note": note}
    changed = {k: v for k, v in new.items() if v is not None and getattr(current, k) != v}
    # Figures may be cleared (None); the reason "" and None are the same.
    decided = figures_decide(
        current=current, figures=figures, status=status, status_reason=status_reason
    )
    for field, value in decided.items():
        if field == "status_reason" and (current.status_reason or "") == (value or ""):
            changed.pop(field, None)
        elif getattr(current, field) != value:
            changed[field] = value
        else:
            changed.pop(field, None)
    if not changed:
        return current
    before = current.get_status_display()
    figures_before = Figures.of(current)
    for field, value in changed.items():
        setattr(current, field, value)
    current.changed_by = user
    current.changed_at = timezone.now()
    current.version += 1
    current._history_user = user
    current._history_date = current.changed_at
    current._change_reason = reason
    current._import_batch = import_batch
    current.save()
    if check_rules and figures is not None:
        figure_rules_check(current.assessment_id, current.criterion.criteria_set_id)
    figures_text = figures_audit_text(current.criterion, figures_before, Figures.of(current))
    why = f"{reason} {current.status_reason}".strip() if "status_reason" in changed else reason
    audit_record(
        user=user,
        action=AuditAction.RESULT,
        province=current.assessment.ward.province,
        target=f"{current.assessment} – TC{current.criterion.number}",
        detail=f"{before} → {current.get_status_display()}. {figures_text} {why}".strip(),
    )
    return current


def assessment_locked(assessment: Assessment) -> Assessment:
    """The assessment re-read under a row lock, the data version claimed first."""
    data_version_claim()  # before the row lock: see tracker.data_version
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("ward__province")
        .get(pk=assessment.pk)
    )


def assessment_update(
    *,
    assessment: Assessment,
    user,
    reason: str,
    action: AuditAction = AuditAction.ASSESSMENT,
    **fields,
) -> Assessment:
    """Write an assessment's fields with history and audit; callers have checked the rights.

    The recognition workflow (services.workflow) and the carry-over use it.
    """
    current = assessment_locked(assessment)
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed:
        return current
    before = current.get_status_display()
    for field, value in changed.items():
        setattr(current, field, value)
    current.full_clean(validate_unique=False, validate_constraints=False)
    current._history_user = user
    current._change_reason = reason
    current.save()
    audit_record(
        user=user,
        action=action,
        province=current.ward.province,
        target=str(current),
        detail=f"{before} → {current.get_status_display()}. {reason}".strip(),
    )
    return current


# The statuses a province may give while building; recognition is the workflow's.
BUILDING_STATUSES = (AssessmentStatus.REGISTERED, AssessmentStatus.BUILDING)


@transaction.atomic
def assessment_set_status(
    *,
    assessment: Assessment,
    user,
    status: str,
    decision_number: str | None = None,
    decision_date=None,
    reason: str = "",
) -> Assessment:
    """Set an assessment's status directly: the Ministry (or the command line) for any status,
    a province or ward writer only between Đăng ký and Đang xây dựng."""
    if status not in AssessmentStatus.values:
        raise ValidationError(
            _("'%(value)s' không phải là trạng thái đăng ký hợp lệ."),
            code="invalid_status",
            params={"value": status},
        )
    if user is not None and not user_is_national_admin(user):
        if status not in BUILDING_STATUSES or not user_can_edit_assessment(
            user=user, assessment=assessment
        ):
            raise _denied(_("Bạn không có quyền đặt trạng thái này cho đăng ký của phường."))
    current = assessment_locked(assessment)
    if current.status in DECIDED and status != current.status:
        # A decision is undone only by the Ministry's reopening, with its reason.
        raise ValidationError(
            _("Đăng ký của %(ward)s đã có quyết định; chỉ Bộ Công an mở lại được, kèm lý do.")
            % {"ward": current.ward},
            code="decided",
        )
    fields = {"status": status}
    if decision_number is not None:
        fields["decision_number"] = decision_number
    if decision_date is not None:
        fields["decision_date"] = decision_date
    return assessment_update(assessment=assessment, user=user, reason=reason, **fields)


@transaction.atomic
def assessment_register(
    *,
    ward: Ward,
    year: int,
    criteria_set: CriteriaSet,
    user,
    statuses: dict[int, str] | None = None,
    reason: str = "",
) -> Assessment:
    """Register a phường for a year's cohort, with one result per criterion of the set."""
    if user is not None and not user_can_manage_province(user=user, province=ward.province):
        raise _denied(_("Bạn không có quyền đăng ký phường của tỉnh này."))
    statuses = statuses or {}
    for value in statuses.values():
        _check_result_status(value)
    assessment = Assessment(ward=ward, year=year, criteria_set=criteria_set)
    assessment.full_clean()
    assessment._history_user = user
    assessment._change_reason = reason
    assessment.save()
    now = timezone.now()
    results = [
        CriterionResult(
            assessment=assessment,
            criterion=criterion,
            status=statuses.get(criterion.number, ResultStatus.NOT_ASSESSED),
            changed_by=user,
            changed_at=now,
        )
        for criterion in criteria_set.criteria.all()
    ]
    bulk_create_with_history(
        results, CriterionResult, default_user=user, default_change_reason=reason
    )
    audit_record(
        user=user,
        action=AuditAction.ASSESSMENT,
        province=ward.province,
        target=str(assessment),
        detail=_("Đăng ký xây dựng năm %(year)s. %(reason)s") % {"year": year, "reason": reason},
    )
    return assessment


class ResultUpdate(NamedTuple):
    """One result a bulk call changes; a named tuple, since an import makes 39,000 of them."""

    result_id: int
    status: str
    # None leaves the note as it is.
    note: str | None = None
    # The version the caller read; a result changed since makes the whole call fail.
    expected_version: int | None = None
    # None leaves the figures as they are; the caller has checked them (the import does).
    figures: Figures | None = None
    # None leaves the reason of a status typed against its figures as it is.
    status_reason: str | None = None


@transaction.atomic
def criterion_results_bulk_set_status(
    *,
    updates: list[ResultUpdate],
    user,
    import_batch=None,
    reason: str = "",
) -> int:
    """Change many results at once, with one history row each, in a fixed number of queries.

    The bulk twin of criterion_result_set_status for imports and their revert:
    the same checks, the same fields bumped, the same history columns filled.
    """
    if not updates:
        return 0
    for status in {u.status for u in updates}:
        _check_result_status(status)
    role = user_role(user)
    # The version row first, as every writer takes it: no workflow step can move one of
    # these assessments between the lock check below and the update.
    data_version_claim()
    # The ids as one bind parameter: an import passes some 39,000 of them.
    ids = bulk_sql.ids_in(u.result_id for u in updates)
    for ward, status, forwarded_at in (
        Assessment.objects.filter(results__id__in=ids)
        .exclude(status__in=BUILDING_STATUSES)
        .order_by("ward__code")
        .values_list("ward__name", "status", "forwarded_at")
        .distinct()
    ):
        locked = lock_reason(role=role, status=status, forwarded=bool(forwarded_at))
        if locked:
            raise ResultLockedError(
                "%(ward)s: %(reason)s", code="locked", params={"ward": ward, "reason": locked}
            )
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    # The version check is part of the update itself: a result changed or deleted
    # since the caller read it is not updated, and the shortfall undoes the rest.
    changed = bulk_sql.rows_update_with_history(
        model=CriterionResult,
        rows=bulk_sql.update_rows(updates),
        user_id=user_id,
        now=now,
        history_values={
            "history_date": connection.ops.adapt_datetimefield_value(now),
            "history_change_reason": reason,
            "history_type": "~",
            "history_user_id": user_id,
            "import_batch_id": getattr(import_batch, "pk", None),
        },
    )
    stale = len(updates) - changed
    if stale:
        raise StaleResultError(
            ngettext(
                "%(count)s kết quả vừa được người khác thay đổi hoặc đã bị xoá. "
                "Hãy xem trước lại rồi xác nhận.",
                "%(count)s kết quả vừa được người khác thay đổi hoặc đã bị xoá. "
                "Hãy xem trước lại rồi xác nhận.",
                stale,
            ),
            code="stale",
            params={"count": stale},
        )
    return changed
