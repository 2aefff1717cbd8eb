"""axe-core on every page, as each role, at a desktop's and a phone's size; the keyboard alone.

axe-core comes from the npm registry (tests/browser/package.json, `npm ci`): it is
injected into the page by the test, never served by the app. Playwright's bypass_csp
lets the injected script run under our Content Security Policy, which allows none.
"""

import io
import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.axe import BLOCKING, VIEWPORTS, violations
from tests.browser.conftest import PASSWORD
from tracker.accounts.models import Role
from tracker.accounts.services import user_add

pytestmark = pytest.mark.browser

YEAR = "?year=2023"

# What each role opens: its own pages and every page it can reach from them.
PAGES = {
    "anonymous": ["/dang-nhap/", "/quen-mat-khau/", "/huong-dan/"],
    "national": [
        "/viec-can-lam/",
        f"/{YEAR}",
        f"/tinh/40/{YEAR}",
        f"/phuong/16663/{YEAR}",
        f"/phuong/16663/lich-su/{YEAR}",
        f"/tieu-chi/22/{YEAR}",
        f"/quyet-dinh/{YEAR}",
        f"/cong-nhan/{YEAR}",
        f"/tinh/40/chuyen-de-nghi/{YEAR}",
        f"/chi-tieu/{YEAR}",
        f"/tinh/40/dang-ky/{YEAR}",
        "/admin/tracker/importbatch/upload/",
        "/admin/tracker/importbatch/",
        "/tai-khoan/",
        f"/tim-kiem/{YEAR}&q=dong+vinh",
        f"/tinh/40/{YEAR}&quan=412&muc_do=thieu-1&sap_xep=-dat",
        f"/nhap-lieu/{YEAR}",
    ],
    "province": [
        "/viec-can-lam/",
        f"/tinh/40/{YEAR}",
        f"/phuong/16663/{YEAR}",
        f"/phuong/16663/lich-su/{YEAR}",
        f"/tieu-chi/22/{YEAR}&tinh=40",
        f"/tinh/40/dang-ky/{YEAR}",
        f"/tim-kiem/{YEAR}&q=40",
        f"/tinh/40/chuyen-de-nghi/{YEAR}",
        "/admin/tracker/importbatch/upload/",
        "/admin/tracker/importbatch/",
        "/tai-khoan/",
        f"/nhap-lieu/{YEAR}",
    ],
    "ward": [
        "/viec-can-lam/",
        f"/phuong/16663/{YEAR}",
        f"/phuong/16663/lich-su/{YEAR}",
        "/tai-khoan/",
        "/tai-khoan/doi-mat-khau/",
        f"/tim-kiem/{YEAR}&q=tc5",
        "/huong-dan/",
    ],
    # The Ministry's pages without any form.
    "viewer": [f"/{YEAR}", f"/tinh/40/{YEAR}", f"/phuong/16663/{YEAR}"],
}


def _accounts():
    """One account per role, with the password of tests/browser/conftest.py."""
    made = {
        "national": user_add(username="bo", role=Role.NATIONAL, password=PASSWORD)[0],
        "province": user_add(
            username="tinh",
            role=Role.PROVINCE,
            province_code="40",
            map_code="2023",
            password=PASSWORD,
        )[0],
        "ward": user_add(
            username="phuong",
            role=Role.WARD,
            ward_code="16663",
            map_code="2023",
            password=PASSWORD,
        )[0],
        "viewer": user_add(username="xem", role=Role.VIEWER, password=PASSWORD)[0],
    }
    for user in made.values():
        user.first_name = f"Người dùng {user.username}"
        user.save()
    return {role: user.username for role, user in made.items()}


def test_every_page_passes_axe_as_each_role_on_desktop_and_phone(
    browser, live_server, nghe_an, log_in, axe_source
):
    usernames = _accounts()
    counts, failures = {}, []
    for role, paths in PAGES.items():
        # One context per role; both sizes in it.
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        if role != "anonymous":
            log_in(page, usernames[role])
        for viewport, (width, height) in VIEWPORTS.items():
            page.set_viewport_size({"width": width, "height": height})
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response.ok, (role, path, response.status)
                found = violations(page, axe_source)
                blocking = [v for v in found if v["impact"] in BLOCKING]
                # Elements with a serious or critical violation; with any violation.
                counts[f"{role} {viewport} {path}"] = [
                    sum(len(v["nodes"]) for v in blocking),
                    sum(len(v["nodes"]) for v in found),
                ]
                failures += [(role, viewport, path, v) for v in blocking]
        context.close()
    if os.environ.get("A11Y_COUNTS"):
        Path(os.environ["A11Y_COUNTS"]).write_text(json.dumps(counts, indent=1))
    assert not failures, "\n".join(f"{r} {w} {p}: {v}" for r, w, p, v in failures)


