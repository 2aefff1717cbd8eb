"""Evidence on the ward page in a real browser: a file uploaded with the progress script, listed."""

import hashlib

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tracker.accounts.models import Role, UserScope
from tracker.units.models import Ward

pytestmark = pytest.mark.browser

SCAN = b"%PDF-1.4\n%minh chung\n" + b"0" * 300_000 + b"\n%%EOF"


@pytest.fixture
def ward_officer(nghe_an):
    user = get_user_model().objects.create_user(
        username="phuong16663", password=PASSWORD, first_name="Công an phường Đông Vĩnh"
    )
    ward = Ward.objects.get(edition__code="2023", code="16663")
    UserScope.objects.create(user=user, role=Role.WARD, ward=ward, province=ward.province)
    return user


def test_a_ward_uploads_evidence_and_finds_it_listed(page, live_server, ward_officer, log_in):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, "phuong16663")
    page.goto(f"{live_server.url}/phuong/16663/?year=2023")
    block = page.locator("#minh-chung-tc3")
    block.get_by_text("Thêm tệp minh chứng TC3").click()
    block.get_by_label("Tệp (chọn được nhiều tệp)").set_input_files(
        [{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    block.get_by_label("Số văn bản").fill("07/BB-CAP")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        block.get_by_role("button", name="Tải lên minh chứng TC3").click()
    # Sent by the progress script (XMLHttpRequest), which is answered with where to go.
    assert posted.value.headers["content-type"] == "application/json"

    expect(page.get_by_role("status")).to_have_text(
        "Đã thêm tệp minh chứng “bien-ban” cho tiêu chí 3 của Phường Đông Vĩnh."
    )
    listed = page.locator("#minh-chung-tc3 table.evidence tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("bien-ban.pdf")
    expect(listed).to_contain_text("07/BB-CAP")
    expect(listed).to_contain_text(hashlib.sha256(SCAN).hexdigest())
    expect(page.locator("#history tbody tr").first).to_contain_text("thêm tệp minh chứng")
    assert not [e for e in errors if "Content Security Policy" in e], errors
