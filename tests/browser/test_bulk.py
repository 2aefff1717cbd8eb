"""Bulk recognition in a browser (issue point 5): Nghệ An's officer forwards two proposals at
once, then the Ministry recognises both under one decision number and date; each page at a
desktop's and a phone's size, axe-core finding no serious or critical violation.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_clean
from tests.browser.test_programme_years import (
    DESKTOP,
    PHONE,
    assert_stays_local,
)
from tests.clock import AFTER_MIDNIGHT
from tracker.assessments.models import Assessment, AssessmentStatus

pytestmark = pytest.mark.browser

# Đông Vĩnh and Hà Huy Tập have proposed; Lê Lợi is still building.
PROPOSED = {"16663": "Phường Đông Vĩnh", "16666": "Phường Hà Huy Tập"}


@pytest.fixture
def proposals(nghe_an, clock):
    clock(AFTER_MIDNIGHT)
    Assessment.objects.filter(ward__code__in=PROPOSED, year=2023).update(
        status=AssessmentStatus.PROPOSED
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "390x844"])
def test_province_forwards_two_then_the_ministry_recognises_both_under_one_decision(
    browser,
    live_server,
    proposals,
    province_officer,
    national_admin,
    log_in,
    axe_source,
    viewport,
):
    # The province: from its page to the list of proposals, all ticked at once, forwarded.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, province_officer.username)
    page.goto(f"{live_server.url}/tinh/40/?year=2023")
    page.locator("#forward-link").click()
    page.wait_for_url(f"{live_server.url}/tinh/40/chuyen-de-nghi/?year=2023")
    expect(page.locator("tr[data-assessment]")).to_have_count(2)
    assert_clean(page, axe_source)
    page.get_by_label("Chọn tất cả").check()
    for name in PROPOSED.values():
        expect(page.get_by_label(name)).to_be_checked()
    page.get_by_role("button", name="Chuyển đề nghị của các phường đã chọn lên Bộ").click()
    page.wait_for_url(f"{live_server.url}/tinh/40/chuyen-de-nghi/?year=2023")
    expect(page.get_by_role("status")).to_have_text(
        "Đã chuyển đề nghị của 2 phường lên Bộ: Phường Đông Vĩnh, Phường Hà Huy Tập."
    )
    expect(page.locator("#bulk-none")).to_be_visible()
    assert_clean(page, axe_source)
    assert_stays_local(requested, live_server)
    context.close()

    # The Ministry: from the overview to the forwarded wards, filtered on Nghệ An, both
    # recognised under one decision.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    log_in(page, national_admin.username)
    page.goto(f"{live_server.url}/?year=2023")
    page.locator("#bulk-recognize-link").click()
    page.wait_for_url(f"{live_server.url}/cong-nhan/?year=2023")
    page.get_by_label("Tỉnh, thành phố").select_option("40")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url(f"{live_server.url}/cong-nhan/?year=2023&tinh=40")
    expect(page.locator("tr[data-assessment]")).to_have_count(2)
    assert_clean(page, axe_source)
    for name in PROPOSED.values():
        page.get_by_label(name).check()
    expect(page.get_by_label("Chọn tất cả")).to_be_checked()
    page.get_by_label("Số quyết định").fill("123/QĐ-BCA")
    page.get_by_label("Ngày quyết định").fill("2026-12-05")
    page.get_by_role("button", name="Công nhận các phường đã chọn", exact=True).click()
    page.wait_for_url(f"{live_server.url}/cong-nhan/?year=2023&tinh=40")
    expect(page.get_by_role("status")).to_have_text(
        "Đã công nhận 2 phường theo Quyết định số 123/QĐ-BCA ngày 05/12/2026: "
        "Phường Đông Vĩnh, Phường Hà Huy Tập."
    )
    assert_clean(page, axe_source)
    context.close()
    assert sorted(
        Assessment.objects.filter(year=2023, status=AssessmentStatus.RECOGNIZED).values_list(
            "ward__code", "decision_number", "decision_date"
        )
    ) == [(code, "123/QĐ-BCA", datetime.date(2026, 12, 5)) for code in sorted(PROPOSED)]
