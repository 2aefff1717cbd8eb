"""Search from the navigation, the province page's filters and sorting, and the national
table at a laptop's width (issue point 4), walked at a desktop's and a phone's size.

The whole 2023 map (63 provinces) is loaded, so the national table is as wide as it gets.
"""

import re

import pytest
from playwright.sync_api import expect

from tests import data_sets
from tests.browser.axe import assert_clean
from tests.browser.conftest import PASSWORD
from tracker.accounts.models import Role
from tracker.accounts.services import user_add

pytestmark = pytest.mark.browser

VIEWPORTS = {"1366x768": (1366, 768), "390x844": (390, 844)}


@pytest.fixture
def whole_country(nghe_an_2023_rows, whole_map_2023_rows, transactional_db):
    """The 63 provinces with Nghệ An's 2023 cohort, committed for the live server's thread.

    Nghệ An's own set is built first, before any flush: on SQLite a flush keeps the ids
    drawn, and a set built after it would not have the ids other tests name (/tieu-chi/22/).
    """
    data_sets.restore(whole_map_2023_rows)
    user_add(username="bo", role=Role.NATIONAL, password=PASSWORD)


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_search_a_ward_then_filter_and_sort_the_province(
    browser, live_server, whole_country, log_in, axe_source, viewport
):
    width, height = viewport
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, "bo")

    # The national table: 63 provinces, no sideways scrolling on a 1366 px screen.
    page.goto(f"{live_server.url}/?year=2023")
    expect(page.locator("table.overview tbody tr")).to_have_count(63)
    if width == 1366:
        table = page.evaluate(
            "(() => { const s = document.querySelector('table.overview').parentElement;"
            " return s.scrollWidth - s.clientWidth; })()"
        )
        assert table <= 0, f"the national table scrolls {table}px sideways"
    assert_clean(page, axe_source)

    # The box in the navigation: a name typed without diacritics finds the ward.
    box = page.get_by_role("searchbox", name="Tìm phường, tỉnh, tiêu chí")
    box.fill("dong vinh")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=dong\+vinh"))
    wards = page.locator("#search-wards li")
    expect(wards).to_have_count(1)
    expect(wards).to_contain_text("Tỉnh Nghệ An")
    assert_clean(page, axe_source)
    wards.get_by_role("link", name="Phường Đông Vĩnh").click()
    page.wait_for_url(re.compile(r"/phuong/16663/\?year=2023$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đông Vĩnh")

    # The province page: filtered by district and completeness, then sorted by a column.
    page.goto(f"{live_server.url}/tinh/40/?year=2023")
    every = page.locator("table.matrix tbody tr").count()
    assert every == 16
    page.get_by_label("Quận, huyện").select_option(label="Thành phố Vinh")
    page.get_by_label("Mức hoàn thành").select_option(label="Thiếu 1 tiêu chí")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(re.compile(r"quan=412"))
    shown = page.locator("table.matrix tbody tr").count()
    assert 0 < shown <= every
    expect(page.locator("#matrix-count")).to_have_text(
        f"Đang hiện {shown} trên {every} phường đã đăng ký."
    )
    assert_clean(page, axe_source)
    names = page.locator("table.matrix tbody th").all_inner_texts()
    page.locator('table.matrix thead a[data-sort="phuong"]').click()
    page.wait_for_url(re.compile(r"sap_xep=-phuong"))
    expect(page.locator("table.matrix thead th").first).to_have_attribute("aria-sort", "descending")
    assert page.locator("table.matrix tbody th").all_inner_texts() == names[::-1]
    # The filter is kept by the sort.
    expect(page.get_by_label("Quận, huyện")).to_have_value("412")
    assert_clean(page, axe_source)
    context.close()
