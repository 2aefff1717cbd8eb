"""A reproducible national data set: every phường registered for a year, for scale work."""

import random

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.criteria.models import CriteriaSet
from tracker.units.models import MapEdition, Ward, WardKind

# Most criteria are met in a year's cohort; the weights keep the reports interesting.
STATUS_WEIGHTS = {
    ResultStatus.MET: 70,
    ResultStatus.IN_PROGRESS: 15,
    ResultStatus.NOT_MET: 10,
    ResultStatus.NOT_ASSESSED: 5,
}
REASON = "Dữ liệu sinh ngẫu nhiên (generate_national)"


@transaction.atomic
def national_cohort_generate(
    *, year: int, seed: int, edition: MapEdition, criteria_set: CriteriaSet
) -> dict[str, int]:
    """Register every phường of `edition` not yet registered for `year`, with random statuses.

    The same seed on the same map gives the same statuses. Writes in bulk, with history.
    """
    rng = random.Random(seed)
    registered = set(Assessment.objects.filter(year=year).values_list("ward_id", flat=True))
    wards = Ward.objects.filter(edition=edition, kind=WardKind.WARD).order_by("code")
    numbers = list(criteria_set.criteria.order_by("number").values_list("id", flat=True))
    now = timezone.now()
    assessments = [
        Assessment(
            ward_id=ward_id,
            year=year,
            criteria_set=criteria_set,
            status=AssessmentStatus.BUILDING,
            registered_at=now,
        )
        for ward_id in wards.values_list("id", flat=True)
        if ward_id not in registered
    ]
    bulk_create_with_history(
        assessments, Assessment, batch_size=2000, default_change_reason=REASON, default_date=now
    )
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    results = [
        CriterionResult(
            assessment=assessment,
            criterion_id=criterion_id,
            status=status,
            changed_at=now,
        )
        for assessment in assessments
        for criterion_id, status in zip(
            numbers, rng.choices(statuses, weights, k=len(numbers)), strict=True
        )
    ]
    bulk_create_with_history(
        results, CriterionResult, batch_size=2000, default_change_reason=REASON, default_date=now
    )
    return {"assessments": len(assessments), "results": len(results), "skipped": len(registered)}
