"""The account page (/tai-khoan/): one's own account for everyone; a province's police run
their wards' accounts, the Ministry the provinces'; nobody reaches beyond their scope."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory

from tests.clock import AFTER_MIDNIGHT
from tests.conftest import PASSWORD
from tracker.accounts.managed import (
    account_create,
    account_password_reset,
    account_set_active,
    managed_accounts,
)
from tracker.accounts.models import AuditAction, AuditEvent, Role
from tracker.units.models import District, MapEdition, Province, Ward, WardKind

PAGE = "/tai-khoan/"


@pytest.fixture
def accounts(people, account, clock):
    """The people around Đông Vĩnh, and a ward account of Hà Tĩnh (42), another province."""
    clock(AFTER_MIDNIGHT)
    edition = MapEdition.objects.get(code="2023")
    ha_tinh = Province.objects.create(edition=edition, code="42", name="Tỉnh Hà Tĩnh", kind="tinh")
    district = District.objects.create(
        edition=edition, province=ha_tinh, code="436", name="Thành phố Hà Tĩnh", kind="thanh_pho"
    )
    Ward.objects.create(
        edition=edition,
        province=ha_tinh,
        district=district,
        code="18070",
        name="Phường Bắc Hà",
        kind=WardKind.WARD,
    )
    return {
        **people,
        "other_province": account("tinh42", Role.PROVINCE, province="42"),
        "other_province_ward": account("phuong18070", Role.WARD, ward="18070"),
    }


def text(response) -> str:
    return html.unescape(response.content.decode())


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def logs_in(username: str, password: str) -> bool:
    response = Client().post("/dang-nhap/", {"username": username, "password": password})
    return response.status_code == 302


def account_audits() -> list[tuple[str, str, str, str]]:
    return [
        (e.username, e.target, e.detail, e.province.code if e.province else "")
        for e in AuditEvent.objects.filter(action=AuditAction.ACCOUNT, user__isnull=False).order_by(
            "pk"
        )
    ]


def shown_password(response) -> str:
    return re.search(r'id="temporary-password">([^<]+)<', response.content.decode()).group(1)


@pytest.mark.parametrize("who", ["ward", "viewer", "province", "ministry"])
def test_everyone_sees_their_own_account_with_its_links(accounts, who):
    page = client_of(accounts[who]).get(PAGE).content.decode()
    assert "Tài khoản của tôi" in page
    assert accounts[who].get_username() in page
    assert 'href="/tai-khoan/doi-mat-khau/"' in page
    assert 'href="/tai-khoan/ma-truy-cap/"' in page
    # The name in the navigation leads here.
    assert 'href="/tai-khoan/" class="who" id="nav-account"' in page
    assert ('id="account-create"' in page) == (who in ("province", "ministry"))


def test_the_page_asks_for_a_login(db):
    assert Client().get(PAGE).status_code == 302


def test_a_province_lists_its_wards_accounts_only(accounts):
    page = client_of(accounts["province"]).get(PAGE).content.decode()
    listed = set(re.findall(r'<tr id="account-([^"]+)"', page))
    assert listed == {"phuong16663", "phuong16666"}
    assert set(managed_accounts(accounts["province"])) == {
        accounts["ward"],
        accounts["other_ward"],
    }


def test_the_ministry_lists_province_accounts_and_every_role_when_asked(accounts):
    client = client_of(accounts["ministry"])
    page = client.get(PAGE).content.decode()
    assert set(re.findall(r'<tr id="account-([^"]+)"', page)) == {"tinh40", "tinh42"}
    everyone = client.get(PAGE + "?vai-tro=tat-ca").content.decode()
    assert set(re.findall(r'<tr id="account-([^"]+)"', everyone)) == {
        "tinh40",
        "tinh42",
        "phuong16663",
        "phuong16666",
        "phuong18070",
        "xem40",
    }


def test_a_province_creates_a_ward_account_by_name_with_a_password_shown_once(accounts):
    response = client_of(accounts["province"]).post(
        PAGE,
        {
            "action": "create",
            "username": "dongvinh2",
            "full_name": "Cán bộ Đông Vĩnh",
            "email": "",
            "unit": "Đông Vĩnh",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = shown_password(response)
    user = get_user_model().objects.get(username="dongvinh2")
    assert (user.scope.role, user.scope.ward.code, user.first_name) == (
        "phuong",
        "16663",
        "Cán bộ Đông Vĩnh",
    )
    assert logs_in("dongvinh2", password)
    event = AuditEvent.objects.filter(action=AuditAction.ACCOUNT).latest("pk")
    assert (event.username, event.target, event.province.code) == (
        "tinh40",
        "dongvinh2 – Công an phường (Phường Đông Vĩnh)",
        "40",
    )
    assert event.detail == (
        "Tạo tài khoản: — → Công an phường, Phường Đông Vĩnh (16663, bản đồ 2023)"
    )
    assert event.ip == "127.0.0.1"


def test_a_ward_of_another_province_is_refused_naming_both(accounts):
    response = client_of(accounts["province"]).post(
        PAGE, {"action": "create", "username": "bacha2", "unit": "Bắc Hà"}
    )
    page = text(response)
    assert "Phường Bắc Hà (18070) thuộc Tỉnh Hà Tĩnh, không thuộc Tỉnh Nghệ An" in page
    assert not get_user_model().objects.filter(username="bacha2").exists()
    with pytest.raises(ValidationError, match="không thuộc Tỉnh Nghệ An"):
        account_create(
            by=accounts["province"],
            username="bacha3",
            unit="18070",
            edition=MapEdition.objects.get(code="2023"),
        )


def test_the_ministry_creates_province_accounts(accounts):
    response = client_of(accounts["ministry"]).post(
        PAGE, {"action": "create", "username": "nghean2", "unit": "Nghệ An"}
    )
    password = shown_password(response)
    user = get_user_model().objects.get(username="nghean2")
    assert (user.scope.role, user.scope.province.code, user.is_superuser) == ("tinh", "40", False)
    assert logs_in("nghean2", password)


@pytest.mark.parametrize("who", ["ward", "viewer"])
def test_ward_and_viewer_accounts_manage_nothing(accounts, who):
    client = client_of(accounts[who])
    for data in (
        {"action": "create", "username": "x1", "unit": "16663"},
        {"action": "disable", "account": accounts["other_ward"].pk},
        {"action": "reset", "account": accounts["other_ward"].pk},
    ):
        response = client.post(PAGE, data)
        assert response.status_code == 403
        assert "không quản lý tài khoản nào" in text(response)
    assert get_user_model().objects.get(pk=accounts["other_ward"].pk).is_active
    with pytest.raises(PermissionDenied):
        account_set_active(by=accounts[who], account_id=accounts["other_ward"].pk, active=False)


@pytest.mark.parametrize("target", ["other_province_ward", "other_province", "ministry"])
def test_a_province_touches_no_account_outside_its_wards(accounts, target):
    client = client_of(accounts["province"])
    victim = accounts[target]
    for action in ("disable", "reset"):
        assert client.post(PAGE, {"action": action, "account": victim.pk}).status_code == 404
    with pytest.raises(PermissionDenied, match="không thuộc phạm vi"):
        account_set_active(by=accounts["province"], account_id=victim.pk, active=False)
    with pytest.raises(PermissionDenied, match="không thuộc phạm vi"):
        account_password_reset(
            by=accounts["province"], account_id=victim.pk, request=RequestFactory().post("/")
        )
    victim.refresh_from_db()
    assert victim.is_active and victim.check_password(PASSWORD)
    assert account_audits() == []


def test_the_ministry_disables_a_province_account_not_a_ministry_one(accounts, django_user_model):
    other_admin = django_user_model.objects.create_superuser(username="quantri2", password=PASSWORD)
    client = client_of(accounts["ministry"])
    client.post(PAGE, {"action": "disable", "account": accounts["other_province"].pk})
    assert not django_user_model.objects.get(username="tinh42").is_active
    assert client.post(PAGE, {"action": "disable", "account": other_admin.pk}).status_code == 404
    assert django_user_model.objects.get(username="quantri2").is_active


def test_a_disabled_ward_account_cannot_log_in_until_enabled_again(accounts):
    ward = accounts["ward"]
    client = client_of(accounts["province"])
    ward_session = client_of(ward)
    assert logs_in(ward.username, PASSWORD)
    response = client.post(PAGE, {"action": "disable", "account": ward.pk}, follow=True)
    assert "Đã khoá tài khoản 'phuong16663'" in text(response)
    assert not logs_in(ward.username, PASSWORD)
    # Its open session ends too.
    assert ward_session.get(PAGE).status_code == 302
    # A second click, from a page left open, changes nothing and says so.
    again = client.post(PAGE, {"action": "disable", "account": ward.pk}, follow=True)
    assert "đã bị khoá rồi: không có gì thay đổi" in text(again)
    client.post(PAGE, {"action": "enable", "account": ward.pk})
    assert logs_in(ward.username, PASSWORD)
    assert account_audits() == [
        ("tinh40", "phuong16663", "Khoá tài khoản: đang dùng → đã khoá", "40"),
        ("tinh40", "phuong16663", "Mở khoá tài khoản: đã khoá → đang dùng", "40"),
    ]


def test_a_reset_without_an_address_gives_a_temporary_password_once(accounts, mailoutbox):
    ward = accounts["ward"]
    response = client_of(accounts["province"]).post(PAGE, {"action": "reset", "account": ward.pk})
    assert response["Cache-Control"] == "no-store"
    password = shown_password(response)
    assert "Đã đặt lại mật khẩu của tài khoản 'phuong16663'" in text(response)
    assert not logs_in(ward.username, PASSWORD)
    assert logs_in(ward.username, password)
    assert mailoutbox == []
    assert account_audits()[-1] == (
        "tinh40",
        "phuong16663",
        "Đặt lại mật khẩu: mật khẩu cũ → mật khẩu tạm mới, chỉ hiện một lần",
        "40",
    )


def test_a_reset_with_an_address_sends_the_reset_mail(accounts, mailoutbox):
    ward = accounts["ward"]
    ward.email = "dongvinh@example.vn"
    ward.save()
    response = client_of(accounts["province"]).post(
        PAGE, {"action": "reset", "account": ward.pk}, follow=True
    )
    assert "Đã gửi thư đặt lại mật khẩu tới dongvinh@example.vn" in text(response)
    assert 'id="temporary-password"' not in text(response)
    (mail,) = mailoutbox
    assert mail.to == ["dongvinh@example.vn"]
    assert mail.subject == "Đặt lại mật khẩu – Công an phường điển hình, kiểu mẫu"
    assert "phuong16663" in mail.body and "/quen-mat-khau/" in mail.body
    # Until the link is used, the old password still works.
    assert logs_in(ward.username, PASSWORD)
    assert "gửi thư đặt lại tới dongvinh@example.vn" in account_audits()[-1][2]
