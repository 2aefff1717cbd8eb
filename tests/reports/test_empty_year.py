"""A programme year without any registered ward (issue 26, point 1): the overview and the
province page say so plainly, who registers, the Ministry's quota and the due dates if set,
and invite whoever may register; the pages of a ward say what is missing."""

import datetime
import re

import pytest

from tests.clock import LOCAL
from tracker.rounds.services import province_round_set, round_set
from tracker.targets.models import ProvinceQuota
from tracker.units.models import Province

TODAY = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL)


def _empty_state(html: str) -> str:
    found = re.search(r'<section class="empty-year".*?</section>', html, re.S)
    assert found, "no empty state"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


@pytest.fixture
def today(nghe_an_both_maps, clock):
    clock(TODAY)


def test_an_empty_year_says_no_ward_is_registered_and_who_registers(client, people, today):
    client.force_login(people["viewer"])
    province = _empty_state(client.get("/tinh/40/").content.decode())
    assert "Năm 2026 chưa có phường nào đăng ký" in province
    assert "Nghệ An chưa đăng ký phường nào xây dựng" in province
    assert "Công an tỉnh đăng ký các phường của tỉnh; Bộ Công an giao chỉ tiêu" in province
    assert "Bộ chưa giao chỉ tiêu năm 2026" in province
    assert province.count("Chưa đặt hạn") == 2
    # Read only: a viewer is not invited to register.
    assert "đăng ký được" not in province
    client.force_login(people["ministry"])
    national = _empty_state(client.get("/").content.decode())
    assert "Chưa tỉnh, thành phố nào đăng ký phường" in national
    assert "Bộ chưa giao chỉ tiêu năm 2026" in national


def test_the_quota_and_due_dates_show_once_set(client, people, today):
    nghe_an = Province.objects.get(edition__code="2025", code="40")
    ProvinceQuota.objects.create(province=nghe_an, year=2026, quota=3)
    round_set(year=2026, due=datetime.date(2026, 12, 31), user=None)
    province_round_set(province=nghe_an, year=2026, due=datetime.date(2026, 12, 20), user=None)
    client.force_login(people["province"])
    province = client.get("/tinh/40/").content.decode()
    assert re.search(r'id="empty-quota">3 phường<', province)
    assert re.search(r'id="empty-wards-due">20/12/2026<', province)
    assert re.search(r'id="empty-national-due">31/12/2026<', province)
    client.force_login(people["ministry"])
    national = client.get("/").content.decode()
    assert re.search(r'id="empty-quota">3 phường, cho 1 tỉnh<', national)
    assert re.search(r'id="empty-national-due">31/12/2026<', national)


@pytest.mark.parametrize("who", ["province", "ministry"])
def test_who_may_register_is_invited_to_the_register_page(client, people, today, who):
    client.force_login(people[who])
    state = client.get("/tinh/40/").content.decode()
    assert re.search(
        r'<a class="button" href="/tinh/40/dang-ky/\?year=2026">Đăng ký phường năm 2026</a>', state
    )


def test_the_ministry_is_invited_from_the_overview(client, people, today):
    client.force_login(people["ministry"])
    assert "Chọn một tỉnh trong bảng dưới để đăng ký phường" in _empty_state(
        client.get("/").content.decode()
    )


def test_a_year_with_registered_wards_has_no_empty_state(client, people, today):
    client.force_login(people["ministry"])
    assert 'class="empty-year"' not in client.get("/?year=2023").content.decode()
    assert 'class="empty-year"' not in client.get("/tinh/40/?year=2023").content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/phuong/16663/lich-su/?year=2026&map=2023", "chưa có lịch sử thay đổi"),
        ("/phuong/16663/ho-so.zip?year=2026&map=2023", "chưa có hồ sơ minh chứng để tải"),
    ],
)
def test_a_ward_s_pages_that_need_its_registration_say_what_is_missing(
    client, people, today, url, message
):
    client.force_login(people["ministry"])
    response = client.get(url)
    assert response.status_code == 404
    assert f"Phường Đông Vĩnh chưa đăng ký năm 2026: {message}." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/phuong/16681/?year=2026", "/phuong/16663/?year=2026&map=2023", "/tieu-chi/{tc}/?year=2026"],
)
def test_the_other_pages_of_an_empty_year_open(client, people, today, url):
    from tracker.criteria.models import Criterion

    client.force_login(people["ministry"])
    tc = Criterion.objects.get(number=22).pk
    response = client.get(url.format(tc=tc))
    assert response.status_code == 200
