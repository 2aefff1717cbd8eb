"""The import at /nhap-lieu/: who sees which batches, the choices for the conflicts, a refused
confirm that keeps the preview and the choices, the revert, and what the admin keeps."""

import pytest
from django.test import Client

from tests.imports.pages import IMPORTED, IMPORTS, confirm, preview_url, revert_url, upload
from tests.imports.test_three_way import app_change, returned, stored
from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.accounts.models import Role
from tracker.imports.models import ImportBatch, ImportPreview
from tracker.units.loading import units_load

# Đông Vĩnh (16663) is row 11 of the template, Hà Huy Tập (16666) row 12; TC22 is column Y.
TWO = {"Y11": "Đạt", "Y12": "Đạt"}


@pytest.fixture
def exported(nghe_an_2023) -> bytes:
    return template_bytes()


@pytest.fixture
def officer_client(officer, client):
    client.force_login(officer)
    return client


def two_conflicts(exported, officer, client):
    """Both wards' TC22 changed in the app since the export, and set to Đạt in the file."""
    app_change("16663", 22, "dang_thuc_hien", officer)
    app_change("16666", 22, "dang_thuc_hien", officer)
    response = upload(client, returned(exported, TWO))
    ids = {c.ward_code: c.result_id for c, _text in response.context["conflicts"]}
    return response.context["token"], ids


def batch_of(client, officer, filled) -> ImportBatch:
    token = upload(client, workbook_bytes(filled)).context["token"]
    confirm(client, token)
    return ImportBatch.objects.get()


def test_the_preview_names_each_changed_cell_and_the_confirm_says_what_happened(
    nghe_an_2023, filled, officer_client
):
    response = upload(officer_client, workbook_bytes(filled))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<td>Tiêu chí!Y11</td>" in page and "Phường Đông Vĩnh (16663)" in page
    assert "Xác nhận nhập" in page
    response = confirm(officer_client, response.context["token"])
    assert response.url == IMPORTED
    listing = officer_client.get(IMPORTS)
    shown = [str(m) for m in listing.context["page_messages"]]
    assert listing.content.decode().count("Đã nhập tệp nghe-an.xlsx") == 1  # said once
    batch = ImportBatch.objects.get()
    assert shown == [
        f"Đã nhập tệp nghe-an.xlsx: 1 kết quả thay đổi ở 1 phường (lần nhập #{batch.pk}: "
        "0 mới, 1 thay đổi, 351 không đổi, 0 bỏ qua)."
    ]
    assert stored("16663", 22).status == "dat"


