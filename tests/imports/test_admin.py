"""The import's upload, preview, confirm and revert (now the app's pages at /nhap-lieu/), and
what the admin keeps: the template download and the read-only batches."""

import pytest

from tests.imports.pages import IMPORTED, IMPORTS, confirm, preview_url, revert_url, upload
from tests.imports.workbooks import workbook_bytes
from tracker.accounts.models import Role
from tracker.assessments.models import CriterionResult
from tracker.imports.models import ImportBatch
from tracker.units.loading import units_load


@pytest.fixture
def province_officer(officer, client):
    client.force_login(officer)
    return officer


def test_preview_shows_the_change_and_writes_nothing(
    nghe_an_2023, filled, province_officer, client
):
    response = upload(client, workbook_bytes(filled))
    page = response.content.decode()
    assert "Phường Đông Vĩnh (16663)" in page and "TC22" in page
    assert "0 mới, 1 thay đổi, 351 không đổi, 0 bỏ qua" in page
    assert not ImportBatch.objects.exists()
    token = response.context["token"]
    response = confirm(client, token)
    batch = ImportBatch.objects.get()
    assert response.url == IMPORTED
    assert batch.imported_by == province_officer
    stored = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    assert stored.status == "dat"
    # The token is spent: a second confirm cannot apply the file again.
    confirm(client, token)
    assert ImportBatch.objects.count() == 1
    response = client.post(revert_url(batch.pk))
    stored.refresh_from_db()
    assert stored.status == "chua_dat"


def test_confirming_a_file_that_changes_nothing_says_so_and_records_no_batch(
    nghe_an_2023, filled, province_officer, client
):
    """The same file previewed twice (two tabs), both confirmed: the second recorded an
    empty batch and reported success."""
    data = workbook_bytes(filled)
    first, second = (upload(client, data).context["token"] for _ in range(2))
    client.post(preview_url(first), follow=True)
    batch = ImportBatch.objects.get()
    response = client.post(preview_url(second), follow=True)
    assert response.redirect_chain == [(IMPORTED, 302)]
    assert [(m.level_tag, m.message) for m in response.context["page_messages"]] == [
        (
            "warning",
            "nghe-an.xlsx: không có thay đổi nào so với dữ liệu hiện có; không ghi lần nhập nào.",
        )
    ]
    assert list(ImportBatch.objects.all()) == [batch]


def test_preview_lists_errors_and_offers_no_confirm(nghe_an_2023, filled, province_officer, client):
    filled["Tiêu chí"]["F12"] = "Dat roi"
    page = upload(client, workbook_bytes(filled)).content.decode()
    assert "nghe-an.xlsx, sheet Tiêu chí, ô F12: &#x27;Dat roi&#x27; không phải" in page
    assert "Xác nhận nhập" not in page


def test_confirm_with_a_token_from_nowhere_writes_nothing(nghe_an_2023, province_officer, client):
    response = client.post(preview_url("..etc-passwd"))
    assert response.url == IMPORTS
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("role", "province", "ward"), [(Role.WARD, None, "16663"), (Role.VIEWER, "40", None)]
)
def test_ward_and_viewer_accounts_cannot_import(
    nghe_an_2023, account, client, role, province, ward
):
    client.force_login(account("khac", role, province=province, ward=ward))
    assert upload(client, b"Ma phuong,TC22\n16663,Dat\n", "a.csv").status_code == 403
    assert client.get("/admin/tracker/importbatch/export/?year=2023").status_code == 403


def test_another_province_cannot_import_nghe_an_wards(nghe_an_2023, filled, account, client):
    units_load(edition="2023", only_provinces={"01"})
    client.force_login(account("hanoi", Role.PROVINCE, province="01"))
    page = upload(client, workbook_bytes(filled)).content.decode()
    # Read within the officer's own province, the workbook is refused, naming both.
    assert "tệp dành cho Tỉnh Nghệ An (40), không phải Thành phố Hà Nội (01)" in page
    assert "Xác nhận nhập" not in page
    # Nghệ An is not in its list: the form says so and gives no file.
    export = client.get("/admin/tracker/importbatch/export/?province=40&year=2023")
    assert "Không có tỉnh mã 40 trong danh sách của bạn" in export.content.decode()
    assert "Content-Disposition" not in export
    assert not ImportBatch.objects.exists()
    stored = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    assert (stored.status, stored.version) == ("chua_dat", 0)


def test_template_download(nghe_an_2023, province_officer, client):
    response = client.get("/admin/tracker/importbatch/export/?province=40&year=2023")
    assert response["Content-Disposition"] == 'attachment; filename="tieu-chi-tinh-40-2023.xlsx"'
    assert response.content.startswith(b"PK")
