"""Reminders by e-mail, at most once a day, in Vietnamese (point 5)."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from tests.clock import LOCAL
from tests.rounds.conftest import all_met
from tracker.accounts.models import Role
from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.assessments.states import BUILDING_STATUSES
from tracker.assessments.workflow import assessment_propose
from tracker.rounds.models import ReminderSent
from tracker.rounds.reminders import reminders_send
from tracker.rounds.services import round_set


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TRACKER_SITE_URL = "https://camau.example"


@pytest.fixture
def waiting(people, dong_vinh):
    for user in people.values():
        user.email = f"{user.username}@example.vn"
        user.save()
    all_met(dong_vinh)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    return people


def test_each_user_gets_what_waits_once_a_day(waiting):
    today = datetime.date(2023, 11, 10)
    sent = reminders_send(today=today)
    # The province has a proposal to review; 16666's ward (Hà Huy Tập) a criterion not met.
    assert [r.user.username for r in sent] == ["phuong16666", "tinh40"]
    (ward_mail, message) = mail.outbox
    assert "Phường Hà Huy Tập: 1 tiêu chí Chưa đạt hoặc Đang thực hiện" in ward_mail.body
    assert message.to == ["tinh40@example.vn"]
    assert message.subject == "[Công an phường kiểu mẫu] 1 việc đang chờ, 0 quá hạn"
    assert "Phường Đông Vĩnh đề nghị công nhận: thẩm định, chuyển Bộ hoặc trả lại" in message.body
    assert "https://camau.example/phuong/16663/?year=2023&map=2023#workflow-title" in message.body
    assert set(ReminderSent.objects.values_list("on", flat=True)) == {today}
    assert reminders_send(today=today) == [] and len(mail.outbox) == 2
    reminders_send(today=today + datetime.timedelta(days=1))
    assert len(mail.outbox) == 4


def test_a_due_date_three_days_away_is_named_and_late_work_counted(waiting):
    round_set(year=2023, due=datetime.date(2023, 11, 13), user=None)
    sent = reminders_send(today=datetime.date(2023, 11, 10))
    by_user = {r.user.username: r for r in sent}
    assert "Hạn năm 2023 là 13/11/2023, còn 3 ngày." in by_user["tinh40"].body
    # The Ministry has nothing to decide yet, but is told of the coming date.
    assert by_user["quantri"].subject == "[Công an phường kiểu mẫu] Hạn báo cáo còn 3 ngày"
    # Past the date with a ward still incomplete: the province is late for the Ministry.
    criterion_result_set_status(
        result=Assessment.objects.get(ward__code="16669", year=2023).results.first(),
        user=None,
        status=ResultStatus.NOT_ASSESSED,
    )
    late = {r.user.username: r for r in reminders_send(today=datetime.date(2023, 11, 20))}
    assert "Đã quá hạn: 1 việc." in late["quantri"].body
    # Every ward not finished counts: the one with a criterion left, those not yet met.
    unfinished = Assessment.objects.filter(year=2023, status__in=BUILDING_STATUSES).count()
    assert (
        f"Tỉnh Nghệ An trễ hạn 7 ngày: {unfinished} phường chưa hoàn thành" in late["quantri"].body
    )
    assert "trễ 7 ngày" in late["tinh40"].body


def test_dry_run_prints_and_sends_nothing(waiting, clock):
    # Both runs on the same day, in the data's programme year, the clock standing still.
    clock(datetime.datetime(2023, 11, 10, 0, 30, tzinfo=LOCAL))
    out = io.StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "tinh40 <tinh40@example.vn>: [Công an phường kiểu mẫu] 1 việc đang chờ" in out.getvalue()
    assert "Sẽ gửi 2 thư nhắc việc." in out.getvalue()
    assert mail.outbox == [] and not ReminderSent.objects.exists()
    call_command("send_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_add_user_takes_an_email_address(nghe_an_units):
    out = io.StringIO()
    call_command(
        "add_user", "canbo2", "--role", Role.PROVINCE, "--province", "40",
        "--email", "canbo2@example.vn", "--map", "2023", stdout=out,
    )  # fmt: skip
    assert get_user_model().objects.get(username="canbo2").email == "canbo2@example.vn"
    with pytest.raises(CommandError) as error:
        call_command(
            "add_user", "canbo3", "--role", Role.PROVINCE, "--province", "40",
            "--email", "khong-phai-thu", "--map", "2023", stdout=out,
        )  # fmt: skip
    assert "không phải là địa chỉ thư điện tử hợp lệ" in str(error.value)


def test_the_admin_asks_for_the_address_of_a_new_account(national_admin, client):
    client.force_login(national_admin)
    page = client.get("/admin/auth/user/add/").content.decode()
    assert 'name="email"' in page
    client.post(
        "/admin/auth/user/add/",
        {
            "username": "canbo9",
            "email": "canbo9@example.vn",
            "usable_password": "true",
            "password1": "Mot-mat-khau-dai-9",
            "password2": "Mot-mat-khau-dai-9",
            "scope-TOTAL_FORMS": 0,
            "scope-INITIAL_FORMS": 0,
        },
    )
    assert get_user_model().objects.get(username="canbo9").email == "canbo9@example.vn"