def test_a_refused_confirm_shows_the_preview_again_with_the_choices_made(
    exported, officer, officer_client
):
    token, ids = two_conflicts(exported, officer, officer_client)
    # One conflict chosen, the other left: refused, the same preview shown again.
    response = confirm(officer_client, token, **{f"conflict-{ids['16663']}": "file"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["refusal"][0].startswith(
        "nghe-an.xlsx: 1 ô đã sửa trong tệp cũng đã được thay đổi trong hệ thống"
    )
    assert response.context["token"] == token and ImportPreview.objects.filter(pk=token).exists()
    assert f'name="conflict-{ids["16663"]}" value="file" checked' in page
    assert f'name="conflict-{ids["16666"]}" value="keep">' in page
    assert f'name="conflict-{ids["16666"]}" value="file">' in page
    assert "không cần tải tệp lên lại" in page
    assert not ImportBatch.objects.exists()
    assert stored("16663", 22).status == "dang_thuc_hien"
    # The missing choice made on the page shown again: applied, with no new upload.
    response = confirm(
        officer_client,
        token,
        **{f"conflict-{ids['16663']}": "file", f"conflict-{ids['16666']}": "keep"},
    )
    assert response.url == IMPORTED
    assert ImportBatch.objects.count() == 1 and not ImportPreview.objects.exists()
    assert (stored("16663", 22).status, stored("16666", 22).status) == ("dat", "dang_thuc_hien")


def test_a_choice_for_all_settles_every_conflict(exported, officer, officer_client):
    token, _ids = two_conflicts(exported, officer, officer_client)
    confirm(officer_client, token, conflicts="file")
    assert (stored("16663", 22).status, stored("16666", 22).status) == ("dat", "dat")


def test_a_conflicts_own_choice_wins_over_the_one_for_all(exported, officer, officer_client):
    token, ids = two_conflicts(exported, officer, officer_client)
    confirm(officer_client, token, conflicts="keep", **{f"conflict-{ids['16666']}": "file"})
    assert (stored("16663", 22).status, stored("16666", 22).status) == ("dang_thuc_hien", "dat")


def test_a_stale_preview_is_shown_again_as_the_data_stands_and_needs_no_new_upload(
    exported, officer, officer_client
):
    token = upload(officer_client, returned(exported, {"Y11": "Đạt"})).context["token"]
    app_change("16663", 22, "dang_thuc_hien", officer)  # between preview and confirm
    response = confirm(officer_client, token)
    assert response.context["refusal"][0].startswith(
        "nghe-an.xlsx: 1 kết quả đã được thay đổi sau khi xem trước"
    )
    # Now a conflict, shown with the preview kept: choosing the file's value applies it.
    assert response.context["token"] == token
    (conflict, _text), *others = response.context["conflicts"]
    assert not others and conflict.current_status == "dang_thuc_hien"
    assert not ImportBatch.objects.exists()
    confirm(officer_client, token, **{f"conflict-{conflict.result_id}": "file"})
    assert ImportBatch.objects.count() == 1 and stored("16663", 22).status == "dat"


def test_revert_asks_first_then_says_what_it_put_back(nghe_an_2023, filled, officer, client):
    client.force_login(officer)
    batch = batch_of(client, officer, filled)
    listing = client.get(IMPORTS).content.decode()
    assert f'href="{revert_url(batch.pk)}"' in listing and "Đã áp dụng" in listing
    page = client.get(revert_url(batch.pk))
    assert "Trả lại các giá trị mà lần nhập tệp nghe-an.xlsx" in page.content.decode()
    assert stored("16663", 22).status == "dat"  # asking changes nothing
    response = client.post(revert_url(batch.pk), follow=True)
    assert [str(m) for m in response.context["page_messages"]] == [
        f"Đã hoàn tác lần nhập #{batch.pk} (tệp nghe-an.xlsx): trả lại 1 kết quả như trước "
        "lần nhập."
    ]
    assert stored("16663", 22).status == "chua_dat"
    assert "Đã hoàn tác lúc" in response.content.decode()
    again = client.post(revert_url(batch.pk), follow=True)
    assert "đã được hoàn tác lúc" in str(list(again.context["page_messages"])[0])


def test_a_province_sees_and_reverts_only_its_own_batches(
    nghe_an_2023, filled, officer, account, client, national_admin
):
    client.force_login(officer)
    batch = batch_of(client, officer, filled)
    pending = upload(client, workbook_bytes(filled)).context["token"]  # another, not confirmed
    units_load(edition="2023", only_provinces={"01"})
    hanoi = Client()
    hanoi.force_login(account("hanoi", Role.PROVINCE, province="01"))
    listing = hanoi.get(IMPORTS)
    assert list(listing.context["batches"]) == []
    assert "nghe-an.xlsx" not in listing.content.decode()
    assert hanoi.get(revert_url(batch.pk)).status_code == 404
    assert hanoi.post(revert_url(batch.pk)).status_code == 404
    assert hanoi.get(preview_url(pending)).status_code == 404
    assert hanoi.post(preview_url(pending), {"conflicts": "file"}).status_code == 404
    batch.refresh_from_db()
    assert batch.reverted_at is None and stored("16663", 22).status == "dat"
    # The Ministry lists every province's.
    ministry = Client()
    ministry.force_login(national_admin)
    assert list(ministry.get(IMPORTS).context["batches"]) == [batch]


def test_a_ward_account_is_told_why_it_cannot_import(nghe_an_2023, filled, officer, account):
    owner = Client()
    owner.force_login(officer)
    batch = batch_of(owner, officer, filled)
    ward = Client()
    ward.force_login(account("phuong", Role.WARD, ward="16663"))
    for response in (
        ward.get(IMPORTS),
        ward.post(revert_url(batch.pk)),
        ward.get(preview_url("0" * 32)),
    ):
        assert response.status_code == 403
        assert "Tài khoản Công an phường không nhập tệp" in response.content.decode()
    assert 'id="nav-imports"' not in ward.get("/viec-can-lam/").content.decode()
    assert ImportBatch.objects.get().reverted_at is None


def test_a_viewer_lists_the_batches_but_imports_and_reverts_nothing(
    nghe_an_2023, filled, officer, account
):
    owner = Client()
    owner.force_login(officer)
    batch = batch_of(owner, officer, filled)
    viewer = Client()
    viewer.force_login(account("xem", Role.VIEWER, province="40"))
    page = viewer.get(IMPORTS)
    assert page.status_code == 200 and page.context["form"] is None
    assert list(page.context["batches"]) == [batch]
    assert revert_url(batch.pk) not in page.content.decode()
    assert viewer.post(revert_url(batch.pk)).status_code == 403
    assert 'id="nav-imports"' not in page.content.decode()
    assert ImportBatch.objects.get().reverted_at is None


def test_the_navigation_links_the_import_for_those_who_import(officer_client):
    page = officer_client.get(IMPORTS).content.decode()
    assert 'href="/nhap-lieu/?year=2' in page and 'id="nav-imports">Nhập liệu</a>' in page
    assert 'id="import-upload"' in page


def test_the_admin_keeps_a_read_only_list_and_sends_the_upload_to_the_page(
    nghe_an_2023, filled, officer, national_admin
):
    owner = Client()
    owner.force_login(officer)
    batch = batch_of(owner, officer, filled)
    admin = Client()
    admin.force_login(national_admin)
    response = admin.get("/admin/tracker/importbatch/upload/")
    assert (response.status_code, response.url) == (302, IMPORTS)
    listing = admin.get("/admin/tracker/importbatch/").content.decode()
    assert "nghe-an.xlsx" in listing and 'href="/nhap-lieu/"' in listing
    assert "importbatch/upload/" not in listing and "importbatch/add/" not in listing
    change = admin.get(f"/admin/tracker/importbatch/{batch.pk}/change/").content.decode()
    assert "/revert/" not in change and 'name="_save"' not in change
    admin.post(f"/admin/tracker/importbatch/{batch.pk}/revert/")
    batch.refresh_from_db()
    assert batch.reverted_at is None and stored("16663", 22).status == "dat"
