"""The completion rule: how many criteria a ward meets, whether it meets them all, which it misses.

Every page, command, workbook, chart, admin list and workflow step asks this
module, so changing the rule (a criterion measured by a number, evidence
required) is changing it here.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from tracker.assessments.models import CriterionResult, ResultStatus


def is_met(status: str) -> bool:
    """A result counts as met only at Đạt."""
    return status == ResultStatus.MET


def meets_all(*, met: int, total: int) -> bool:
    """Every criterion met; a registration with no results yet meets nothing."""
    return total > 0 and met == total


def meeting_all(prefix: str = "") -> Q:
    """meets_all as a filter on assessments (their tallies, tracker.assessments.tally).

    prefix: the path from the queryset's model to the assessment ("" for Assessment).
    """
    return Q(**{f"{prefix}tally__total__gt": 0, f"{prefix}tally__met": F(f"{prefix}tally__total")})


def met_text(*, met: int, total: int) -> str:
    """The figure as every page, command, workbook and document writes it: "21/22"."""
    return f"{met}/{total}"


def with_completion(assessments: QuerySet, prefix: str = "") -> QuerySet:
    """Assessments annotated with `met` and `total`, read in the same query.

    The database counts them on every write (tracker.assessments.tally); an
    assessment with no result has no tally and reads 0/0.

    prefix: the path from the queryset's model to the assessment ("" for Assessment).
    """
    return assessments.annotate(
        met=Coalesce(F(f"{prefix}tally__met"), 0), total=Coalesce(F(f"{prefix}tally__total"), 0)
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


def has_current_evidence(result_ref: str = "pk") -> Exists:
    """An expression: the result (at `result_ref` of the outer query) has a file not removed."""
    # The files are reached from the results' side: evidence sits above assessments (its
    # files point at results and its services ask the locks), so the rule does not import it.
    files = CriterionResult._meta.get_field("evidence_files").related_model
    return Exists(files.objects.filter(result_id=OuterRef(result_ref), removed_at__isnull=True))


def lacks_required_evidence(*, status: str, requires_evidence: bool, has_evidence: bool) -> bool:
    """A result at Đạt on a criterion that requires evidence, with no current file."""
    return is_met(status) and requires_evidence and not has_evidence


def missing_required_evidence(assessment_ids) -> dict[int, list[int]]:
    """The numbers of the criteria requiring evidence that have no current file, per assessment.

    Whatever the result's status: a ward is proposed only with every required file there.
    """
    missing: dict[int, list[int]] = {}
    for assessment_id, number in (
        CriterionResult.objects.filter(
            assessment_id__in=assessment_ids, criterion__requires_evidence=True
        )
        .exclude(has_current_evidence())
        .order_by("criterion__number")
        .values_list("assessment_id", "criterion__number")
    ):
        missing.setdefault(assessment_id, []).append(number)
    return missing