# The focused element, and whether anything shows where it is: an outline or a ring.
FOCUS = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const ring = outline || s.boxShadow !== 'none';
  return {
    tag: e.tagName.toLowerCase(),
    id: e.id,
    type: e.type || '',
    label: (e.labels && e.labels[0] ? e.labels[0].innerText : '') || e.value || e.innerText || '',
    ring: ring,
  };
}"""


def _tab_to(page, wanted, *, limit=250) -> dict:
    """Press Tab until `wanted(focus)`; every element passed on the way shows its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        seen.append((focus["tag"], focus["id"], focus["label"][:20]))
        if focus["tag"] != "body":
            assert focus["ring"], f"focus not visible on {focus}"
        if wanted(focus):
            return focus
    raise AssertionError(f"not reachable with Tab within {limit} presses, through {seen[:40]}")


def _keyboard_file_choice(page, path: Path) -> None:
    """Open the focused file field's dialog from the keyboard and choose `path` in it.

    Space opens it, Enter too; on a loaded machine a key's activation can be lost, so the
    other key is tried when one opened nothing, twice over.
    """
    for key in ("Space", "Enter", "Space", "Enter"):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press(key)
        except PlaywrightTimeout:
            continue
        chooser.value.set_files(str(path))
        return
    raise AssertionError("the file dialog did not open from the keyboard")


def _changed_template(tmp_path) -> Path:
    """Nghệ An's template with ward 16666's TC22 set to Đạt, as a locality would send it."""
    import openpyxl

    from tests.imports.workbooks import template_bytes

    book = openpyxl.load_workbook(io.BytesIO(template_bytes(province="40")))
    sheet = book["Tiêu chí"]
    header = [c.value for c in sheet[7]]
    row = next(r for r in sheet.iter_rows(min_row=8) if r[0].value not in (None, "16663"))
    row[header.index("TC22")].value = "Đạt"
    path = tmp_path / "nghe-an.xlsx"
    book.save(path)
    return path


def test_status_form_upload_preview_and_confirm_with_the_keyboard_alone(
    browser, live_server, nghe_an, log_in, axe_source, tmp_path
):
    officer = _accounts()["province"]
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, officer)

    # The status form: the skip link first, then TC22's status, changed with the arrows, saved.
    page.goto(f"{live_server.url}/phuong/16663/{YEAR}")
    first = _tab_to(page, lambda f: True)
    assert first["label"].startswith("Bỏ qua")
    select = _tab_to(page, lambda f: " ".join(f["label"].split()) == "Kết quả TC22", limit=400)
    assert select["tag"] == "select"
    for _ in range(4):
        if page.evaluate("document.activeElement.value") == "dat":
            break
        page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.value") == "dat"
    _tab_to(page, lambda f: f["tag"] == "button")  # TC22's own save, beside its status
    page.keyboard.press("Enter")
    expect(page.locator("#tc22-status")).to_have_text(
        "Đã lưu tiêu chí 22 của Phường Đông Vĩnh: Đạt."
    )
    expect(page.locator("#ward-completion")).to_have_text("22/22")

    # The upload: the file chosen from the keyboard, then the preview.
    page.goto(f"{live_server.url}/nhap-lieu/{YEAR}")
    _tab_to(page, lambda f: f["id"] == "id_file")
    _keyboard_file_choice(page, _changed_template(tmp_path))
    _tab_to(page, lambda f: f["type"] == "submit" and f["label"] == "Xem trước")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thay đổi")).to_be_visible()
    for width, height in reversed(VIEWPORTS.values()):  # the phone's, then back to the desktop's
        page.set_viewport_size({"width": width, "height": height})
        assert [v for v in violations(page, axe_source) if v["impact"] in BLOCKING] == []

    # The confirm, and the batch it recorded.
    _tab_to(page, lambda f: f["type"] == "submit" and f["label"] == "Xác nhận nhập")
    page.keyboard.press("Enter")
    expect(page.locator("ul.messages")).to_be_visible()
    assert [v for v in violations(page, axe_source) if v["impact"] in BLOCKING] == []
    context.close()
