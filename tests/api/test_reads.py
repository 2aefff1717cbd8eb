"""Reads in the token's scope: another province's objects are absent, 404 for a direct id."""

import io
import json

from django.core.management import call_command

from tracker.assessments.models import CriterionResult


def _codes(response, key="province"):
    return {
        item[key] if isinstance(item[key], str) else item[key]["code"]
        for item in response.json()["results"]
    }


def test_a_province_token_reads_its_own_province_only(people, api, hanoi_assessment):
    client = api(people["province"])
    assessments = client.get("/api/v1/assessments/", {"year": 2023})
    assert assessments.status_code == 200
    assert assessments.json()["count"] == 16
    assert _codes(assessments) == {"40"}
    results = client.get("/api/v1/results/", {"year": 2023, "page_size": 500})
    assert _codes(results) == {"40"}
    hanoi_result = hanoi_assessment.results.first()
    for path in (
        f"/api/v1/assessments/{hanoi_assessment.pk}/",
        f"/api/v1/results/{hanoi_result.pk}/",
        f"/api/v1/results/{hanoi_result.pk}/history/",
        f"/api/v1/units/{hanoi_assessment.ward_id}/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_a_ward_token_reads_its_ward_only(people, api, dong_vinh):
    client = api(people["ward"])
    assessments = client.get("/api/v1/assessments/").json()
    assert [a["ward"]["code"] for a in assessments["results"]] == ["16663"]
    results = client.get("/api/v1/results/", {"page_size": 500}).json()
    assert {r["ward"] for r in results["results"]} == {"16663"}
    assert results["count"] == dong_vinh.results.count()
    assert client.get("/api/v1/units/").json()["count"] == 1
    # A ward account reads no province's progress.
    assert client.get("/api/v1/progress/").status_code == 403


def test_filters_by_ward_criterion_and_status(people, api, dong_vinh):
    client = api(people["province"])
    body = client.get("/api/v1/results/", {"ward": "16663", "criterion": 22}).json()
    assert body["count"] == 1
    (result,) = body["results"]
    assert (result["ward"], result["criterion"], result["year"]) == ("16663", 22, 2023)
    assert client.get("/api/v1/assessments/", {"year": 2031}).json()["count"] == 0
    wrong = client.get("/api/v1/results/", {"year": "abc"})
    assert wrong.status_code == 400
    assert "year" in wrong.json()["errors"]


def test_progress_has_the_figures_of_the_progress_command(people, api):
    out = io.StringIO()
    call_command("progress", "--province", "40", "--year", "2023", "--format", "json", stdout=out)
    response = api(people["province"]).get("/api/v1/progress/", {"province": "40", "year": 2023})
    assert response.status_code == 200
    assert response.json() == json.loads(out.getvalue())


def test_a_results_history_says_who_changed_what(people, api, dong_vinh):
    result = CriterionResult.objects.get(assessment=dong_vinh, criterion__number=22)
    client = api(people["province"])
    etag = client.get(f"/api/v1/results/{result.pk}/")["ETag"]
    client.patch(f"/api/v1/results/{result.pk}/", {"status": "dat"}, If_Match=etag)
    history = client.get(f"/api/v1/results/{result.pk}/history/").json()
    assert history[0]["user"] == "tinh40"
    assert history[0]["status"] == "dat"
    assert "Qua API" in history[0]["reason"]
    assert history[1]["status"] != "dat"
