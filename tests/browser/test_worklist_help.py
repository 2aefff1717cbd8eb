"""A province officer's work list and the help page in a real browser (issue points 7 and 8).

Today is 10 November 2023: Nghệ An's wards were due on 1 November and sit at 21/22. The
officer opens the work list, follows a late ward's entry, opens the help from the
navigation and jumps to a section; at a desktop's and a phone's size, axe-core clean, no
horizontal overflow.
"""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_clean
from tests.clock import LOCAL
from tracker.rounds.services import province_round_set, round_set
from tracker.units.models import Province

pytestmark = pytest.mark.browser

VIEWPORTS = [(1366, 768), (390, 844)]


@pytest.mark.parametrize("size", VIEWPORTS, ids=["1366x768", "390x844"])
def test_a_province_follows_a_late_ward_then_reads_the_help(
    browser,
    live_server,
    province_officer,
    log_in,
    clock,
    axe_source,
    size,
):
    clock(datetime.datetime(2023, 11, 10, 9, tzinfo=LOCAL))
    round_set(year=2023, due=datetime.date(2023, 11, 30), user=None)
    province_round_set(
        province=Province.objects.get(edition__code="2023", code="40"),
        year=2023,
        due=datetime.date(2023, 11, 1),
        user=None,
    )
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
    page = context.new_page()
    log_in(page, "tinh40")
    assert page.url == f"{live_server.url}/viec-can-lam/"
    late = page.locator("#worklist section[aria-labelledby='work-unmet']")
    expect(late.get_by_role("heading")).to_contain_text("Chưa đạt hoặc Đang thực hiện")
    count = late.locator("li").count()
    assert count > 0
    expect(late.locator(".work-group-count")).to_have_text(str(count))
    expect(page.locator("#nav-work-count")).to_have_text(str(page.locator("#worklist li").count()))
    assert_clean(page, axe_source)

    entry = late.get_by_role("link", name="Phường Đông Vĩnh: 1 tiêu chí Chưa đạt hoặc Đang")
    expect(entry).to_contain_text("(trễ 9 ngày)")
    entry.click()
    page.wait_for_url(f"{live_server.url}/phuong/16663/?year=2023&map=2023")
    expect(page.locator("#ward-completion")).to_have_text("21/22")

    page.get_by_role("link", name="Hướng dẫn").click()
    page.wait_for_url(f"{live_server.url}/huong-dan/")
    expect(page.locator("#tc-22")).to_be_attached()
    assert_clean(page, axe_source)
    page.get_by_role("navigation", name="Mục lục").get_by_role(
        "link", name="Các bước công nhận"
    ).click()
    page.wait_for_url(f"{live_server.url}/huong-dan/#cac-buoc")
    expect(page.locator("#cac-buoc")).to_be_in_viewport()
    expect(page.locator("#help-steps li").first).to_contain_text("Đề nghị công nhận")
    context.close()
