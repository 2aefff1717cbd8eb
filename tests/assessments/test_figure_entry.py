"""Figures typed on the ward page: they set the status, are checked where they are typed, and
a status against them asks for its reason (issue "Criteria measured by numbers", points 3
and 4)."""

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from tests.criteria.figure_rules import serious_cases_within_all_cases
from tracker.assessments.forms import EDITABLE
from tracker.assessments.models import CriterionResult, ResultStatus

pytestmark = pytest.mark.usefixtures("nghe_an_2023")

URL = "/phuong/16663/?year=2023"


def _form_data(response, changes: dict[int, dict]) -> dict:
    """What the browser sends back, changes as {criterion number: {field: value}}."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()
    }
    for i, form in enumerate(formset.forms):
        number = formset.results[form.initial["result"]].criterion.number
        for name, value in (dict(form.initial) | changes.get(number, {})).items():
            data[f"{formset.prefix}-{i}-{name}"] = value
        for name in EDITABLE:
            data[f"initial-{formset.prefix}-{i}-{name}"] = form.initial[name]
    return data


def _result(number: int) -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=number
    )


def test_the_page_shows_the_threshold_and_the_figures_set_the_status(editor_client):
    page = editor_client.get(URL)
    assertContains(page, "Chỉ tiêu: ≥ 80%")
    assertContains(page, "Tử số (số vụ điều tra khám phá)")
    response = editor_client.post(
        URL, _form_data(page, {7: {"numerator": "7", "denominator": "10"}})
    )
    assertRedirects(response, URL, fetch_redirect_response=False)
    tc7 = _result(7)
    assert (tc7.status, tc7.numerator, tc7.denominator) == (ResultStatus.NOT_MET, 7, 10)
    assert tc7.history.first().history_user.username == "tinh40"
    assertContains(editor_client.get(URL), "7/10 (70%)")


def test_more_cleared_than_occurred_is_refused_at_its_field(editor_client):
    page = editor_client.get(URL)
    response = editor_client.post(
        URL, _form_data(page, {7: {"numerator": "120", "denominator": "100"}, 5: {"note": "x"}})
    )
    assertContains(response, "Chưa lưu gì")
    assertContains(response, "tử số 120 (số vụ điều tra khám phá) lớn hơn mẫu số 100")
    assert _result(7).numerator is None and _result(5).note == ""


def test_a_word_is_not_a_figure(editor_client):
    page = editor_client.get(URL)
    response = editor_client.post(URL, _form_data(page, {1: {"value": "năm"}}))
    assertContains(response, "&#x27;năm&#x27; không phải là một số")


def test_a_status_against_the_figure_needs_a_reason(editor_client):
    page = editor_client.get(URL)
    editor_client.post(URL, _form_data(page, {1: {"value": "4"}}))
    assert _result(1).status == ResultStatus.NOT_MET
    page = editor_client.get(URL)
    response = editor_client.post(URL, _form_data(page, {1: {"status": ResultStatus.MET}}))
    assertContains(response, "hãy ghi lý do, hoặc sửa số liệu")
    assert _result(1).status == ResultStatus.NOT_MET
    why = "Đã có quyết định điều động bổ sung 1 đồng chí từ 01/12."
    response = editor_client.post(
        URL, _form_data(page, {1: {"status": ResultStatus.MET, "status_reason": why}})
    )
    assertRedirects(response, URL, fetch_redirect_response=False)
    tc1 = _result(1)
    assert (tc1.status, tc1.value, tc1.status_reason) == (ResultStatus.MET, Decimal(4), why)
    assert tc1.history.first().status_reason == why


def test_a_rule_between_two_rows_of_one_form_is_checked_once_written(editor_client):
    serious_cases_within_all_cases()
    page = editor_client.get(URL)
    # Both rows change together: only the state once written counts.
    ok = {7: {"numerator": "9", "denominator": "10"}, 8: {"numerator": "3", "denominator": "3"}}
    assertRedirects(
        editor_client.post(URL, _form_data(page, ok)), URL, fetch_redirect_response=False
    )
    page = editor_client.get(URL)
    response = editor_client.post(
        URL, _form_data(page, {8: {"numerator": "12", "denominator": "12"}})
    )
    assertContains(response, "TC8 Tử số (12) phải ≤ TC7 Tử số (9)")
    assert _result(8).numerator == 3
