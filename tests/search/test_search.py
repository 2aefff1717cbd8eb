"""/tim-kiem/?q=: wards, provinces and criteria by name without diacritics or by code,
within the user's scope, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.criteria.models import Criterion
from tracker.units.models import MapEdition, Province, Ward, WardKind


def _search(client, q: str, year: int = 2023) -> str:
    response = client.get("/tim-kiem/", {"q": q, "year": year})
    assert response.status_code == 200
    return response.content.decode()


def _wards(html: str) -> list[str]:
    return re.findall(r'<li data-ward="(\d+)"', html)


def _provinces(html: str) -> list[str]:
    return re.findall(r'<li data-province="(\d+)"', html)


def _criteria(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li data-criterion="(\d+)"', html)]


@pytest.fixture
def ha_tinh(nghe_an_2023):
    """A second province with a ward whose name folds like Đông Vĩnh's."""
    edition = MapEdition.objects.get(code="2023")
    province = Province.objects.create(edition=edition, code="99", name="Tỉnh Hà Tĩnh", kind="tinh")
    Ward.objects.create(
        edition=edition,
        province=province,
        code="99001",
        name="Phường Đông Vinh",
        kind=WardKind.WARD,
    )
    return province


@pytest.fixture
def as_user(client, people):
    def log_in(role: str):
        client.force_login(people[role])
        return client

    return log_in


@pytest.mark.parametrize(
    "q", ["dong vinh", "DONG VINH", "Đông Vĩnh", "vinh  dong", "phuong dong vinh"]
)
def test_a_ward_is_found_without_diacritics_and_case(as_user, q):
    html = _search(as_user("ministry"), q)
    assert _wards(html) == ["16663"]
    assert 'href="/phuong/16663/?year=2023"' in html
    # The ward's province and map are named beside it.
    assert "Tỉnh Nghệ An" in html and "Thành phố Vinh" in html


def test_d_with_stroke_folds_to_d(as_user):
    # "đ" is not a d with a mark for Unicode: plain NFD stripping would miss it.
    assert _wards(_search(as_user("ministry"), "doi cung")) == ["16684"]


def test_codes_find_their_ward_and_province(as_user):
    client = as_user("ministry")
    assert _wards(_search(client, "16663")) == ["16663"]
    html = _search(client, "40")
    assert _provinces(html) == ["40"]
    assert 'href="/tinh/40/?year=2023"' in html
    assert _wards(html) == []


def test_a_province_is_found_by_its_name_without_diacritics(as_user):
    assert _provinces(_search(as_user("ministry"), "nghe an")) == ["40"]


def test_the_ministry_finds_every_province_s_wards(as_user, ha_tinh):
    assert sorted(_wards(_search(as_user("ministry"), "dong vinh"))) == ["16663", "99001"]


@pytest.mark.parametrize("role", ["province", "viewer"])
def test_a_province_account_finds_only_its_province(as_user, ha_tinh, role):
    client = as_user(role)
    assert _wards(_search(client, "dong vinh")) == ["16663"]
    assert _wards(_search(client, "99001")) == []
    assert _provinces(_search(client, "ha tinh")) == []
    assert _provinces(_search(client, "nghe an")) == ["40"]


def test_a_ward_account_finds_only_its_own_ward(as_user, ha_tinh):
    client = as_user("ward")
    assert _wards(_search(client, "dong vinh")) == ["16663"]
    assert _wards(_search(client, "ha huy tap")) == []
    assert _wards(_search(client, "16666")) == []
    assert _wards(_search(client, "phuong")) == ["16663"]
    # A ward account has no province page.
    assert _provinces(_search(client, "nghe an")) == []


def test_criteria_by_name_or_number_link_to_their_page_in_the_user_s_scope(as_user, people, client):
    tc5 = Criterion.objects.get(number=5)
    html = _search(as_user("ministry"), "dao tao")
    assert 5 in _criteria(html)
    assert f'href="/tieu-chi/{tc5.pk}/?year=2023"' in html
    assert _criteria(_search(client, "TC5")) == [5]
    assert _criteria(_search(client, "tc 5")) == [5]
    html = _search(as_user("province"), "tc5")
    assert f'href="/tieu-chi/{tc5.pk}/?year=2023&amp;tinh=40"' in html
    # The criterion page reads a province or the country: a ward account sees the name only.
    html = _search(as_user("ward"), "tc5")
    assert _criteria(html) == [5]
    assert f"/tieu-chi/{tc5.pk}/" not in html


def test_the_links_open_the_pages_they_name(as_user):
    client = as_user("province")
    html = _search(client, "dong vinh")
    for url in re.findall(r'<li data-[a-z]+="\d+"[^>]*><a href="([^"]+)"', html):
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_results_are_capped_and_say_so(as_user):
    html = _search(as_user("ministry"), "phuong")
    # Nghệ An has 32 phường on the 2023 map: 30 are shown.
    assert len(_wards(html)) == 30
    assert 'id="search-wards-more"' in html


def test_an_empty_box_explains_and_nothing_found_says_so(as_user):
    client = as_user("ministry")
    assert 'id="search-hint"' in _search(client, "")
    html = _search(client, "khong co dau ca")
    assert 'id="search-empty"' in html
    assert "khong co dau ca" in html


def test_a_search_reads_as_many_queries_for_one_ward_as_for_thirty(as_user):
    client = as_user("ministry")
    counts = []
    for q in ("16663", "phuong"):
        with CaptureQueriesContext(connection) as queries:
            client.get("/tim-kiem/", {"q": q, "year": 2023})
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_search_box_is_in_the_navigation_of_a_signed_in_user(as_user, client):
    html = as_user("ward").get("/viec-can-lam/").content.decode()
    assert re.search(r'<form method="get" action="/tim-kiem/" role="search"', html)
    assert '<label for="nav-search-q"' in html
    client.logout()
    assert 'action="/tim-kiem/"' not in client.get("/dang-nhap/").content.decode()
    assert client.get("/tim-kiem/?q=vinh").status_code == 302


def test_a_ward_on_another_map_is_linked_with_its_map(as_user, nghe_an_both_maps):
    client = as_user("ministry")
    # 2026 opens on the 2025 map: its ward is linked with the year alone...
    html = _search(client, "truong vinh", year=2026)
    assert _wards(html) == ["16690"]
    assert 'data-map="2025"' in html and 'href="/phuong/16690/?year=2026"' in html
    # ...and a ward of the 2023 map with its map.
    html = _search(client, "16663", year=2026)
    assert _wards(html) == ["16663"]
    assert 'href="/phuong/16663/?year=2026&amp;map=2023"' in html
