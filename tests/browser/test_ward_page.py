"""The ward page with the keyboard alone, on a desktop's and a phone's screen: two cards
edited, one saved while the other keeps its edit, then the other, then a file attached."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.axe import VIEWPORTS, assert_clean
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import _keyboard_file_choice, _tab_to
from tracker.accounts.models import Role, UserScope
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.units.models import Ward

pytestmark = pytest.mark.browser

URL = "/phuong/16663/?year=2023"

# Every control a finger presses in the cards, with its size where it is shown.
TARGETS = """() => Array.from(document.querySelectorAll(
  'li.criterion-card :is(button, select, input:not([type=hidden]), textarea, summary, a),'
  + '.save-bar button'
)).map(e => { const r = e.getBoundingClientRect();
  return {what: e.outerHTML.slice(0, 80), width: r.width, height: r.height}; })
  .filter(t => t.width > 0 && t.height > 0)"""


def _said(focus) -> str:
    """The focused element's label, its white space as one reads it."""
    return " ".join(focus["label"].split())


@pytest.fixture
def ward_officer(nghe_an):
    user = get_user_model().objects.create_user(
        username="phuong16663", password=PASSWORD, first_name="Công an phường Đông Vĩnh"
    )
    ward = Ward.objects.get(edition__code="2023", code="16663")
    UserScope.objects.create(user=user, role=Role.WARD, ward=ward, province=ward.province)
    return user


def _result(number: int) -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=number
    )


def _shift_tab_to(page, wanted, *, limit=60) -> None:
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        if wanted(page.evaluate("document.activeElement.innerText || ''")):
            return
    raise AssertionError("not reached with Shift+Tab")


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_ward_officer_saves_two_cards_and_attaches_a_file_with_the_keyboard(
    browser, live_server, ward_officer, log_in, axe_source, tmp_path, viewport
):
    width, height = viewport
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, "phuong16663")
    page.goto(f"{live_server.url}{URL}")
    assert_clean(page, axe_source)

    # TC5's note on the evidence typed, then TC22's status changed with the arrow keys.
    _tab_to(page, lambda f: _said(f).startswith("Ghi chú về minh chứng TC5"), limit=400)
    page.keyboard.type("Biên bản kiểm tra 05/2023")
    select = _tab_to(page, lambda f: _said(f) == "Kết quả TC22", limit=400)
    assert select["tag"] == "select"
    for _ in range(4):
        if page.evaluate("document.activeElement.value") == "dat":
            break
        page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.value") == "dat"
    expect(page.locator("#save-all")).to_have_text("Lưu tất cả thay đổi (2)")

    # TC22 saved alone: its card says so, TC5's edit is still there and still unsaved.
    _tab_to(page, lambda f: f["tag"] == "button")  # the card's own button, next to its status
    assert page.evaluate("document.activeElement.innerText") == "Lưu TC22"
    page.keyboard.press("Enter")
    expect(page.locator("#tc22-status")).to_have_text(
        "Đã lưu tiêu chí 22 của Phường Đông Vĩnh: Đạt."
    )
    expect(page.locator("#ward-completion")).to_have_text("22/22")
    expect(page.get_by_label("Ghi chú về minh chứng TC5")).to_have_value(
        "Biên bản kiểm tra 05/2023"
    )
    expect(page.locator("#save-all")).to_have_text("Lưu tất cả thay đổi (1)")
    assert _result(22).status == ResultStatus.MET
    assert _result(5).evidence == ""
    assert_clean(page, axe_source)

    # Back to TC5's own button, and saved.
    _shift_tab_to(page, lambda label: " ".join(label.split()) == "Lưu TC5", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("#tc5-status")).to_have_text("Đã lưu tiêu chí 5 của Phường Đông Vĩnh: Đạt.")
    expect(page.locator("#save-all")).to_have_text("Lưu tất cả thay đổi")
    assert _result(5).evidence == "Biên bản kiểm tra 05/2023"
    assert _result(22).status == ResultStatus.MET

    # A file attached to TC22 from its own card.
    _tab_to(page, lambda f: _said(f) == "Thêm tệp minh chứng TC22", limit=400)
    page.keyboard.press("Enter")
    _tab_to(page, lambda f: f["type"] == "file")
    scan = tmp_path / "quyet-dinh.pdf"
    scan.write_bytes(b"%PDF-1.4\n%minh chung\n" + b"0" * 2000 + b"\n%%EOF")
    _keyboard_file_choice(page, scan)
    _tab_to(page, lambda f: f["tag"] == "button" and _said(f) == "Tải lên minh chứng TC22")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Đã thêm tệp minh chứng “quyet-dinh” cho tiêu chí 22 của Phường Đông Vĩnh."
    )
    expect(page.locator("#minh-chung-tc22 table.evidence tbody tr")).to_contain_text(
        "quyet-dinh.pdf"
    )
    assert_clean(page, axe_source)

    if width < 760:
        small = [t for t in page.evaluate(TARGETS) if t["width"] < 44 or t["height"] < 44]
        assert small == [], small
    context.close()
