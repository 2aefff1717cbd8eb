"""Every date and time in Asia/Ho_Chi_Minh, on both sides of local midnight (issue 26, point 6).

Each test runs under a fixed clock at 23:30 and at 00:30 local time: 16:30 and 17:30 UTC, the
same UTC day, so a date or time taken in UTC shows up as the wrong hour or the day before.
"""

import datetime
import io
import json

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tests.clock import BOTH_SIDES_OF_MIDNIGHT
from tests.evidence.conftest import pdf, upload
from tracker.accounts.models import AuditAction, AuditEvent
from tracker.evidence.services import evidence_add
from tracker.imports.models import ImportBatch, ImportPreview
from tracker.rounds.models import ReminderSent
from tracker.rounds.services import round_set


def local_text(moment: datetime.datetime) -> str:
    return f"{moment:%d/%m/%Y %H:%M}"


@BOTH_SIDES_OF_MIDNIGHT
def test_a_batch_title_shows_the_local_time_of_its_detail(moment, clock, national_admin, client):
    clock(moment)
    batch = ImportBatch.objects.create(file_name="nghe-an.xlsx", sha256="0" * 64)
    title = f"nghe-an.xlsx ({local_text(moment)})"
    assert str(batch) == title == str(ImportBatch.objects.get(pk=batch.pk))
    client.force_login(national_admin)
    page = client.get(reverse("admin:tracker_importbatch_change", args=[batch.pk]))
    assert title in page.content.decode()
    preview = ImportPreview(file_name="nghe-an.xlsx", expires_at=moment)
    assert str(preview) == title


@BOTH_SIDES_OF_MIDNIGHT
def test_the_audit_date_filter_counts_local_days(moment, clock, national_admin, client):
    clock(moment)
    event = AuditEvent.objects.create(action=AuditAction.LOGIN_FAILED, username="canbo")
    assert str(event).startswith(local_text(moment))
    client.force_login(national_admin)
    url = reverse("admin:tracker_auditevent_changelist")

    def on(day: datetime.date) -> list[AuditEvent]:
        query = {"at__year": day.year, "at__month": day.month, "at__day": day.day}
        return list(
            client.get(url, {**query, "action": AuditAction.LOGIN_FAILED}).context["cl"].result_list
        )

    today = moment.date()
    assert on(today) == [event]
    assert on(today - datetime.timedelta(days=1)) == []
    assert on(today + datetime.timedelta(days=1)) == []


@BOTH_SIDES_OF_MIDNIGHT
def test_a_reminder_counts_the_days_left_from_the_local_day(
    moment, clock, people, settings, client
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock(moment)
    officer = people["province"]
    officer.email = "tinh40@example.vn"
    officer.save()
    # Three days from the local day: reminded. From the UTC day (at 00:30 local, still the day
    # before) it would be four, and no reminder would go.
    due = moment.date() + datetime.timedelta(days=3)
    # The round of today's year: the work list reads the programme calendar's year.
    round_set(year=moment.year, due=due, user=None)
    call_command("send_reminders", stdout=io.StringIO())
    (sent,) = [m for m in mail.outbox if m.to == [officer.email]]
    assert "Hạn báo cáo còn 3 ngày" in sent.subject
    assert f"Hạn năm {moment.year} là {due:%d/%m/%Y}, còn 3 ngày." in sent.body
    assert ReminderSent.objects.get(user=officer).on == moment.date()
    client.force_login(officer)
    page = client.get("/viec-can-lam/").content.decode()
    assert "còn 3 ngày" in page


@BOTH_SIDES_OF_MIDNIGHT
def test_the_evidence_list_writes_the_local_upload_time(moment, clock, dong_vinh):
    clock(moment)
    evidence_add(
        result=dong_vinh.results.get(criterion__number=7),
        user=None,
        files=[upload("bien-ban.pdf", pdf())],
    )
    out = io.StringIO()
    call_command("evidence_list", ward="16663", year=2023, format="json", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["uploaded_at"] == moment.isoformat()  # e.g. 2026-12-06T00:30:00+07:00
