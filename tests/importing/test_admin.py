"""The admin's upload, preview, confirm and revert pages."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.importing.workbooks import workbook_bytes
from tracker.models import CriterionResult, ImportBatch


@pytest.fixture
def province_officer(officer, client):
    officer.user_permissions.add(Permission.objects.get(codename="change_criterionresult"))
    client.force_login(officer)
    return officer


def upload(client, data: bytes, name="nghe-an.xlsx"):
    return client.post(
        "/admin/tracker/importbatch/upload/",
        {"file": SimpleUploadedFile(name, data), "province": "", "year": ""},
    )


def test_preview_shows_the_change_and_writes_nothing(
    nghe_an_2023, filled, province_officer, client
):
    response = upload(client, workbook_bytes(filled))
    page = response.content.decode()
    assert "Phường Đông Vĩnh (16663)" in page and "TC22" in page
    assert "0 mới, 1 thay đổi, 351 không đổi, 0 bỏ qua" in page
    assert not ImportBatch.objects.exists()
    token = response.context["token"]
    response = client.post("/admin/tracker/importbatch/confirm/", {"token": token})
    batch = ImportBatch.objects.get()
    assert response.url == f"/admin/tracker/importbatch/{batch.pk}/change/"
    assert batch.imported_by == province_officer
    stored = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    assert stored.status == "dat"
    # The token is spent: a second confirm cannot apply the file again.
    client.post("/admin/tracker/importbatch/confirm/", {"token": token})
    assert ImportBatch.objects.count() == 1
    response = client.post(f"/admin/tracker/importbatch/{batch.pk}/revert/")
    stored.refresh_from_db()
    assert stored.status == "chua_dat"


def test_preview_lists_errors_and_offers_no_confirm(nghe_an_2023, filled, province_officer, client):
    filled["Tiêu chí"]["F12"] = "Dat roi"
    page = upload(client, workbook_bytes(filled)).content.decode()
    assert "nghe-an.xlsx, sheet Tiêu chí, ô F12: &#x27;Dat roi&#x27; không phải" in page
    assert "Xác nhận nhập" not in page


def test_confirm_with_a_token_from_nowhere_writes_nothing(nghe_an_2023, province_officer, client):
    response = client.post("/admin/tracker/importbatch/confirm/", {"token": "../../etc/passwd"})
    assert response.url == "/admin/tracker/importbatch/upload/"
    assert not ImportBatch.objects.exists()


def test_pages_need_the_change_permission_on_results(nghe_an_2023, officer, client):
    client.force_login(officer)
    assert client.get("/admin/tracker/importbatch/upload/").status_code == 403
    assert client.get("/admin/tracker/importbatch/export/?year=2023").status_code == 403


def test_template_download(nghe_an_2023, province_officer, client):
    response = client.get("/admin/tracker/importbatch/export/?province=40&year=2023")
    assert response["Content-Disposition"] == 'attachment; filename="tieu-chi-tinh-40-2023.xlsx"'
    assert response.content.startswith(b"PK")
