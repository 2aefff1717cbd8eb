"""One account's bad address or a refusal by the mail server stops nobody else's reminder."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command

from tests.clock import AFTER_MIDNIGHT
from tracker.rounds.models import ReminderSent
from tracker.rounds.services import round_set

REFUSED = "phuong16663@bi-tu-choi.vn"


class RefusingBackend(EmailBackend):
    """The locmem outbox, behind a server that refuses one recipient as SMTP does."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"5.1.1 User unknown")})
        return super().send_messages(messages)


@pytest.fixture
def everyone_reminded(settings, people, clock):
    # The command's day is today's: the clock stands still, past local midnight.
    clock(AFTER_MIDNIGHT)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.TRACKER_SITE_URL = "https://camau.example"
    for user in people.values():
        user.email = f"{user.username}@example.vn"
        user.save()
    # A due date three days from today (the command's day): every account is reminded of it.
    # The year's: the work list reads the programme calendar's year, today's.
    round_set(
        year=AFTER_MIDNIGHT.year, due=AFTER_MIDNIGHT.date() + datetime.timedelta(days=3), user=None
    )
    return people


def test_a_refused_and_an_invalid_address_are_skipped_and_counted(everyone_reminded, caplog):
    people = everyone_reminded
    # The first two accounts in the sending order (by name): one refused by the server, one
    # whose address carries a header (a newline), to which no mail may be sent.
    people["ward"].email = REFUSED
    people["ward"].save()
    people["other_ward"].email = "phuong16666@example.vn\nBcc: ca-nuoc@example.vn"
    people["other_ward"].save()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("send_reminders", stdout=out, stderr=err)
    assert str(error.value) == (
        "2 thư nhắc việc không gửi được (xem các dòng cảnh báo): phuong16663, phuong16666."
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "quantri@example.vn",
        "tinh40@example.vn",
    ]
    assert "Đã gửi 2 thư nhắc việc." in out.getvalue()
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert "phuong16663" in logged and "User unknown" in logged
    assert "phuong16666" in logged and "Bcc" in logged
    # Only the sent ones are recorded: the next run tries the two others again.
    assert sorted(ReminderSent.objects.values_list("user__username", flat=True)) == [
        "quantri",
        "tinh40",
    ]
