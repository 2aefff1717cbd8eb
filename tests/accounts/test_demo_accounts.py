"""Demo accounts exist only on the embedded database (issue 3, point 1)."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

from tracker.accounts import passwords
from tracker.management.commands.create_demo_accounts import ACCOUNTS


def run() -> str:
    out = io.StringIO()
    call_command("create_demo_accounts", stdout=out)
    return out.getvalue()


def test_embedded_database_gets_demo_accounts_with_random_passwords(nghe_an_units, settings):
    settings.EMBEDDED_DB = True
    first = run()
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["bo", "phuong16663", "tinh40", "xem40"]
    passwords = [line.rsplit(" ", 1)[1] for line in first.splitlines() if "mật khẩu" in line]
    assert len(passwords) == 4 and len(set(passwords)) == 4
    assert users.get(username="bo").check_password(passwords[0])
    assert users.get(username="bo").is_superuser
    scopes = {
        u.username: (u.scope.role, u.scope.province.code if u.scope.province else None)
        for u in users.select_related("scope__province")
    }
    assert scopes == {
        "bo": ("bo", None),
        "tinh40": ("tinh", "40"),
        "phuong16663": ("phuong", "40"),
        "xem40": ("xem", "40"),
    }


def test_second_run_keeps_accounts_and_prints_no_password(nghe_an_units, settings):
    settings.EMBEDDED_DB = True
    run()
    again = run()
    assert get_user_model().objects.count() == 4
    assert "mật khẩu giữ nguyên" in again and "mật khẩu " not in again.replace("mật khẩu giữ", "")


def test_no_account_on_a_production_database(db, settings):
    settings.EMBEDDED_DB = False
    assert "không tạo tài khoản" in run()
    assert not get_user_model().objects.exists()


def test_demo_passwords_pass_the_validators(nghe_an_units, settings, monkeypatch):
    settings.EMBEDDED_DB = True
    # The first password made for each account is one the validators refuse (all digits).
    made = iter(
        ["1234567890123456", "Zq8-demo-bo-2026", "9876543210987654", "Wt4_demo-tinh-40"] * 2
    )
    monkeypatch.setattr(passwords.secrets, "token_urlsafe", lambda n: next(made))
    printed = [line.rsplit(" ", 1)[1] for line in run().splitlines() if "mật khẩu" in line]
    users = get_user_model().objects.in_bulk(field_name="username")
    for (username, *_), password in zip(ACCOUNTS, printed, strict=True):
        validate_password(password, users[username])
        assert users[username].check_password(password)
