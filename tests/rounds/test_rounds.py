"""A round's due dates: set by the Ministry and each province, kept in the history (point 1)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tracker.accounts.models import AuditAction, AuditEvent
from tracker.rounds.models import ProvinceRound, Round
from tracker.rounds.services import province_round_set, round_set
from tracker.units.models import Province

NOV_30 = datetime.date(2023, 11, 30)
OCT_31 = datetime.date(2023, 10, 31)


def command(*args) -> str:
    out = io.StringIO()
    call_command("round", *args, stdout=out)
    return out.getvalue()


def test_the_command_sets_the_national_then_the_province_date_with_history(nghe_an_2023):
    assert "30/11/2023" in command("--year", "2023", "--due", "2023-11-30")
    assert "31/10/2023" in command("--year", "2023", "--province", "40", "--due", "2023-10-31")
    command("--year", "2023", "--province", "40", "--due", "2023-10-15")
    own = ProvinceRound.objects.get()
    assert (own.round.due, own.due) == (NOV_30, datetime.date(2023, 10, 15))
    # Who, when, from what: both dates of the province stay in its history.
    assert [h.due for h in own.history.order_by("history_date")] == [
        OCT_31,
        datetime.date(2023, 10, 15),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.ROUND).count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "40", "--due", "2023-10-31"], "Bộ chưa đặt hạn báo cáo năm 2023"),
        (["--due", "30/11/2023"], "không phải là ngày dạng NĂM-THÁNG-NGÀY"),
        (["--province", "99", "--due", "2023-10-31"], "Không có tỉnh mã '99'"),
    ],
)
def test_the_command_refuses_with_a_message_and_exit_2(nghe_an_2023, args, message):
    if "99" in args:
        command("--year", "2023", "--due", "2023-11-30")
    with pytest.raises(CommandError) as error:
        command("--year", "2023", *args)
    assert message in str(error.value)
    assert error.value.returncode == 2


def test_a_province_date_after_the_national_one_is_refused(nghe_an_2023):
    round_set(year=2023, due=NOV_30, user=None)
    nghe_an = Province.objects.get(code="40")
    with pytest.raises(ValidationError) as error:
        province_round_set(province=nghe_an, year=2023, due=datetime.date(2023, 12, 1), user=None)
    assert "không được sau hạn Bộ đặt (30/11/2023)" in " ".join(error.value.messages)
    province_round_set(province=nghe_an, year=2023, due=OCT_31, user=None)
    # Nor may the Ministry move its date before a province's.
    with pytest.raises(ValidationError):
        round_set(year=2023, due=datetime.date(2023, 10, 1), user=None)
    assert Round.objects.get().due == NOV_30


def test_only_the_ministry_sets_the_national_date_and_the_province_its_own(people):
    with pytest.raises(PermissionDenied):
        round_set(year=2023, due=NOV_30, user=people["province"])
    round_set(year=2023, due=NOV_30, user=people["ministry"])
    nghe_an = Province.objects.get(code="40")
    for who in ("ward", "viewer"):
        with pytest.raises(PermissionDenied):
            province_round_set(province=nghe_an, year=2023, due=OCT_31, user=people[who])
    province_round_set(province=nghe_an, year=2023, due=OCT_31, user=people["province"])
    assert ProvinceRound.objects.get().due == OCT_31


def test_the_pages_set_both_dates(people, client):
    client.force_login(people["ministry"])
    page = client.get("/?year=2023").content.decode()
    assert 'id="round-due-form"' in page
    response = client.post("/han-bao-cao/", {"year": 2023, "due": "2023-11-30"}, follow=True)
    assert (
        "Đã lưu hạn các tỉnh gửi đề nghị về Bộ năm 2023: 30/11/2023." in response.content.decode()
    )
    client.force_login(people["province"])
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert 'value="" required' in page  # no date of its own yet
    response = client.post(
        "/tinh/40/han-bao-cao/?year=2023", {"year": 2023, "due": "2023-12-15"}, follow=True
    )
    assert "Chưa lưu hạn" in response.content.decode()  # after the national date
    client.post("/tinh/40/han-bao-cao/?year=2023", {"year": 2023, "due": "2023-10-31"})
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert '<dd id="wards-due">31/10/2023</dd>' in page
    assert 'value="2023-10-31"' in page
    # A viewer reads the date but gets no form, and may not post one.
    client.force_login(people["viewer"])
    assert 'id="province-due-form"' not in client.get("/tinh/40/?year=2023").content.decode()
    client.post("/tinh/40/han-bao-cao/?year=2023", {"year": 2023, "due": "2023-10-01"})
    assert ProvinceRound.objects.get().due == OCT_31
    client.force_login(people["province"])
    assert client.post("/han-bao-cao/", {"year": 2023, "due": "2023-12-30"}).status_code == 403


def test_the_admin_changes_a_date_through_the_service(people, client):
    round_set(year=2023, due=NOV_30, user=None)
    client.force_login(people["ministry"])
    national = Round.objects.get()
    response = client.post(
        f"/admin/tracker/round/{national.pk}/change/",
        {
            "due": "2023-11-20",
            "provinces-TOTAL_FORMS": 0,
            "provinces-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Round.objects.get().due == datetime.date(2023, 11, 20)
    assert national.history.count() == 2
    client.force_login(people["province"])
    assert client.get(f"/admin/tracker/round/{national.pk}/change/").status_code in (403, 404)
