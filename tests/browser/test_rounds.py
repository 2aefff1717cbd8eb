"""A ward officer's work list and a result locked once proposed, in a real browser (issue 17)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.clock import LOCAL
from tracker.accounts.models import Role, UserScope
from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.units.models import Ward

pytestmark = pytest.mark.browser


@pytest.fixture
def ward_officer(nghe_an):
    user = get_user_model().objects.create_user(username="phuong16663", password=PASSWORD)
    UserScope.objects.create(
        user=user, role=Role.WARD, ward=Ward.objects.get(edition__code="2023", code="16663")
    )
    dong_vinh = Assessment.objects.get(ward__code="16663", year=2023)
    criterion_result_set_status(
        result=dong_vinh.results.get(criterion__number=22),
        user=None,
        status=ResultStatus.NOT_ASSESSED,
    )
    return user


def test_a_ward_works_down_its_list_and_its_results_lock_once_proposed(
    page, live_server, ward_officer, log_in, clock
):
    clock(datetime.datetime(2023, 11, 10, 9, tzinfo=LOCAL))  # the work list's year is today's
    log_in(page, "phuong16663")
    assert page.url == f"{live_server.url}/viec-can-lam/"
    expect(page.locator("#nav-work-count")).to_have_text("1")
    entry = page.get_by_role("link", name="Phường Đông Vĩnh: còn 1 tiêu chí chưa đánh giá")
    entry.click()

    expect(page.locator("#ward-completion")).to_have_text("21/22")
    page.get_by_label("Kết quả TC22").select_option(label="Đạt")
    page.get_by_role("button", name="Lưu TC22").click()
    expect(page.locator("#ward-completion")).to_have_text("22/22")
    page.get_by_role("button", name="Gửi đề nghị công nhận").click()

    expect(page.locator("#lock-reason")).to_contain_text(
        "Phường đã gửi đề nghị công nhận: kết quả bị khoá với phường"
    )
    expect(page.get_by_label("Kết quả TC22")).to_have_count(0)
    expect(page.locator("#tc22 .cell")).to_have_text("Đạt")

    page.get_by_role("link", name="Việc cần làm").click()
    expect(page.locator("#worklist-empty")).to_be_visible()
    expect(page.locator("#nav-work-count")).to_have_count(0)
