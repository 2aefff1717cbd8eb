"""POST /api/v1/imports/: the plan with ?dry_run=1 writes nothing; without, one batch."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.imports.workbooks import cell_of, template_filled, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.imports.models import ImportBatch

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(data: bytes, name="nghe-an.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def _tc22():
    return CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=22
    )


def test_a_dry_run_answers_the_plan_and_writes_nothing(people, api):
    before = _tc22()
    client = api(people["province"])
    response = client.post(
        "/api/v1/imports/?dry_run=1", {"file": _upload(workbook_bytes(template_filled()))}
    )
    assert response.status_code == 200, response.json()
    plan = response.json()
    assert plan["dry_run"] is True and plan["applied"] is False
    (change,) = plan["changes"]
    assert (change["ward_code"], change["criterion"], change["new_status"]) == ("16663", 22, "dat")
    assert plan["versions"] == {str(before.pk): before.version}
    assert _tc22().version == before.version
    assert not ImportBatch.objects.exists()


def test_an_import_applies_one_batch_that_can_be_reverted(people, api):
    before = _tc22()
    client = api(people["province"])
    response = client.post("/api/v1/imports/", {"file": _upload(workbook_bytes(template_filled()))})
    assert response.status_code == 201, response.json()
    batch = ImportBatch.objects.get(pk=response.json()["batch"])
    assert _tc22().status == "dat"
    assert client.get("/api/v1/imports/").json()["results"][0]["id"] == batch.pk
    reverted = client.post(f"/api/v1/imports/{batch.pk}/revert/")
    assert reverted.status_code == 200
    assert reverted.json()["restored"] == 1
    assert _tc22().status == before.status


def test_errors_come_by_cell_and_a_wrong_file_applies_nothing(people, api):
    workbook = template_filled()
    sheet = workbook["Tiêu chí"]
    where = cell_of(sheet, "16666", "X")
    sheet[where] = "Gần đạt"
    client = api(people["province"])
    plan = client.post(
        "/api/v1/imports/?dry_run=1", {"file": _upload(workbook_bytes(workbook))}
    ).json()
    (error,) = plan["errors"]["cells"]
    assert error["row"] == int(where[1:])
    refused = client.post("/api/v1/imports/", {"file": _upload(workbook_bytes(workbook))})
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["plan"]["errors"]["cells"]
    assert not ImportBatch.objects.exists()


def test_a_ward_token_cannot_import(people, api):
    response = api(people["ward"]).post(
        "/api/v1/imports/?dry_run=1", {"file": _upload(workbook_bytes(template_filled()))}
    )
    assert response.status_code == 403


def test_an_import_given_the_dry_runs_versions_refuses_a_result_changed_since(people, api):
    client = api(people["province"])
    data = workbook_bytes(template_filled())
    plan = client.post("/api/v1/imports/?dry_run=1", {"file": _upload(data)}).json()
    result = _tc22()
    result.note = "Sửa giữa lần chạy thử và lần nhập"
    result.version += 1
    result.save()
    refused = client.post(
        "/api/v1/imports/", {"file": _upload(data), "expected": json.dumps(plan["versions"])}
    )
    assert refused.status_code == 412, refused.json()
    assert refused.json()["plan"]["applied"] is False
    assert not ImportBatch.objects.exists()
