"""The province page printed by the browser on A4 landscape: the heat map whole, who and when."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A4 landscape less print.css's 12 mm margins, in CSS pixels (96 per inch).
PRINTABLE = {"width": round((297 - 24) / 25.4 * 96), "height": round((210 - 24) / 25.4 * 96)}


def _pages(pdf: bytes) -> int:
    """Page objects in the PDF (not the /Pages tree that holds them)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_province_page_prints_on_a4_landscape_with_the_heat_map_whole(
    page, live_server, nghe_an, province_officer, log_in
):
    log_in(page, "tinh40")
    page.goto(f"{live_server.url}/tinh/40/?year=2023")
    page.emulate_media(media="print")
    page.set_viewport_size(PRINTABLE)
    foot = page.locator("#print-foot")
    expect(foot).to_be_visible()
    expect(foot).to_contain_text("Cán bộ Công an tỉnh Nghệ An")
    assert re.search(r"In ngày \d{2}/\d{2}/\d{4} \d{2}:\d{2}", foot.inner_text())
    expect(page.locator("header.site nav")).to_be_hidden()

    # Whole: as wide as the printed page at most, no wider than its scroll box, one page tall.
    matrix = page.locator("table.matrix").bounding_box()
    assert matrix["width"] <= PRINTABLE["width"]
    assert matrix["height"] <= PRINTABLE["height"]
    assert page.evaluate(
        "(() => { const box = document.querySelector('table.matrix').parentElement;"
        " return box.scrollWidth <= box.clientWidth; })()"
    )

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = _pages(pdf)
    # Figures, the heat map, the round's table, completion and charts: four pages for Nghệ An
    # in 2023 (one to spare for a longer table), never the nine of an unformatted print.
    assert 1 <= pages <= 5, pages
    # The page box is A4 landscape: 842 x 595 points.
    size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)
