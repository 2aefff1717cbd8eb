"""The account form picks the map, then the province and the ward by code or name on it,
never by internal id, and refuses a ward outside its province (issue 26, point 4)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.clock import AFTER_MIDNIGHT
from tracker.accounts.models import AuditAction, AuditEvent, Role
from tracker.units.loading import units_load

SONG_TRI = "18754"  # a phường of Hà Tĩnh (42) on the 2025 map


@pytest.fixture
def admin_client(nghe_an_both_maps, national_admin, client):
    units_load(edition="2025", only_provinces={"42"})
    client.force_login(national_admin)
    return client


def add(client, *, role, map_code="2025", province="", ward=""):
    return client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "moi",
            "usable_password": "true",
            "password1": "mot-mat-khau-dai-du",
            "password2": "mot-mat-khau-dai-du",
            "scope-TOTAL_FORMS": "1",
            "scope-INITIAL_FORMS": "0",
            "scope-MIN_NUM_FORMS": "0",
            "scope-MAX_NUM_FORMS": "1",
            "scope-0-role": role,
            "scope-0-map": map_code,
            "scope-0-province": province,
            "scope-0-ward": ward,
        },
    )


def scope_of(username="moi"):
    return get_user_model().objects.get(username=username).scope


def test_typing_40_on_the_2025_map_gives_nghe_an(admin_client):
    """Defect: the field took an internal id, so "40" scoped the account to Bình Thuận."""
    response = add(admin_client, role=Role.PROVINCE, province="40")
    assert response.status_code == 302
    scope = scope_of()
    assert (scope.province.name, scope.province.code) == ("Nghệ An", "40")
    assert scope.province.edition.code == "2025"
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT)
    assert event.target == "moi" and event.province == scope.province
    assert event.detail.endswith("→ Công an tỉnh, Nghệ An (40, bản đồ 2025) (trang quản trị)")


def test_a_province_and_a_ward_found_by_their_names(admin_client):
    add(admin_client, role=Role.WARD, province="nghe an", ward="Thành Vinh")
    scope = scope_of()
    assert (scope.ward.code, scope.ward.edition.code) == ("16681", "2025")
    assert scope.province == scope.ward.province


def test_a_ward_alone_gives_its_province(admin_client):
    add(admin_client, role=Role.WARD, map_code="2023", ward="16663")
    scope = scope_of()
    assert (scope.ward.name, scope.province.code, scope.province.edition.code) == (
        "Phường Đông Vĩnh",
        "40",
        "2023",
    )


def test_a_ward_of_another_province_is_refused(admin_client):
    page = add(admin_client, role=Role.WARD, province="40", ward=SONG_TRI)
    assert page.status_code == 200
    assert (
        "Phường Sông Trí (18754) thuộc Hà Tĩnh, không thuộc Nghệ An đã chọn. "
        "Hãy chọn một phường của Nghệ An, hoặc đổi tỉnh."
    ) in page.content.decode()
    assert not get_user_model().objects.filter(username="moi").exists()


def test_a_code_of_another_map_is_refused_naming_the_map(admin_client):
    page = add(admin_client, role=Role.WARD, ward="16663")  # Đông Vĩnh is on the 2023 map
    assert "Không có phường mã hay tên &#x27;16663&#x27; trên bản đồ 2025." in (
        page.content.decode()
    )
    assert not get_user_model().objects.filter(username="moi").exists()


def test_a_name_of_several_units_asks_for_the_code(admin_client):
    page = add(admin_client, role=Role.WARD, province="40", ward="Vinh")
    text = page.content.decode()
    assert "khớp với nhiều phường trên bản đồ 2025" in text and "16681 – Phường Thành Vinh" in text
    assert "Hãy nhập mã." in text


def test_the_form_shows_codes_and_the_map_in_force_today(admin_client, officer, clock):
    clock(AFTER_MIDNIGHT)  # 6 December 2026: the 2025 map is in force
    new = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert '<option value="2025" selected>' in new
    change = admin_client.get(reverse("admin:auth_user_change", args=[officer.pk]))
    text = change.content.decode()
    # The officer's province is Nghệ An on the 2023 map: shown by its code on that map.
    assert '<option value="2023" selected>' in text
    assert 'name="scope-0-province" value="40"' in text
