"""Log-in throttling that an attacker cannot turn against a real user.

Five failures lock a user name from one client address. Behind a reverse proxy every
request comes from the proxy's address: the client's is read from X-Forwarded-For only
when the proxy is named in TRACKER_TRUSTED_PROXIES (empty by default). A national
administrator lists and lifts lock-outs in the admin or with axes' commands.
"""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tracker.accounts.models import AuditAction, AuditEvent, Role

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.9"
OFFICER = "198.51.100.7"


def login(client, password, *, remote, forwarded=None, username="canbo"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/dang-nhap/", {"username": username, "password": password}, **meta)


def fail_five_times(client, **where) -> list[int]:
    return [login(client, "sai", **where).status_code for _ in range(5)]


def test_failures_from_one_address_do_not_lock_the_account_from_another(client, officer, settings):
    # Directly: the attacker's address is locked for this name, the officer's is not.
    assert fail_five_times(client, remote=ATTACKER) == [200, 200, 200, 200, 429]
    assert login(client, PASSWORD, remote=ATTACKER).status_code == 429
    assert login(Client(), PASSWORD, remote=OFFICER).status_code == 302

    # Behind the TLS-ending proxy, named as trusted: the same, by the forwarded address.
    AccessAttempt.objects.all().delete()
    settings.TRACKER_TRUSTED_PROXIES = [PROXY]
    attacker = Client()
    assert fail_five_times(attacker, remote=PROXY, forwarded=ATTACKER) == [200] * 4 + [429]
    assert login(attacker, PASSWORD, remote=PROXY, forwarded=ATTACKER).status_code == 429
    officer_browser = Client()
    assert login(officer_browser, PASSWORD, remote=PROXY, forwarded=OFFICER).status_code == 302
    assert "_auth_user_id" in officer_browser.session
    # The lock-out stays on the attacker's address, and the audit names the real clients.
    assert list(AccessAttempt.objects.values_list("ip_address", "username")) == [
        (ATTACKER, "canbo")
    ]
    logins = AuditEvent.objects.filter(action=AuditAction.LOGIN)
    assert list(logins.values_list("ip", flat=True)) == [OFFICER, OFFICER]


@pytest.mark.parametrize("trusted", [[], ["10.0.0.5"]], ids=["no proxy trusted", "another"])
def test_a_forwarding_header_from_an_untrusted_address_is_ignored(
    client, officer, settings, trusted
):
    settings.TRACKER_TRUSTED_PROXIES = trusted
    # A new made-up address in the header on every try changes nothing: still locked.
    statuses = [
        login(client, "sai", remote=ATTACKER, forwarded=f"192.0.2.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert login(client, PASSWORD, remote=ATTACKER, forwarded="192.0.2.77").status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert set(failed.values_list("ip", flat=True)) == {ATTACKER}


class Request:
    def __init__(self, remote, forwarded=None):
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        ([], PROXY, ATTACKER, PROXY),  # off by default: the header is anyone's to write
        ([PROXY], PROXY, None, PROXY),  # the proxy itself, no header
        ([PROXY], PROXY, ATTACKER, ATTACKER),
        ([PROXY], OFFICER, ATTACKER, OFFICER),  # not through the proxy: header ignored
        # The client wrote its own header; the proxy appended the address it saw.
        ([PROXY], PROXY, f"192.0.2.1, {ATTACKER}", ATTACKER),
        # Two proxies in a row, both trusted (a network given by its prefix).
        (["10.0.0.0/24", PROXY], PROXY, f"192.0.2.1, {OFFICER}, 10.0.0.4", OFFICER),
        ([PROXY], PROXY, "not-an-address", PROXY),
        ([PROXY], PROXY, f"not-an-address, {PROXY}", PROXY),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, client):
    from tracker.accounts.client_ip import client_ip

    settings.TRACKER_TRUSTED_PROXIES = trusted
    assert client_ip(Request(remote, forwarded)) == client


@pytest.fixture
def behind_proxy(settings):
    settings.TRACKER_TRUSTED_PROXIES = [PROXY]


def test_national_admin_lists_and_lifts_a_lock_out_in_the_admin(
    behind_proxy, client, officer, national_admin
):
    assert fail_five_times(Client(), remote=PROXY, forwarded=OFFICER)[-1] == 429
    client.force_login(national_admin)
    url = reverse("admin:axes_accessattempt_changelist")
    locked = client.get(url, {"locked_out": "yes"})
    assert locked.status_code == 200
    assert [(a.username, a.ip_address) for a in locked.context["cl"].result_list] == [
        ("canbo", OFFICER)
    ]
    attempt = AccessAttempt.objects.get()
    response = client.post(
        url, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    lifted = AuditEvent.objects.get(action=AuditAction.ADMIN)
    assert (lifted.user, lifted.detail) == (national_admin, "xoá")
    assert OFFICER in lifted.target
    assert login(Client(), PASSWORD, remote=PROXY, forwarded=OFFICER).status_code == 302


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.VIEWER])
def test_others_cannot_see_or_lift_lock_outs_even_with_django_permissions(
    behind_proxy, client, officer, account, role
):
    fail_five_times(Client(), remote=PROXY, forwarded=ATTACKER)
    attempt = AccessAttempt.objects.get()
    # Django's permissions on axes' models, given by a group, are not enough.
    group = Group.objects.create(name="axes")
    group.permissions.set(Permission.objects.filter(content_type__app_label="axes"))
    other = account("khac", role, province="40")
    other.groups.add(group)
    client.force_login(other)
    for name in ["accessattempt", "accesslog", "accessfailurelog"]:
        assert client.get(reverse(f"admin:axes_{name}_changelist")).status_code == 403
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_commands_list_and_lift_lock_outs_by_the_client_address(behind_proxy, officer):
    fail_five_times(Client(), remote=PROXY, forwarded=ATTACKER)
    fail_five_times(Client(), remote=PROXY, forwarded=OFFICER)
    listed = command("axes_list_attempts").splitlines()
    assert sorted(listed) == sorted([f"{ATTACKER}\tcanbo\t5", f"{OFFICER}\tcanbo\t5"])
    # Lift the officer's own lock-out; the attacker's stays.
    assert command("axes_reset_ip_username", OFFICER, "canbo").strip() == "1 attempts removed."
    assert login(Client(), PASSWORD, remote=PROXY, forwarded=OFFICER).status_code == 302
    assert login(Client(), PASSWORD, remote=PROXY, forwarded=ATTACKER).status_code == 429
    assert command("axes_reset_username", "canbo").strip() == "1 attempts removed."
    assert login(Client(), PASSWORD, remote=PROXY, forwarded=ATTACKER).status_code == 302


def test_trusted_proxies_come_from_the_environment_and_none_by_default():
    from tests.test_settings import PRODUCTION, manage

    show = (
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRACKER_TRUSTED_PROXIES)",
    )
    assert manage(*show, **PRODUCTION).stdout.strip().splitlines()[-1] == "[]"
    given = manage(*show, **PRODUCTION, TRACKER_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/24")
    assert given.stdout.strip().splitlines()[-1] == "['127.0.0.1/32', '10.0.0.0/24']"
    wrong = manage("check", **PRODUCTION, TRACKER_TRUSTED_PROXIES="proxy.example")
    assert wrong.returncode != 0 and "TRACKER_TRUSTED_PROXIES" in wrong.stderr
