"""The one path every status change takes, whatever its entry point.

Admin, pages, importer and workflow call these functions; each records who,
when, from what, to what (the history rows of django-simple-history) and,
for imports, the batch the change came through.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from tracker import bulk_sql
from tracker.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    CriterionResult,
    ImportBatch,
    ResultStatus,
    Ward,
)


class StaleResultError(ValidationError):
    """Someone else changed the result after the form showing it was opened."""


def _check_result_status(status: str) -> None:
    if status not in ResultStatus.values:
        raise ValidationError(
            _("'%(value)s' không phải là kết quả hợp lệ của tiêu chí."),
            code="invalid_status",
            params={"value": status},
        )


@transaction.atomic
def criterion_result_set_status(
    *,
    result: CriterionResult,
    user,
    status: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
    import_batch: ImportBatch | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> CriterionResult:
    """Change a result's status, evidence or note; None leaves a field as it is.

    The row is re-read under a lock, so "from" is what was stored, and a caller
    that passes the version it showed the user cannot overwrite a newer change.
    """
    if status is not None:
        _check_result_status(status)
    current = CriterionResult.objects.select_for_update().get(pk=result.pk)
    if expected_version is not None and expected_version != current.version:
        raise StaleResultError(
            _(
                "Kết quả này vừa được người khác thay đổi thành '%(status)s'. "
                "Hãy xem giá trị hiện tại rồi lưu lại."
            ),
            code="stale",
            params={"status": current.get_status_display()},
        )
    new = {"status": status, "evidence": evidence, "note": note}
    changed = {k: v for k, v in new.items() if v is not None and getattr(current, k) != v}
    if not changed:
        return current
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
    return current


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
    if status not in AssessmentStatus.values:
        raise ValidationError(
            _("'%(value)s' không phải là trạng thái đăng ký hợp lệ."),
            code="invalid_status",
            params={"value": status},
        )
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    new = {"status": status, "decision_number": decision_number, "decision_date": decision_date}
    changed = {k: v for k, v in new.items() if v is not None and getattr(current, k) != v}
    if not changed:
        return current
    for field, value in changed.items():
        setattr(current, field, value)
    current.full_clean(validate_unique=False, validate_constraints=False)
    current._history_user = user
    current._change_reason = reason
    current.save()
    return current


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
    return assessment


@dataclass(frozen=True)
class ResultUpdate:
    result_id: int
    status: str
    # None leaves the note as it is.
    note: str | None = None
    # The version the caller read; a result changed since makes the whole call fail.
    expected_version: int | None = None


@transaction.atomic
def criterion_results_bulk_set_status(
    *,
    updates: list[ResultUpdate],
    user,
    import_batch: ImportBatch | None = None,
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
    ids = [u.result_id for u in updates]
    locked = dict(
        CriterionResult.objects.select_for_update()
        .filter(pk__in=bulk_sql.ids_in(ids))
        .values_list("pk", "version")
    )
    stale = [
        u
        for u in updates
        if u.result_id not in locked
        or (u.expected_version is not None and locked[u.result_id] != u.expected_version)
    ]
    if stale:
        raise StaleResultError(
            _(
                "%(count)s kết quả vừa được người khác thay đổi hoặc đã bị xoá. "
                "Hãy xem trước lại rồi xác nhận."
            ),
            code="stale",
            params={"count": len(stale)},
        )
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    bulk_sql.rows_update(
        model=CriterionResult,
        rows=[(u.result_id, u.status, u.note) for u in updates],
        user_id=user_id,
        now=now,
    )
    bulk_sql.history_copy(
        model=CriterionResult,
        ids=ids,
        history_values={
            "history_date": connection.ops.adapt_datetimefield_value(now),
            "history_change_reason": reason,
            "history_type": "~",
            "history_user_id": user_id,
            "import_batch_id": getattr(import_batch, "pk", None),
        },
    )
    return len(updates)
