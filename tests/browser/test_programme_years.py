"""The programme over the years and across the map change, walked by new users in a browser
(issue "The programme over the years and across the map change", point 9).

Today is 6 December 2026 (tests/clock.py), on the 2025 map: the ward account of Đông Vĩnh
(16663, 2023 map) follows its main successor Phường Thành Vinh (16681) in 2026 and its own
ward in 2023; Nghệ An's officer registers two wards for 2026; the Ministry sets a quota.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests import data_sets
from tests.browser.conftest import PASSWORD
from tests.clock import AFTER_MIDNIGHT
from tracker.accounts.models import Role, UserScope
from tracker.assessments.models import Assessment
from tracker.targets.models import ProvinceQuota
from tracker.units.models import Ward

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def today(clock):
    """6 December 2026, 00:30 in Vietnam, standing still in the test and the live server."""
    return clock(AFTER_MIDNIGHT)


@pytest.fixture
def both_maps(nghe_an, nghe_an_both_maps_rows):
    data_sets.restore(nghe_an_both_maps_rows)


@pytest.fixture
def ward_account(both_maps):
    user = get_user_model().objects.create_user(
        username="phuong16663", password=PASSWORD, first_name="Công an phường Đông Vĩnh"
    )
    UserScope.objects.create(
        user=user, role=Role.WARD, ward=Ward.objects.get(edition__code="2023", code="16663")
    )
    return user


def open_page(browser, live_server, viewport):
    """A new browser context (a new user: no cookie) and its page, counting every request."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    return context, page, requested


def assert_stays_local(requested, live_server):
    assert requested and all(url.startswith(live_server.url) for url in requested), [
        url for url in requested if not url.startswith(live_server.url)
    ]


def assert_no_horizontal_overflow(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"tràn ngang {overflow}px"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "390x844"])
def test_ward_account_follows_its_successor_in_2026_and_its_own_ward_in_2023(
    browser, live_server, today, ward_account, log_in, viewport
):
    context, page, requested = open_page(browser, live_server, viewport)
    log_in(page, "phuong16663")
    # Every account starts at its work list, a page without a year: "Phường của tôi" goes to
    # the start page, which sends a ward account on to its ward in today's year.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Việc cần làm")
    my_ward = page.locator("#nav-my-ward")
    expect(my_ward).to_have_text("Phường của tôi")
    my_ward.click()

    # Today's year, on the 2025 map: the main successor, saying whose successor it is.
    page.wait_for_url(f"{live_server.url}/phuong/16681/?year=2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường Thành Vinh – năm 2026")
    expect(page.locator("#successor-of")).to_contain_text(
        "Phường kế thừa Phường Đông Vĩnh trên bản đồ 2025"
    )
    expect(page.locator("#year-select")).to_have_value("2026")
    expect(page.locator("#nav-my-ward")).to_have_attribute("href", "/phuong/16681/?year=2026")
    assert_no_horizontal_overflow(page)

    # 2023 in the year selector: the 2023 map, where 16681 is another ward (Phường Quang
    # Trung); the account lands on its own ward and its 2023 assessment.
    page.locator("#year-select").select_option("2023")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(f"{live_server.url}/phuong/16663/?year=2023")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phường Đông Vĩnh – năm 2023")
    expect(page.locator("#successor-of")).to_have_count(0)
    expect(page.locator("#ward-completion")).to_have_text("21/22")
    expect(page.locator("#nav-my-ward")).to_have_attribute("href", "/phuong/16663/?year=2023")
    assert_no_horizontal_overflow(page)

    # And back to 2026 from Đông Vĩnh's page, whose code names no unit on the 2025 map.
    page.locator("#year-select").select_option("2026")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url(f"{live_server.url}/phuong/16681/?year=2026")
    expect(page.locator("#successor-of")).to_be_visible()
    assert_no_horizontal_overflow(page)
    assert_stays_local(requested, live_server)
    context.close()


def test_province_registers_two_wards_for_2026(
    browser, live_server, today, both_maps, province_officer, log_in
):
    context, page, requested = open_page(browser, live_server, DESKTOP)
    log_in(page, "tinh40")
    page.goto(f"{live_server.url}/tinh/40/")
    expect(page.locator("#year-select")).to_have_value("2026")
    expect(page.locator("#empty-year")).to_contain_text("Năm 2026 chưa có phường nào đăng ký")
    page.locator("#invite-register").get_by_role("link", name="Đăng ký phường năm 2026").click()

    page.wait_for_url(lambda url: "/tinh/40/dang-ky/" in url and "year=2026" in url)
    expect(page.locator("tr[data-registrable]")).to_have_count(11)
    # A name typed without its diacritics finds the wards.
    page.get_by_label("Tìm theo mã hoặc tên phường").fill("vinh")
    page.locator("#register-search").get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url(lambda url: "q=vinh" in url)
    expect(page.locator("tr[data-registrable]")).to_have_count(5)
    page.get_by_label("Phường Trường Vinh").check()
    page.get_by_label("Phường Vinh Hưng").check()
    expect(page.get_by_label("Kế thừa kết quả của đơn vị cũ")).to_be_checked()
    page.get_by_role("button", name="Đăng ký các phường đã chọn năm 2026").click()

    page.wait_for_url(f"{live_server.url}/tinh/40/?year=2026")
    status = page.locator(".messages").get_by_role("status")
    expect(status).to_contain_text("Đã đăng ký 2 phường năm 2026")
    expect(status).to_contain_text("Phường Trường Vinh (16690)")
    expect(status).to_contain_text("Phường Vinh Hưng (17920)")
    expect(page.locator("#registered")).to_have_text("2")
    expect(page.locator("#empty-year")).to_have_count(0)
    rows = page.locator("tr[data-ward]")
    expect(rows).to_have_count(2)
    expect(page.locator('tr[data-ward="16690"]')).to_contain_text("Phường Trường Vinh")
    expect(page.locator('tr[data-ward="17920"]')).to_contain_text("Phường Vinh Hưng")
    assert sorted(Assessment.objects.filter(year=2026).values_list("ward__code", flat=True)) == [
        "16690",
        "17920",
    ]
    assert_stays_local(requested, live_server)
    context.close()


def test_ministry_sets_nghe_ans_quota_for_2026(
    browser, live_server, today, both_maps, national_admin, log_in
):
    context, page, requested = open_page(browser, live_server, DESKTOP)
    log_in(page, national_admin.username)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#year-select")).to_have_value("2026")
    row = page.locator('tr[data-province="40"]')
    expect(row.locator("td.num").nth(4)).to_have_text("—")
    page.get_by_role("link", name="Chỉ tiêu của Bộ năm 2026").click()

    page.wait_for_url(lambda url: "/chi-tieu/" in url and "year=2026" in url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Chỉ tiêu của Bộ năm 2026")
    page.get_by_label("Nghệ An").fill("2")
    page.get_by_role("button", name="Lưu chỉ tiêu năm 2026").click()

    page.wait_for_url(f"{live_server.url}/?year=2026")
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("#year-select")).to_have_value("2026")
    expect(row.locator("td.num").nth(4)).to_have_text("2")
    assert ProvinceQuota.objects.get(province__code="40", year=2026).quota == 2
    assert_stays_local(requested, live_server)
    context.close()
