"""The report pages as a user sees them (tracker/views.py), on the real Nghệ An 2023 figures."""

import datetime
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.clock import LOCAL
from tracker.criteria.models import Criterion


def _text(response) -> str:
    """The page's text without tags, spaces collapsed, for reading it as a user would."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _row(response, attribute: str) -> str:
    html = response.content.decode()
    match = re.search(rf"<tr[^>]*{attribute}[^>]*>(.*?)</tr>", html, re.S)
    assert match, attribute
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_pages_ask_for_login_on_our_vietnamese_login_page(client, nghe_an_2023):
    for url in ["/", "/tinh/40/", "/phuong/16663/", "/toan-quoc.xlsx"]:
        assertRedirects(client.get(url), f"/dang-nhap/?next={url}", fetch_redirect_response=False)
    page = client.get("/dang-nhap/")
    assertContains(page, "Tên đăng nhập")
    assertContains(page, "Mật khẩu")


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=LOCAL), 2026),
        # 17:30 UTC on 31 December: already 2027 in Vietnam.
        (datetime.datetime(2027, 1, 1, 0, 30, tzinfo=LOCAL), 2027),
    ],
    ids=["31-12-23h30-local", "01-01-00h30-local"],
)
def test_login_leads_to_the_overview_of_today_s_year(
    client, reader, nghe_an_2023, clock, moment, year
):
    # The programme's current year opens, not the latest year holding data (2023 here).
    clock(moment)
    response = client.post(
        "/dang-nhap/", {"username": "xem", "password": "mat-khau-thu-nghiem"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assertContains(response, f"Tiến độ toàn quốc năm {year}")


def test_overview_shows_national_totals_and_nghe_an_against_the_targets(
    reader_client, whole_map_2023
):
    response = reader_client.get("/?year=2023")
    assertContains(response, '<dd id="total-wards">1771</dd>', html=True)
    assert response.content.decode().count("data-province=") == 63
    # 32 phường, 16 registered, none meeting all, none recognised, quota 1: 50% registered
    # (Vietnamese decimal comma),
    # enough for 2025's 30% once recognised, far from 2030's 100%.
    assert _row(response, 'data-province="40"') == (
        "40 Tỉnh Nghệ An 32 16 0 0 1 50,0% 0,0% Đúng tiến độ Chậm tiến độ"
    )
    assert _row(response, 'data-province="01"').endswith("Chậm tiến độ Chậm tiến độ")
    assert "Chậm so với mục tiêu 2025 62 / 63" in _text(response)
    # Each target's column names its year and its share, with one percent sign.
    headers = re.findall(r'<th scope="col">(Mục tiêu \d[^<]*)</th>', response.content.decode())
    assert headers == ["Mục tiêu 2025: 30-50%", "Mục tiêu 2030: 100%"]


def test_overview_sorts_by_a_column_and_reverses_on_the_second_click(reader_client, whole_map_2023):
    html = reader_client.get("/?year=2023&sort=-registered").content.decode()
    first = re.search(r'data-province="(\d+)"', html).group(1)
    assert first == "40"
    assert 'aria-sort="descending"' in html
    assert 'href="?year=2023&amp;sort=registered"' in html
    by_code = reader_client.get("/?year=2023&sort=nonsense").content.decode()
    assert re.search(r'data-province="(\d+)"', by_code).group(1) == "01"


def test_unknown_year_is_not_found(reader_client, nghe_an_2023):
    assert reader_client.get("/?year=1999").status_code == 404
    assert reader_client.get("/tinh/40/?year=abc").status_code == 404


def test_province_page_shows_16_wards_at_21_of_22_and_criterion_22_as_the_bottleneck(
    reader_client, nghe_an_2023
):
    response = reader_client.get("/tinh/40/?year=2023")
    html = response.content.decode()
    completions = re.findall(r'<td class="num completion">([^<]*)</td>', html)
    assert completions == ["21/22"] * 16
    bottleneck = " ".join(
        re.sub(
            r"<[^>]+>", " ", re.search(r'id="bottleneck">(.*?)</p>', html, re.S).group(1)
        ).split()
    )
    assert (
        bottleneck == "Tiêu chí nghẽn: TC22. Xếp loại thi đua của Đảng ủy và UBND phường (0/16 Đạt)"
    )
    completion = re.findall(r"<li class=\"(short|full)\">.*?>(TC\d+)</a>: (\d+/\d+) Đạt", html)
    assert completion[0] == ("short", "TC22", "0/16")
    assert completion[1:] == [("full", f"TC{n}", "16/16") for n in range(1, 22)]
    # Colour and text: every cell names its status for screen readers and print.
    assert html.count('<span class="sr-only">Chưa đạt</span>') == 16
    assert html.count('<span class="sr-only">Đạt</span>') == 16 * 21
    assertContains(response, "Chú giải")
    assertContains(response, '<svg class="chart chart-criteria"')
    assertContains(response, '<svg class="chart chart-years"')


def test_province_page_of_another_year_or_province_is_not_found(reader_client, nghe_an_2023):
    assert reader_client.get("/tinh/99/?year=2023").status_code == 404


def test_ward_page_lists_22_criteria_and_the_initial_history(reader_client, nghe_an_2023):
    response = reader_client.get("/phuong/16663/?year=2023")
    html = response.content.decode()
    assert re.findall(r'id="ward-completion">([^<]*)<', html) == ["21/22"]
    assert len(re.findall(r'<li class="criterion-card[^"]*" id="tc\d+"', html)) == 22
    card = re.search(r'<li [^>]*id="tc22"[^>]*>(.*?)</li>', html, re.S).group(1)
    card = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert card.startswith("TC22. Xếp loại thi đua")
    assert "Chưa đạt" in card
    history = re.search(r'id="history">(.*?)</table>', html, re.S).group(1)
    assert history.count("<tr>") == 22 + 1  # the header row and one row per result
    assertContains(response, "Dữ liệu ban đầu từ các bài báo nguồn")
    # A reader sees the results but gets no form.
    assertNotContains(response, "Lưu thay đổi")


def test_ward_not_registered_that_year_says_so(reader_client, nghe_an_2023):
    response = reader_client.get("/phuong/16717/?year=2023")
    assert response.status_code == 200
    assertContains(response, "Phường chưa đăng ký xây dựng năm 2023.")


def test_criterion_page_lists_wards_missing_it_in_a_province_and_nationwide(
    reader_client, nghe_an_2023
):
    tc22 = Criterion.objects.get(number=22)
    for suffix in ["&tinh=40", ""]:
        response = reader_client.get(f"/tieu-chi/{tc22.pk}/?year=2023{suffix}")
        html = response.content.decode()
        assert re.findall(r'id="criterion-met">([^<]*)<', html) == ["0/16"]
        not_met = re.search(r'id="not-met">(.*?)</ul>', html, re.S).group(1)
        assert not_met.count("<li>") == 16
        assert "Phường Đông Vĩnh" in not_met
    tc1 = Criterion.objects.get(number=1)
    html = reader_client.get(f"/tieu-chi/{tc1.pk}/?year=2023&tinh=40").content.decode()
    assert re.findall(r'id="criterion-met">([^<]*)<', html) == ["16/16"]
