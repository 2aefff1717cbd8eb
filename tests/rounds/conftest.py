"""People and data of the round tests: Nghệ An's 2023 cohort, its accounts and dated history."""

import datetime

import pytest
from django.utils import timezone

from tracker.assessments.services import criterion_result_set_status
from tracker.models import Assessment, CriterionResult, ResultStatus, Role


@pytest.fixture
def people(nghe_an_2023, account, national_admin):
    return {
        "ward": account("phuong16663", Role.WARD, ward="16663"),
        "other_ward": account("phuong16666", Role.WARD, ward="16666"),
        "province": account("tinh40", Role.PROVINCE, province="40"),
        "viewer": account("xem40", Role.VIEWER, province="40"),
        "ministry": national_admin,
    }


@pytest.fixture
def dong_vinh(nghe_an_2023):
    return Assessment.objects.get(ward__code="16663", year=2023)


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
