"""django-import-export's export page in a real browser, under the Content Security Policy."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_select_all_unticks_and_ticks_every_field(page, live_server, nghe_an, log_in):
    """The box's inline onchange was blocked by the policy: clicking it changed nothing."""
    get_user_model().objects.create_superuser(username="quantri", password=PASSWORD)
    blocked = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and blocked.append(message.text),
    )
    log_in(page, "quantri")
    page.goto(f"{live_server.url}/admin/tracker/ward/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)')
    expect(fields).to_have_count(6)
    toggle = page.locator("input.select-toggle")
    expect(toggle).to_be_checked()

    toggle.click()
    for index in range(6):
        expect(fields.nth(index)).not_to_be_checked()
    page.get_by_text("Chọn tất cả").click()  # the label ticks the box too
    expect(toggle).to_be_checked()
    for index in range(6):
        expect(fields.nth(index)).to_be_checked()
    assert blocked == []
