"""The error pages in a real browser, at a desktop's and a phone's size: axe-core finds nothing
serious, nothing overflows, and the ways out are there."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import VIEWPORTS, assert_clean
from tests.browser.conftest import PASSWORD
from tracker.accounts.models import Role
from tracker.accounts.services import user_add

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_error_pages_are_accessible_and_lead_back(
    browser, live_server, nghe_an, log_in, axe_source, viewport
):
    user_add(
        username="phuong", role=Role.WARD, ward_code="16663", map_code="2023", password=PASSWORD
    )
    width, height = viewport
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, "phuong")

    # A ward opening its province: 403, said in Vietnamese, and back to where it was.
    page.goto(f"{live_server.url}/phuong/16663/?year=2023")
    page.evaluate("u => { window.location.href = u; }", f"{live_server.url}/tinh/40/?year=2023")
    page.wait_for_url("**/tinh/40/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có quyền truy cập")
    assert_clean(page, axe_source, "403")
    page.locator("#error-back").click()
    page.wait_for_url("**/phuong/16663/**")

    # An unknown address: 404, with the navigation.
    response = page.goto(f"{live_server.url}/khong-co-trang-nay/")
    assert response.status == 404
    expect(page.locator("#nav-worklist")).to_have_count(1)
    assert_clean(page, axe_source, "404")

    # A form sent without its token (the cookie gone): the expired-form page, then log in again.
    page.goto(f"{live_server.url}/viec-can-lam/")
    context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biểu mẫu đã hết hạn")
    assert_clean(page, axe_source, "CSRF")
    page.locator("#error-login").click()
    page.wait_for_url("**/dang-nhap/**")
    context.close()
