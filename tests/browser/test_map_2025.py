"""The 2025 map in a real browser: the map selector, a new ward's carry-over, phone width."""

import pytest
from playwright.sync_api import expect

from tests import data_sets
from tracker.assessments.models import Assessment

pytestmark = pytest.mark.browser


@pytest.fixture
def both_maps(nghe_an, nghe_an_both_maps_rows):
    data_sets.restore(nghe_an_both_maps_rows)


def test_officer_picks_the_new_map_and_confirms_a_carry_over(
    browser, live_server, both_maps, province_officer, log_in
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "tinh40")
    page.goto(f"{live_server.url}/tinh/40/?year=2023")
    page.get_by_label("Bản đồ").select_option("2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator("#new-wards tr[data-new-ward]")).to_have_count(11)
    page.locator("#new-wards").get_by_role("link", name="Phường Thành Vinh").click()
    expect(page.locator("#predecessors tr[data-predecessor]")).to_have_count(8)
    expect(page.locator("#proposed-met")).to_have_text("21/22")
    for _ in range(2):
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"tràn ngang {overflow}px"
        if Assessment.objects.filter(ward__edition__code="2025").exists():
            break
        page.get_by_role("button", name="Xác nhận đăng ký năm 2025 như đề xuất").click()
        expect(page.locator(".messages").get_by_role("status")).to_contain_text(
            "Đã đăng ký Phường Thành Vinh năm 2025"
        )
    expect(page.locator("#ward-completion")).to_have_text("21/22")
    expect(page.locator("#history")).to_contain_text("Kế thừa từ Phường Đông Vĩnh (16663), 2023")
    assert requested and all(url.startswith(live_server.url) for url in requested)
    context.close()
