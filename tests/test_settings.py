"""Production settings: secrets from the environment, deploy checks, CSP, throttling (issue 6)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tracker.accounts.models import AuditAction, AuditEvent

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "DEBUG": "0",
    "SECRET_KEY": "x7$Qk!" * 10,
    "ALLOWED_HOSTS": "tracker.example",
}


def manage(*args, **env) -> subprocess.CompletedProcess:
    # A production shell has none of the test run's variables (the browser tests set one).
    test_only = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_variables():
    run = manage("check", "--deploy", **PRODUCTION)
    assert run.returncode == 0, run.stderr
    assert "System check identified no issues (0 silenced)." in run.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_missing_secret_or_hosts_is_a_clear_error(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    run = manage("check", **env)
    assert run.returncode != 0
    assert f"{missing} phải được đặt trong biến môi trường." in run.stderr


def test_debug_is_off_unless_asked_for():
    run = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", **PRODUCTION
    )
    assert run.stdout.strip().splitlines()[-1] == "False"


def test_pages_carry_a_content_security_policy_without_inline_script(
    client, nghe_an_2023, national_admin
):
    client.force_login(national_admin)
    for url in ["/dang-nhap/", "/?year=2023", reverse("admin:index")]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "default-src 'self'" in policy


def test_repeated_failed_logins_lock_the_name_and_are_audited(client, officer):
    statuses = [
        client.post("/dang-nhap/", {"username": "canbo", "password": "sai"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, username="canbo").count() == 5
    locked = client.post("/dang-nhap/", {"username": "canbo", "password": "mat-khau-thu-nghiem"})
    assert locked.status_code == 429
    assert "tạm khoá" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_is_audited(client, officer):
    response = client.post("/dang-nhap/", {"username": "canbo", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.user, event.ip) == (officer, "127.0.0.1")
