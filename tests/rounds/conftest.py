"""People and data of the round tests: Nghệ An's 2023 cohort, its accounts and dated history."""

import datetime

from django.utils import timezone

from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status


def all_met(assessment, user=None):
    result = assessment.results.get(criterion__number=22)
    criterion_result_set_status(result=result, user=user, status=ResultStatus.MET)


def fresh(assessment) -> Assessment:
    return Assessment.objects.get(pk=assessment.pk)


def assessed_on(assessment, day: datetime.date) -> None:
    """Date every history row of the assessment's results to noon of a day (local time)."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    CriterionResult.history.model.objects.filter(assessment_id=assessment.pk).update(
        history_date=at
    )
