"""The completion rule: how many criteria a ward meets, whether it meets them all, which it misses.

Every page, command, workbook, chart, admin list and workflow step asks this
module, so changing the rule (a criterion measured by a number, evidence
required) is changing it here.
"""

from django.db.models import Count, Q, QuerySet

from tracker.models import CriterionResult, ResultStatus


def is_met(status: str) -> bool:
    """A result counts as met only at Đạt."""
    return status == ResultStatus.MET


def meets_all(*, met: int, total: int) -> bool:
    """Every criterion met; a registration with no results yet meets nothing."""
    return total > 0 and met == total


def with_completion(assessments: QuerySet, prefix: str = "") -> QuerySet:
    """Assessments annotated with `met` and `total`, counted in the same query.

    prefix: the path from the queryset's model to the assessment ("" for Assessment).
    """
    met = Q(**{f"{prefix}results__status": ResultStatus.MET})
    return assessments.annotate(
        met=Count(f"{prefix}results", filter=met), total=Count(f"{prefix}results")
    )


def missing_criteria(assessment_ids) -> dict[int, list[int]]:
    """The numbers of the criteria not met, per assessment, in one query."""
    missing: dict[int, list[int]] = {}
    for assessment_id, number in (
        CriterionResult.objects.filter(assessment_id__in=assessment_ids)
        .exclude(status=ResultStatus.MET)
        .order_by("criterion__number")
        .values_list("assessment_id", "criterion__number")
    ):
        missing.setdefault(assessment_id, []).append(number)
    return missing
