"""Accounts with a role and scope, and the audit a national administrator reads (issue 6)."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from tests.clock import AFTER_MIDNIGHT
from tracker.accounts import passwords
from tracker.accounts.models import AuditAction, AuditEvent, Role
from tracker.accounts.services import user_add
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status


def add_user(*args) -> str:
    out = io.StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_password_from_the_environment(nghe_an_units, monkeypatch):
    monkeypatch.setenv("TRACKER_PASSWORD", "mot-mat-khau-dai-du")
    text = add_user("tinh40", "--role", "tinh", "--province", "40")
    user = get_user_model().objects.get(username="tinh40")
    assert user.check_password("mot-mat-khau-dai-du")
    assert "Mật khẩu" not in text
    assert (user.scope.role, user.scope.province.code, user.is_superuser) == ("tinh", "40", False)


def test_random_password_is_printed_once(nghe_an_units, monkeypatch):
    monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
    text = add_user("phuong16663", "--role", "phuong", "--ward", "16663")
    password = text.strip().rsplit(" ", 1)[1]
    user = get_user_model().objects.get(username="phuong16663")
    assert user.check_password(password)
    assert (user.scope.ward.name, user.scope.province.code) == ("Phường Đông Vĩnh", "40")


def test_roles_and_their_scopes(nghe_an_units):
    add_user("bo1", "--role", "bo")
    add_user("xemtq", "--role", "xem")
    add_user("xem40", "--role", "xem", "--province", "40")
    users = {u.username: u for u in get_user_model().objects.select_related("scope")}
    assert users["bo1"].is_superuser and users["bo1"].scope.national
    assert users["xemtq"].scope.national and users["xemtq"].scope.read_only
    assert not users["xem40"].scope.national


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "tinh"], "Vai trò tinh cần --province."),
        (["--role", "phuong"], "Vai trò phuong cần --ward."),
        (["--role", "bo", "--province", "40"], "Vai trò bo có phạm vi toàn quốc"),
        (["--role", "tinh", "--province", "99"], "Không có tỉnh mã '99' trên bản đồ 2023."),
        (["--role", "phuong", "--ward", "16699999"], "Không có phường mã '16699999'"),
    ],
)
def test_bad_accounts_are_refused(nghe_an_units, args, message):
    with pytest.raises(CommandError) as error:
        add_user("x", *args)
    assert message in str(error.value)
    assert not get_user_model().objects.filter(username="x").exists()


def test_a_name_cannot_be_taken_twice(nghe_an_units):
    add_user("tinh40", "--role", "tinh", "--province", "40")
    with pytest.raises(CommandError, match="đã có"):
        add_user("tinh40", "--role", "xem")


def test_accounts_are_made_in_the_admin_with_their_scope(client, national_admin, nghe_an_units):
    client.force_login(national_admin)
    page = client.get(reverse("admin:auth_user_add"))
    assert page.status_code == 200 and "phạm vi tài khoản" in page.content.decode().lower()


@pytest.fixture
def audited(nghe_an_2023, officer, national_admin, client, clock):
    """A login, a status change and a failed login to read back, at 00:30 local time."""
    clock(AFTER_MIDNIGHT)
    client.post("/dang-nhap/", {"username": "canbo", "password": "mat-khau-thu-nghiem"})
    client.post("/dang-nhap/", {"username": "canbo", "password": "sai"})
    result = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    criterion_result_set_status(result=result, user=officer, status=ResultStatus.MET)


def test_every_write_is_audited_with_province(audited, officer):
    event = AuditEvent.objects.get(action=AuditAction.RESULT)
    assert (event.user, event.province.code) == (officer, "40")
    assert "TC22" in event.target and "Chưa đạt → Đạt" in event.detail


def test_national_administrator_lists_and_filters_the_audit(
    audited, client, national_admin, officer
):
    client.force_login(national_admin)
    url = reverse("admin:tracker_auditevent_changelist")
    by_user = client.get(url, {"user__id__exact": officer.pk}).context["cl"].result_list
    assert {e.action for e in by_user} == {AuditAction.LOGIN, AuditAction.RESULT}
    failed = client.get(url, {"action": AuditAction.LOGIN_FAILED}).context["cl"].result_list
    assert [e.username for e in failed] == ["canbo"]
    event = AuditEvent.objects.get(action=AuditAction.RESULT)
    by_province = client.get(url, {"province": "40"}).context["cl"].result_list
    assert event in by_province and {e.province_id for e in by_province} == {event.province_id}
    # The admin's date filter counts days in Asia/Ho_Chi_Minh, 7 hours ahead of the stored UTC
    # (at 00:30 local, still the day before in UTC).
    today = AFTER_MIDNIGHT.date()
    by_date = client.get(
        url, {"at__year": today.year, "at__month": today.month, "at__day": today.day}
    )
    assert by_date.context["cl"].result_count >= 3


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.VIEWER])
def test_others_cannot_read_the_audit(audited, client, account, role):
    client.force_login(account("khac", role, province="40"))
    assert client.get(reverse("admin:tracker_auditevent_changelist")).status_code == 403


@pytest.mark.parametrize(
    ("name", "password", "messages"),
    [
        ("tinh40", "1", ["Mật khẩu quá ngắn", "Mật khẩu này hoàn toàn là số."]),
        ("nguyenvanan", "nguyenvanan", ["Mật khẩu quá giống với Tên đăng nhập."]),
        ("tinh40", "password123", ["Mật khẩu này quá phổ biến."]),
    ],
    ids=["one", "the name", "common"],
)
def test_add_user_refuses_a_weak_password_in_vietnamese(
    nghe_an_units, monkeypatch, name, password, messages
):
    monkeypatch.setenv("TRACKER_PASSWORD", password)
    # A command speaks the project's language (LANGUAGE_CODE), as in a fresh process.
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(CommandError) as error:
        add_user(name, "--role", "tinh", "--province", "40")
    for message in messages:
        assert message in str(error.value)
    assert not get_user_model().objects.filter(username=name).exists()
    assert not AuditEvent.objects.exists()


def test_user_add_checks_the_password_against_the_new_account(nghe_an_units):
    with pytest.raises(ValidationError) as error:
        user_add(username="tinh40", role=Role.PROVINCE, province_code="40", password="tinh40tinh")
    assert [e.code for e in error.value.error_list] == ["password_too_similar"]


def test_a_made_up_password_passes_the_validators(nghe_an_units, monkeypatch):
    """If the random generator ever makes a password the validators refuse, another is made."""
    made = iter(["12345678901234567", "bo-bo-bo", "Kf3-p9Qw_Zx81mTa"])
    monkeypatch.setattr(passwords.secrets, "token_urlsafe", lambda n: next(made))
    user, password = user_add(username="bo-bo-bo", role=Role.NATIONAL)
    assert password == "Kf3-p9Qw_Zx81mTa" and user.check_password(password)
    validate_password(password, user)


def test_the_admin_refuses_a_weak_password_in_vietnamese(client, national_admin, nghe_an_units):
    client.force_login(national_admin)
    page = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "tinh40",
            "usable_password": "true",
            "password1": "tinh40",
            "password2": "tinh40",
            "scope-TOTAL_FORMS": "1",
            "scope-INITIAL_FORMS": "0",
            "scope-MIN_NUM_FORMS": "0",
            "scope-MAX_NUM_FORMS": "1",
            "scope-0-role": "xem",
        },
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mật khẩu quá ngắn" in text and "Mật khẩu quá giống với Tên đăng nhập" in text
    assert not get_user_model().objects.filter(username="tinh40").exists()


def test_the_password_messages_in_english(nghe_an_units):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        user_add(username="tinh40", role=Role.PROVINCE, province_code="40", password="1")
    assert error.value.messages == [
        "This password is too short. It must contain at least 8 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]
