"""Errors leave a trace: on standard error with their traceback, path and user, and by e-mail."""

import contextlib
import io
import logging

import pytest
from django.core import mail

from tests.test_settings import PRODUCTION, manage


def boom(**kwargs):
    raise RuntimeError("hỏng thử")


@contextlib.contextmanager
def standard_error():
    """What the project's handler on standard error writes, while the block runs."""
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "stderr"]
    assert handlers, "no handler on standard error"
    stream = io.StringIO()
    previous = handlers[0].setStream(stream)
    try:
        yield stream
    finally:
        handlers[0].setStream(previous)


@pytest.fixture
def failing_page(nghe_an_2023, officer, client, monkeypatch):
    monkeypatch.setattr("tracker.reports.views.province_report", boom)
    client.raise_request_exception = False
    client.force_login(officer)
    return "/tinh/40/bao-cao.xlsx"


def test_a_failing_request_is_logged_with_its_traceback_path_and_user(
    failing_page, client, officer
):
    with standard_error() as stream:
        response = client.get(failing_page, {"year": 2023})
    assert response.status_code == 500
    text = stream.getvalue()
    assert "ERROR django.request" in text
    assert "Traceback (most recent call last)" in text
    assert 'raise RuntimeError("hỏng thử")' in text and "RuntimeError: hỏng thử" in text
    assert f"path={failing_page} user={officer.pk}" in text


def test_warnings_reach_standard_error_and_a_visitor_has_no_user_id(client, db):
    with standard_error() as stream:
        assert client.get("/khong-co/").status_code == 404
    assert "WARNING django.request" in stream.getvalue()
    assert "path=/khong-co/ user=-" in stream.getvalue()


def test_the_administrators_get_the_traceback_by_mail(failing_page, client, officer, settings):
    settings.ADMINS = [("Quản trị", "quantri@tracker.example")]
    client.get(failing_page, {"year": 2023})
    [message] = mail.outbox
    assert message.to == ["quantri@tracker.example"]
    assert failing_page in message.subject
    assert "Traceback (most recent call last)" in message.body
    assert "Exception Value: hỏng thử" in message.body
    assert f"path={failing_page} user={officer.pk}" in message.body


def test_administrators_and_mail_server_come_from_the_environment():
    show = (
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.ADMINS, s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
        "s.SERVER_EMAIL)",
    )
    default = manage(*show, **PRODUCTION).stdout.strip().splitlines()[-1]
    assert default.startswith("[] django.core.mail.backends.console.EmailBackend")
    given = manage(
        *show,
        **PRODUCTION,
        TRACKER_ADMINS="Nguyễn Văn A <a@tracker.example>, b@tracker.example",
        EMAIL_HOST="smtp.tracker.example",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        SERVER_EMAIL="tracker@tracker.example",
    )
    assert given.stdout.strip().splitlines()[-1] == (
        "[('Nguyễn Văn A', 'a@tracker.example'), ('', 'b@tracker.example')] "
        "django.core.mail.backends.smtp.EmailBackend smtp.tracker.example 587 True "
        "tracker@tracker.example"
    )


def test_a_request_for_another_host_is_logged_but_not_mailed(client, db, settings):
    """Robots send any Host header: the administrators' mailbox must not fill with them."""
    settings.ADMINS = [("Quản trị", "quantri@tracker.example")]
    with standard_error() as stream:
        assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert "ERROR django.security.DisallowedHost path=/ user=-" in stream.getvalue()
    assert mail.outbox == []
