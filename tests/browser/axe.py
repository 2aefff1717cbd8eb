"""axe-core's check of a page, shared by the browser tests: no serious or critical violation,
and nothing wider than the screen.

axe-core comes from the npm registry (tests/browser/package.json, `npm ci`): it is injected
into the page by the test, never served by the app. The `axe_source` fixture is in conftest.py.
"""

from pathlib import Path

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
BLOCKING = {"serious", "critical"}


def violations(page, axe_source) -> list[dict]:
    """Every violation axe finds, each with the elements (CSS paths) it was found on."""
    page.add_script_tag(path=axe_source)
    # resultTypes: only the violations are reported in full, which spares most of the run.
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in found
    ]


def assert_clean(page, axe_source, where: str = "") -> None:
    """No serious or critical violation on the page, and no sideways scrolling."""
    where = where or page.url
    blocking = [v for v in violations(page, axe_source) if v["impact"] in BLOCKING]
    assert blocking == [], f"{where}: {blocking}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{where}: tràn ngang {overflow}px"
