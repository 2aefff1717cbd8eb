"""The report pages in a real browser: Nghệ An 2023, a status change, desktop and phone widths."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}


def test_login_is_asked_for_in_vietnamese(page, live_server, nghe_an):
    page.goto(f"{live_server.url}/tinh/40/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert page.url.startswith(f"{live_server.url}/dang-nhap/")


def test_province_officer_sees_nghe_an_and_changes_a_status_found_in_the_history(
    page, live_server, nghe_an, province_officer, log_in
):
    log_in(page, "tinh40")
    page.goto(f"{live_server.url}/tinh/40/?year=2023")
    completions = page.locator("table.matrix td.completion")
    expect(completions).to_have_count(16)
    assert set(completions.all_inner_texts()) == {"21/22"}
    expect(page.locator("#bottleneck")).to_contain_text("TC22")
    expect(page.locator("#completion li").first).to_have_text(
        "TC22: 0/16 Đạt – Xếp loại thi đua của Đảng ủy và UBND phường"
    )

    page.get_by_role("link", name="Phường Đông Vĩnh").click()
    expect(page.locator("#ward-completion")).to_have_text("21/22")
    page.get_by_label("Kết quả TC22").select_option(label="Đạt")
    page.get_by_label("Ghi chú về minh chứng TC22").fill("Quyết định khen thưởng năm 2023")
    page.get_by_role("button", name="Lưu tất cả thay đổi").click()

    expect(page.get_by_role("status")).to_have_text("Đã lưu 1 thay đổi của Phường Đông Vĩnh.")
    expect(page.locator("#ward-completion")).to_have_text("22/22")
    latest = page.locator("#history tbody tr").first
    expect(latest).to_contain_text("TC22")
    expect(latest).to_contain_text("Cán bộ Công an tỉnh Nghệ An")
    cells = latest.locator("td")
    expect(cells.nth(3)).to_have_text("Chưa đạt")
    expect(cells.nth(4)).to_have_text("Đạt")

    page.get_by_role("link", name="Tỉnh Nghệ An", exact=True).click()
    expect(page.locator("tr[data-ward='16663'] td.completion")).to_have_text("22/22")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pages_fit_the_screen_and_load_nothing_from_elsewhere(
    browser, live_server, nghe_an, province_officer, log_in, viewport, tmp_path
):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "tinh40")
    pages = {
        "toan-quoc": "/?year=2023",
        "tinh-40": "/tinh/40/?year=2023",
        "phuong-16663": "/phuong/16663/?year=2023",
        "tieu-chi-22": "/tieu-chi/22/?year=2023&tinh=40",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} tràn ngang {overflow}px ở {width}x{height}"
        shot = tmp_path / f"{name}-{width}x{height}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
    assert requested and all(url.startswith(live_server.url) for url in requested)
    context.close()
