"""A ward account's ward is chosen by the year shown: its own on its own map, its main
successor on a later map, said on the page; the navigation links to it (issue 26, point 3)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tracker.accounts.models import Role
from tracker.accounts.services import user_add
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.reports.kept import scope_prefetch
from tracker.targets.models import ProvinceQuota
from tracker.units.models import MapEdition, Ward

DONG_VINH, THANH_VINH = "16663", "16681"  # Đông Vĩnh (2023) went into Thành Vinh (2025)
SAID = "Phường kế thừa Phường Đông Vĩnh trên bản đồ 2025"


@pytest.fixture
def dong_vinh_account(nghe_an_both_maps, account, officer, client):
    """Đông Vĩnh's account, made on the 2023 map; Thành Vinh carried over into 2025, and
    2026 a programme year (read on the 2025 map)."""
    thanh_vinh = Ward.objects.get(edition__code="2025", code=THANH_VINH)
    assessment_carry_over_confirm(
        proposal=assessment_carry_over_propose(ward=thanh_vinh, year=2025), user=officer
    )
    ProvinceQuota.objects.create(province=thanh_vinh.province, year=2026, quota=1)
    user = account("phuong16663", Role.WARD, ward=DONG_VINH)
    client.force_login(user)
    return user


def my_ward_link(page) -> str:
    html = page.content.decode()
    start = html.index('id="nav-my-ward"')
    return html[html.rindex("<a ", 0, start) :].split('href="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("asked", "ward_page"),
    [
        # Years on the 2023 map: its own ward.
        ("/?year=2023", f"/phuong/{DONG_VINH}/?year=2023"),
        ("/?year=2025", f"/phuong/{DONG_VINH}/?year=2025"),
        # On the 2025 map, chosen or the year's own: Thành Vinh, with the year kept.
        ("/?year=2025&map=2025", f"/phuong/{THANH_VINH}/?year=2025&map=2025"),
        ("/?year=2026", f"/phuong/{THANH_VINH}/?year=2026"),
    ],
)
def test_the_start_page_is_the_ward_of_the_year_shown(dong_vinh_account, client, asked, ward_page):
    assert client.get(asked).url == ward_page
    page = client.get(ward_page)
    assert page.status_code == 200
    # The navigation's "Phường của tôi" leads to the same ward in the same year.
    assert my_ward_link(page) == ward_page.replace("&", "&amp;")


def test_the_successors_page_says_whose_successor_it_is(dong_vinh_account, client):
    successor = client.get(f"/phuong/{THANH_VINH}/?year=2026").content.decode()
    assert SAID in successor
    assert "Phường Thành Vinh – năm 2026" in successor
    own = client.get(f"/phuong/{DONG_VINH}/?year=2023").content.decode()
    assert "Phường kế thừa" not in own
    assert "Phường Đông Vĩnh – năm 2023" in own


def test_the_2023_ward_is_not_shown_as_registered_nowhere_in_2023(dong_vinh_account, client):
    """Defect: the start page sent it to Thành Vinh on the 2025 map in year 2023, "not
    registered", and its own ward was reachable only by typing its address."""
    page = client.get("/?year=2023", follow=True).content.decode()
    assert "Phường Đông Vĩnh – năm 2023" in page
    assert "chưa đăng ký" not in page


def test_an_account_made_on_the_2025_map_keeps_its_ward_in_earlier_years(dong_vinh_account, client):
    user, _password = user_add(
        username="thanhvinh", role=Role.WARD, ward_code=THANH_VINH, map_code="2025"
    )
    client.force_login(user)
    # Year 2023 is read on the 2023 map, where its ward does not exist: named with its map.
    assert client.get("/?year=2023").url == f"/phuong/{THANH_VINH}/?year=2023&map=2025"
    page = client.get(f"/phuong/{THANH_VINH}/?year=2023&map=2025")
    assert page.status_code == 200
    assert "Phường kế thừa" not in page.content.decode()


def test_other_accounts_have_no_ward_link(dong_vinh_account, officer, client):
    client.force_login(officer)
    page = client.get("/tinh/40/?year=2023")
    assert 'id="nav-my-ward"' not in page.content.decode()
    assert "Toàn quốc" in page.content.decode()


def test_the_link_costs_no_query_once_the_scope_is_read(
    dong_vinh_account, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = dong_vinh_account
    scope_prefetch(request)
    context = Context(
        {
            "request": request,
            "year": 2026,
            "edition": MapEdition.objects.get(code="2025"),
            "map_qs": "",
        }
    )
    template = Template("{% my_ward_url as url %}{{ url }}")
    with django_assert_num_queries(0):
        assert template.render(context) == f"/phuong/{THANH_VINH}/?year=2026"


@pytest.mark.parametrize(
    ("asked", "ward_page"),
    [
        # Thành Vinh's code names Phường Quang Trung on the 2023 map, another account's ward.
        (f"/phuong/{THANH_VINH}/?year=2023", f"/phuong/{DONG_VINH}/?year=2023"),
        # Đông Vĩnh's code names no unit on the 2025 map.
        (f"/phuong/{DONG_VINH}/?year=2026", f"/phuong/{THANH_VINH}/?year=2026"),
    ],
)
def test_changing_the_year_on_its_wards_page_follows_its_ward_across_the_maps(
    dong_vinh_account, client, asked, ward_page
):
    """The year selector keeps the ward's code: the code of the ward shown, on the map of
    the year chosen, is not the account's ward. It lands on its ward of that year's map."""
    assert client.get(asked).url == ward_page
    assert client.get(ward_page).status_code == 200


def test_another_wards_code_is_still_refused(dong_vinh_account, client):
    assert client.get("/phuong/16666/?year=2023").status_code == 403
