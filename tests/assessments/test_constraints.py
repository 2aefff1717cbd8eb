"""What the database itself refuses (issue 3, point 3)."""

import pytest
from django.db import IntegrityError, transaction

from tracker.assessments.models import Assessment, CriterionResult
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.units.models import Ward


@pytest.fixture
def cohort(nghe_an_2023):
    return Assessment.objects.select_related("criteria_set").get(
        ward__edition__code="2023", ward__code="16663", year=2023
    )


@pytest.fixture
def other_set(db):
    other = CriteriaSet.objects.create(code="KHAC", version="1", name="Bộ khác", year_in_force=2024)
    Criterion.objects.create(
        criteria_set=other,
        number=1,
        short_title="x",
        full_text="x",
        group="g",
        responsible_party="r",
    )
    return other


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_one_assessment_per_ward_and_year(cohort):
    refused(
        lambda: Assessment.objects.create(
            ward=cohort.ward, year=2023, criteria_set=cohort.criteria_set
        )
    )
    Assessment.objects.create(ward=cohort.ward, year=2024, criteria_set=cohort.criteria_set)


def test_one_result_per_criterion_per_assessment(cohort):
    criterion = cohort.criteria_set.criteria.get(number=1)
    refused(lambda: CriterionResult.objects.create(assessment=cohort, criterion=criterion))


def test_criterion_numbers_unique_in_a_set(cohort, other_set):
    refused(
        lambda: Criterion.objects.create(
            criteria_set=cohort.criteria_set,
            number=22,
            short_title="trùng",
            full_text="x",
            group="g",
            responsible_party="r",
        )
    )
    # The same number in another set is fine.
    assert other_set.criteria.get(number=1)


def test_result_criterion_must_be_in_the_assessments_set(cohort, other_set):
    foreign = other_set.criteria.get(number=1)
    refused(lambda: CriterionResult.objects.create(assessment=cohort, criterion=foreign))
    result = cohort.results.get(criterion__number=1)
    refused(lambda: CriterionResult.objects.filter(pk=result.pk).update(criterion=foreign))


def test_assessment_cannot_move_to_another_set_under_its_results(cohort, other_set):
    refused(lambda: Assessment.objects.filter(pk=cohort.pk).update(criteria_set=other_set))
    assert Assessment.objects.get(pk=cohort.pk).criteria_set == cohort.criteria_set


def test_unit_codes_unique_within_an_edition(nghe_an_units):
    ward = Ward.objects.get(edition__code="2023", code="16663")
    refused(
        lambda: Ward.objects.create(
            edition=ward.edition, province=ward.province, code="16663", name="x", kind="phuong"
        )
    )
