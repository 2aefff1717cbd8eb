"""Figures set the status of a measured criterion, are checked at entry, and every change
keeps who, when, from what, to what and how (issue "Criteria measured by numbers", points
3 and 4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.criteria.figure_rules import serious_cases_within_all_cases
from tracker.accounts.models import AuditEvent
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import (
    ResultUpdate,
    StaleResultError,
    criterion_result_set_status,
    criterion_results_bulk_set_status,
)
from tracker.criteria.indicators import Figures
from tracker.criteria.models import Criterion, Measure


def _result(number: int, ward: str = "16663", year: int = 2023) -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__code=ward, assessment__year=year, criterion__number=number
    )


def ratio(a, b) -> Figures:
    return Figures(Decimal(a), Decimal(b))


def test_a_figure_sets_the_status_and_the_history_keeps_from_and_to(nghe_an_2023, officer):
    result = _result(7)
    assert result.status == ResultStatus.MET
    saved = criterion_result_set_status(
        result=result, user=officer, figures=ratio(7, 10), expected_version=0
    )
    assert (saved.status, saved.numerator, saved.denominator) == (
        ResultStatus.NOT_MET,
        Decimal(7),
        Decimal(10),
    )
    saved = criterion_result_set_status(
        result=result, user=officer, figures=ratio(9, 10), expected_version=1, reason="Báo cáo quý"
    )
    assert saved.status == ResultStatus.MET
    latest, before, first = saved.history.all()[:3]
    assert (first.numerator, before.numerator, latest.numerator) == (None, 7, 9)
    assert (latest.history_user, latest.history_change_reason) == (officer, "Báo cáo quý")
    audit = AuditEvent.objects.filter(target__endswith="TC7").order_by("pk").last()
    assert "7/10 (70%) → 9/10 (90%)" in audit.detail


def test_a_status_typed_against_its_figure_needs_a_reason_kept_in_history(nghe_an_2023, officer):
    result = _result(1)
    criterion_result_set_status(result=result, user=officer, figures=Figures(value=Decimal(4)))
    assert _result(1).status == ResultStatus.NOT_MET
    with pytest.raises(ValidationError) as error:
        criterion_result_set_status(result=result, user=officer, status=ResultStatus.MET)
    assert error.value.message_dict["status_reason"][0].startswith(
        "Số liệu TC1 (4 người) cho kết quả 'Chưa đạt', khác với 'Đạt'"
    )
    assert _result(1).status == ResultStatus.NOT_MET
    why = "Một đồng chí được điều động tạm thời, đã có quyết định bổ sung."
    saved = criterion_result_set_status(
        result=result, user=officer, status=ResultStatus.MET, status_reason=why
    )
    assert (saved.status, saved.status_reason) == (ResultStatus.MET, why)
    assert saved.history.first().status_reason == why
    # The figures agreeing again clear the reason.
    saved = criterion_result_set_status(
        result=result, user=officer, figures=Figures(value=Decimal(6))
    )
    assert (saved.status, saved.status_reason) == (ResultStatus.MET, "")


@pytest.mark.parametrize(
    ("figures", "field", "code"),
    [
        (ratio(120, 100), "numerator", "numerator_above_denominator"),
        (Figures(numerator=Decimal(3)), "denominator", "denominator_missing"),
        (Figures(value=Decimal(5)), "value", "not_a_count"),
    ],
)
def test_impossible_figures_are_refused_and_nothing_changes(
    nghe_an_2023, officer, figures, field, code
):
    result = _result(7)
    with pytest.raises(ValidationError) as error:
        criterion_result_set_status(result=result, user=officer, figures=figures)
    assert error.value.error_dict[field][0].code == code
    stored = _result(7)
    assert (stored.numerator, stored.version, stored.history.count()) == (None, 0, 1)


def test_a_negative_count_is_refused(nghe_an_2023, officer):
    with pytest.raises(ValidationError) as error:
        criterion_result_set_status(
            result=_result(1), user=officer, figures=Figures(value=Decimal(-2))
        )
    assert "không được âm" in error.value.message_dict["value"][0]


def test_a_rule_between_criteria_is_refused_at_entry(nghe_an_2023, officer):
    serious_cases_within_all_cases()
    criterion_result_set_status(result=_result(7), user=officer, figures=ratio(8, 10))
    with pytest.raises(ValidationError) as error:
        criterion_result_set_status(result=_result(8), user=officer, figures=ratio(9, 9))
    assert error.value.code == "figure_rule"
    assert "TC8 Tử số (9) phải ≤ TC7 Tử số (8)" in error.value.messages[0]
    assert _result(8).numerator is None


def test_below_last_year_reads_the_wards_previous_year(nghe_an_2023, officer):
    tc11 = Criterion.objects.get(number=11)
    tc11.measure, tc11.comparison, tc11.measure_unit = Measure.COUNT, "<truoc", "vụ"
    tc11.save()
    criterion_result_set_status(result=_result(11), user=officer, figures=Figures(value=Decimal(3)))
    assert _result(11).status == ResultStatus.MET  # no 2022 figure: the status stays


def test_the_bulk_path_writes_figures_with_history_and_refuses_stale(nghe_an_2023, officer):
    result = _result(7)
    criterion_results_bulk_set_status(
        updates=[
            ResultUpdate(
                result_id=result.pk,
                status=ResultStatus.NOT_MET,
                expected_version=0,
                figures=ratio("7.5", 10),
            )
        ],
        user=officer,
        reason="Nhập",
    )
    stored = _result(7)
    assert (stored.numerator, stored.denominator, stored.version) == (Decimal("7.5"), 10, 1)
    assert stored.history.first().numerator == Decimal("7.5")
    with pytest.raises(StaleResultError):
        criterion_results_bulk_set_status(
            updates=[
                ResultUpdate(
                    result_id=result.pk,
                    status=ResultStatus.MET,
                    expected_version=0,
                    figures=ratio(9, 10),
                )
            ],
            user=officer,
        )
    assert _result(7).numerator == Decimal("7.5")
