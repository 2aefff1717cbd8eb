"""The one path of every status change keeps who, when, from what, to what (issue 3, point 4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.assessments.services import (
    ResultUpdate,
    StaleResultError,
    assessment_register,
    assessment_set_status,
    criterion_result_set_status,
    criterion_results_bulk_set_status,
)


@pytest.fixture
def result(nghe_an_2023):
    return CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=22
    )


def test_change_is_recorded_with_who_when_from_and_to(result, officer):
    criterion_result_set_status(
        result=result, user=officer, status=ResultStatus.MET, reason="Biên bản 12/2023"
    )
    stored = CriterionResult.objects.get(pk=result.pk)
    assert (stored.status, stored.changed_by, stored.version) == (ResultStatus.MET, officer, 1)
    latest, before = stored.history.all()[:2]
    assert latest.history_user == officer
    assert latest.history_change_reason == "Biên bản 12/2023"
    assert latest.history_date == stored.changed_at
    delta = latest.diff_against(before, included_fields=["status"])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("status", ResultStatus.NOT_MET, ResultStatus.MET)
    ]


def test_unknown_status_is_refused_and_nothing_changes(result, officer):
    with pytest.raises(ValidationError) as error:
        criterion_result_set_status(result=result, user=officer, status="dat roi")
    assert error.value.code == "invalid_status"
    assert CriterionResult.objects.get(pk=result.pk).status == ResultStatus.NOT_MET
    assert result.history.count() == 1


def test_same_value_writes_no_history(result, officer):
    criterion_result_set_status(result=result, user=officer, status=ResultStatus.NOT_MET)
    assert result.history.count() == 1


def test_stale_version_is_refused_with_the_current_value(result, officer, national_admin):
    criterion_result_set_status(result=result, user=national_admin, status=ResultStatus.MET)
    with pytest.raises(StaleResultError) as error:
        criterion_result_set_status(
            result=result, user=officer, status=ResultStatus.IN_PROGRESS, expected_version=0
        )
    assert error.value.code == "stale"
    assert "Đạt" in error.value.messages[0]
    assert CriterionResult.objects.get(pk=result.pk).status == ResultStatus.MET


def test_assessment_status_history(result, national_admin):
    assessment = result.assessment
    with pytest.raises(ValidationError) as error:
        assessment_set_status(
            assessment=assessment, user=national_admin, status=AssessmentStatus.RECOGNIZED
        )
    assert [e.code for e in error.value.error_dict["__all__"]] == ["decision_required"]
    assessment_set_status(
        assessment=assessment,
        user=national_admin,
        status=AssessmentStatus.RECOGNIZED,
        decision_number="123/QĐ-BCA",
        decision_date="2024-01-15",
    )
    latest, before = Assessment.objects.get(pk=assessment.pk).history.all()[:2]
    assert latest.history_user == national_admin
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(before).changes}
    assert changes["status"] == (AssessmentStatus.BUILDING, AssessmentStatus.RECOGNIZED)


def test_a_province_cannot_set_recognition_directly(result, officer):
    with pytest.raises(PermissionDenied):
        assessment_set_status(
            assessment=result.assessment,
            user=officer,
            status=AssessmentStatus.RECOGNIZED,
            decision_number="1",
            decision_date="2024-01-15",
        )
    assert Assessment.objects.get(pk=result.assessment_id).status == AssessmentStatus.BUILDING


def test_register_creates_one_result_per_criterion(nghe_an_2023, officer):
    cohort = Assessment.objects.first()
    ward = cohort.ward.province.wards.get(code="16717")  # Nghi Thuỷ, not in the 2023 cohort
    assessment = assessment_register(
        ward=ward, year=2024, criteria_set=cohort.criteria_set, user=officer
    )
    assert assessment.results.count() == 22
    assert set(assessment.results.values_list("status", flat=True)) == {ResultStatus.NOT_ASSESSED}
    assert CriterionResult.history.filter(assessment_id=assessment.pk).count() == 22


def test_register_refuses_a_commune_and_a_second_registration(nghe_an_2023, officer):
    cohort = Assessment.objects.first()
    commune = cohort.ward.province.wards.filter(kind="xa").first()
    with pytest.raises(ValidationError) as error:
        assessment_register(ward=commune, year=2024, criteria_set=cohort.criteria_set, user=officer)
    assert "không phải là phường" in str(error.value)
    with pytest.raises(ValidationError):
        assessment_register(
            ward=cohort.ward, year=2023, criteria_set=cohort.criteria_set, user=officer
        )
    assert Assessment.objects.count() == 16


def _ward_results(ward_code: str = "16663"):
    return list(
        CriterionResult.objects.filter(
            assessment__ward__code=ward_code, assessment__year=2023
        ).order_by("criterion__number")
    )


def test_bulk_change_bumps_every_result_and_writes_one_history_row_each(nghe_an_2023, officer):
    results = _ward_results()
    changed = criterion_results_bulk_set_status(
        updates=[
            ResultUpdate(result_id=r.pk, status=ResultStatus.MET, expected_version=r.version)
            for r in results
        ],
        user=officer,
        reason="Biên bản tổng hợp",
    )
    assert changed == len(results) == 22
    stored = CriterionResult.objects.filter(pk__in=[r.pk for r in results])
    assert {(s.status, s.version, s.changed_by_id) for s in stored} == {
        (ResultStatus.MET, 1, officer.pk)
    }
    latest = CriterionResult.history.filter(id__in=[r.pk for r in results], history_type="~")
    assert latest.count() == 22
    assert {(h.history_user_id, h.history_change_reason) for h in latest} == {
        (officer.pk, "Biên bản tổng hợp")
    }


@pytest.mark.parametrize("how", ["changed meanwhile", "deleted meanwhile"])
def test_bulk_change_with_one_stale_result_changes_nothing(nghe_an_2023, officer, how):
    results = _ward_results()
    stale = results[5]
    if how == "changed meanwhile":
        criterion_result_set_status(result=stale, user=officer, status=ResultStatus.IN_PROGRESS)
    else:
        CriterionResult.objects.filter(pk=stale.pk).delete()
    history_before = CriterionResult.history.count()
    with pytest.raises(StaleResultError) as error:
        criterion_results_bulk_set_status(
            updates=[
                ResultUpdate(result_id=r.pk, status=ResultStatus.MET, expected_version=r.version)
                for r in results
            ],
            user=officer,
        )
    assert error.value.code == "stale"
    assert "1 kết quả" in error.value.messages[0]
    assert (
        CriterionResult.objects.filter(
            pk__in=[r.pk for r in results if r.pk != stale.pk], version=0
        ).count()
        == 21
    )
    assert CriterionResult.history.count() == history_before
