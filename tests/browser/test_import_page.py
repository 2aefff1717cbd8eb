"""The import at /nhap-lieu/, done by a province officer with the keyboard alone (Tab, Enter,
Space, the arrows; the file dialog's own choice is the only thing set for it), at a desktop's
and a phone's size, axe-core finding nothing serious on any page it passes.

Nghệ An's template is exported, then Đông Vĩnh's TC22 changes in the app: the locality's file
setting it to Đạt is a conflict there, and a plain change for Hà Huy Tập. A confirm without a
choice is refused and shows the preview again; the file's value is chosen, the file confirmed,
then the batch reverted.
"""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_clean
from tests.browser.test_accessibility import _keyboard_file_choice, _tab_to
from tests.clock import AFTER_MIDNIGHT
from tests.imports.workbooks import cell_of, template_bytes
from tracker.assessments.models import CriterionResult
from tracker.assessments.services import criterion_result_set_status
from tracker.imports.models import ImportBatch

pytestmark = pytest.mark.browser

VIEWPORTS = {"1366x768": (1366, 768), "390x844": (390, 844)}


def tc22(code: str) -> CriterionResult:
    return CriterionResult.objects.get(assessment__ward__code=code, criterion__number=22)


@pytest.fixture
def returned_file(nghe_an, province_officer, tmp_path):
    """The exported template, Đông Vĩnh's TC22 changed in the app since, and the file as the
    locality returns it: TC22 Đạt for Đông Vĩnh (16663) and Hà Huy Tập (16666)."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    criterion_result_set_status(
        result=tc22("16663"), user=province_officer, status="dang_thuc_hien"
    )
    sheet = book["Tiêu chí"]
    for code in ("16663", "16666"):
        sheet[cell_of(sheet, code, "Y")] = "Đạt"
    path = tmp_path / "nghe-an.xlsx"
    book.save(path)
    return path


def press_on(page, wanted) -> None:
    _tab_to(page, wanted)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("size", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_a_province_imports_a_workbook_and_reverts_it_with_the_keyboard_alone(
    browser,
    live_server,
    clock,
    returned_file,
    province_officer,
    log_in,
    axe_source,
    size,
):
    clock(AFTER_MIDNIGHT)
    width, height = size
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": height})
    page = context.new_page()
    log_in(page, "tinh40")

    # From the province's page to the import, its year carried on.
    page.goto(f"{live_server.url}/tinh/40/?year=2023")
    press_on(page, lambda f: f["id"] == "import-link")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập liệu")
    expect(page.locator("#id_year")).to_have_value("2023")
    assert_clean(page, axe_source)

    # The upload: the file chosen in the dialog opened from the keyboard, then the preview.
    _tab_to(page, lambda f: f["id"] == "id_file")
    _keyboard_file_choice(page, returned_file)
    press_on(page, lambda f: f["tag"] == "button" and f["label"].strip() == "Xem trước")
    expect(page.get_by_role("heading", name="Thay đổi")).to_be_visible()
    expect(page.locator("#import-changes")).to_contain_text("Tiêu chí!Y12")
    expect(page.get_by_role("heading", name="Xung đột (1)")).to_be_visible()
    assert_clean(page, axe_source)

    # Confirmed without a choice: refused, the preview shown again, nothing written.
    confirm = lambda f: f["tag"] == "button" and f["label"].strip() == "Xác nhận nhập"  # noqa: E731
    press_on(page, confirm)
    expect(page.get_by_role("alert")).to_contain_text("không có thay đổi nào được ghi")
    expect(page.get_by_role("heading", name="Xung đột (1)")).to_be_visible()
    assert not ImportBatch.objects.exists()
    assert_clean(page, axe_source)

    # The file's value chosen for the conflict: its group's first radio, then the arrow.
    _tab_to(page, lambda f: f["type"] == "radio" and f["label"].strip() == "Giữ giá trị hiện có")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("[document.activeElement.value, document.activeElement.checked]") == [
        "file",
        True,
    ]
    press_on(page, confirm)
    expect(page.get_by_role("status")).to_contain_text("Đã nhập tệp nghe-an.xlsx")
    batch = ImportBatch.objects.get()
    expect(page.get_by_role("status")).to_have_text(
        f"Đã nhập tệp nghe-an.xlsx: 2 kết quả thay đổi ở 2 phường (lần nhập #{batch.pk}: "
        "0 mới, 2 thay đổi, 350 không đổi, 0 bỏ qua, 1 xung đột)."
    )
    assert (tc22("16663").status, tc22("16666").status) == ("dat", "dat")
    assert_clean(page, axe_source)

    # The revert: asked, confirmed, said.
    press_on(page, lambda f: f["label"].strip() == f"Hoàn tác lần nhập #{batch.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hoàn tác lần nhập #{batch.pk}")
    assert_clean(page, axe_source)
    press_on(
        page,
        lambda f: f["tag"] == "button" and f["label"].strip() == f"Hoàn tác lần nhập #{batch.pk}",
    )
    expect(page.get_by_role("status")).to_have_text(
        f"Đã hoàn tác lần nhập #{batch.pk} (tệp nghe-an.xlsx): trả lại 2 kết quả như trước "
        "lần nhập."
    )
    expect(page.locator(f"#batch-{batch.pk}")).to_contain_text("Đã hoàn tác lúc")
    assert (tc22("16663").status, tc22("16666").status) == ("dang_thuc_hien", "chua_dat")
    assert_clean(page, axe_source)
    context.close()
