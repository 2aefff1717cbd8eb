"""The figures of measured criteria through the API: read with the criterion's indicator,
PATCHed through the same service and checks as the ward page."""

from decimal import Decimal

from django.db.models import Q

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.criteria.indicators import Figures


def _result(assessment, number) -> CriterionResult:
    return CriterionResult.objects.get(assessment=assessment, criterion__number=number)


def _patch(client, result, body):
    result.refresh_from_db()
    return client.patch(f"/api/v1/results/{result.pk}/", body, If_Match=f'"{result.version}"')


def test_a_result_shows_its_figures_and_its_criterion_indicator(people, api, dong_vinh):
    result = _result(dong_vinh, 7)
    criterion_result_set_status(result=result, user=None, figures=Figures(Decimal(9), Decimal(10)))
    body = api(people["ward"]).get(f"/api/v1/results/{result.pk}/").json()
    assert (body["numerator"], body["denominator"], body["value"]) == ("9.00", "10.00", None)
    assert body["status"] == ResultStatus.MET
    assert body["status_reason"] in ("", None)
    indicator = body["indicator"]
    assert (indicator["kind"], indicator["comparison"], indicator["unit"]) == ("ti_le", ">=", "%")
    assert Decimal(indicator["threshold"]) == 80
    unmeasured = dong_vinh.results.filter(
        Q(criterion__measure__isnull=True) | Q(criterion__measure="")
    ).first()
    shown = api(people["ward"]).get(f"/api/v1/results/{unmeasured.pk}/").json()
    assert (shown["indicator"], shown["numerator"]) == (None, None)


def test_the_criteria_set_shows_each_criterion_indicator(people, api, dong_vinh):
    response = api(people["ward"]).get(f"/api/v1/criteria-sets/{dong_vinh.criteria_set_id}/")
    assert response.status_code == 200
    criteria = {c["number"]: c for c in response.json()["criteria"]}
    assert criteria[7]["indicator"]["kind"] == "ti_le"
    assert Decimal(criteria[7]["indicator"]["threshold"]) == 80
    assert criteria[1]["indicator"]["kind"] == "gia_tri"


def test_patched_figures_set_the_status_against_the_threshold(people, api, dong_vinh):
    result = _result(dong_vinh, 7)
    client = api(people["ward"])
    met = _patch(client, result, {"numerator": 9, "denominator": 10})
    assert met.status_code == 200, met.json()
    assert (met.json()["status"], met.json()["numerator"]) == (ResultStatus.MET, "9.00")
    not_met = _patch(client, result, {"numerator": "7", "denominator": "10"})
    assert not_met.status_code == 200, not_met.json()
    assert not_met.json()["status"] == ResultStatus.NOT_MET
    result.refresh_from_db()
    assert (result.numerator, result.denominator, result.status) == (
        Decimal(7),
        Decimal(10),
        ResultStatus.NOT_MET,
    )
    # One part sent: the other is the stored one.
    again = _patch(client, result, {"numerator": 8})
    assert again.json()["status"] == ResultStatus.MET


def test_a_numerator_above_its_denominator_is_refused_and_nothing_written(people, api, dong_vinh):
    result = _result(dong_vinh, 7)
    before = (result.version, result.status, result.numerator, result.denominator)
    response = _patch(api(people["ward"]), result, {"numerator": 12, "denominator": 10})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "numerator_above_denominator"
    assert "tử số" in problem["detail"]
    assert "lớn hơn mẫu số" in problem["errors"]["numerator"][0]
    result.refresh_from_db()
    assert (result.version, result.status, result.numerator, result.denominator) == before


def test_one_part_of_a_ratio_or_a_negative_figure_is_refused(people, api, dong_vinh):
    result = _result(dong_vinh, 7)
    client = api(people["ward"])
    alone = _patch(client, result, {"numerator": 5})
    assert alone.status_code == 422
    assert "denominator" in alone.json()["errors"]
    negative = _patch(client, _result(dong_vinh, 1), {"value": -1})
    assert negative.status_code == 422
    assert "không được âm" in negative.json()["errors"]["value"][0]
    result.refresh_from_db()
    assert result.numerator is None


def test_a_status_against_its_figures_needs_a_reason_kept_in_the_history(people, api, dong_vinh):
    result = _result(dong_vinh, 7)
    client = api(people["ward"])
    assert _patch(client, result, {"numerator": 7, "denominator": 10}).status_code == 200
    refused = _patch(client, result, {"status": ResultStatus.MET})
    assert refused.status_code == 422
    assert "lý do" in refused.json()["errors"]["status_reason"][0]
    result.refresh_from_db()
    assert result.status == ResultStatus.NOT_MET
    reason = "Số liệu quý IV chưa cập nhật"
    accepted = _patch(client, result, {"status": ResultStatus.MET, "status_reason": reason})
    assert accepted.status_code == 200, accepted.json()
    assert (accepted.json()["status"], accepted.json()["status_reason"]) == (
        ResultStatus.MET,
        reason,
    )
    history = client.get(f"/api/v1/results/{result.pk}/history/").json()
    latest = history[0]
    assert (latest["status"], latest["status_reason"]) == (ResultStatus.MET, reason)
    assert (latest["numerator"], latest["denominator"]) == ("7.00", "10.00")


def test_a_figure_that_is_not_a_number_is_a_400_naming_it(people, api, dong_vinh):
    result = _result(dong_vinh, 7)
    response = _patch(api(people["ward"]), result, {"numerator": "chín"})
    assert response.status_code == 400
    assert response.json()["errors"]["numerator"] == ["Cần một số."]
