"""Nghệ An's officer runs a ward account at /tai-khoan/ in a browser: creates it choosing the
ward by name, resets its password, disables it; the ward's user then cannot log in.

At a desktop's and a phone's size, axe-core finding no serious or critical violation on any
page visited, and nothing wider than the phone's screen.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_clean
from tests.clock import AFTER_MIDNIGHT

pytestmark = pytest.mark.browser

VIEWPORTS = {"1366x768": (1366, 768), "390x844": (390, 844)}


def ward_logs_in(browser, live_server, viewport, password: str, axe_source) -> bool:
    """A fresh browser: the ward's user logs in (True) or stays on the login page (False)."""
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("dongvinh")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    logged_in = "/dang-nhap/" not in page.url
    if not logged_in:
        assert_clean(page, axe_source)
        # The way out of a forgotten password, from the login page.
        page.get_by_role("link", name="Quên mật khẩu?").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Quên mật khẩu")
        assert_clean(page, axe_source)
    context.close()
    return logged_in


@pytest.mark.parametrize("size", VIEWPORTS, ids=list(VIEWPORTS))
def test_a_province_officer_creates_resets_and_disables_a_ward_account(
    browser, live_server, clock, province_officer, log_in, axe_source, size
):
    clock(AFTER_MIDNIGHT)
    width, height = VIEWPORTS[size]
    viewport = {"width": width, "height": height}
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    page = context.new_page()
    log_in(page, "tinh40")

    # The officer's name in the navigation opens the account page.
    page.locator("#nav-account").click()
    page.wait_for_url(f"{live_server.url}/tai-khoan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
    expect(page.locator("#my-unit")).to_have_text("Tỉnh Nghệ An (40)")
    expect(page.get_by_role("link", name="Mã truy cập API")).to_be_visible()
    expect(page.locator("#no-accounts")).to_be_visible()
    assert_clean(page, axe_source)

    # A ward account, its ward chosen by name.
    page.get_by_label("Tên đăng nhập").fill("dongvinh")
    page.get_by_label("Họ và tên").fill("Cán bộ Công an phường Đông Vĩnh")
    page.get_by_label("Phường (mã hoặc tên)").fill("Đông Vĩnh")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.locator("#shown-once")).to_contain_text("Đã tạo tài khoản 'dongvinh'")
    first = page.locator("#temporary-password").inner_text()
    row = page.locator("#account-dongvinh")
    expect(row).to_contain_text("Phường Đông Vĩnh (16663")
    expect(row.locator(".account-state")).to_have_text("Đang dùng")
    assert_clean(page, axe_source)

    # Its password reset: a new temporary one, shown once.
    row.get_by_role("button", name="Đặt lại mật khẩu của dongvinh").click()
    expect(page.locator("#shown-once")).to_contain_text(
        "Đã đặt lại mật khẩu của tài khoản 'dongvinh'"
    )
    second = page.locator("#temporary-password").inner_text()
    assert second != first
    assert_clean(page, axe_source)
    assert ward_logs_in(browser, live_server, viewport, second, axe_source)

    # Disabled: the ward's user can no longer log in.
    page.locator("#account-dongvinh").get_by_role("button", name="Khoá tài khoản dongvinh").click()
    expect(page.get_by_role("status")).to_contain_text("Đã khoá tài khoản 'dongvinh'")
    expect(page.locator("#account-dongvinh .account-state")).to_have_text("Đã khoá")
    assert_clean(page, axe_source)
    assert not ward_logs_in(browser, live_server, viewport, second, axe_source)

    # The change of one's own password, from the account page.
    page.get_by_role("link", name="Đổi mật khẩu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đổi mật khẩu")
    assert_clean(page, axe_source)
    context.close()
