"""django-import-export's export page under the Content Security Policy (no inline handler)."""

import hashlib
import re
from pathlib import Path

import import_export
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
OVERRIDE = ROOT / "templates" / "admin" / "import_export" / "export.html"
LIBRARY = Path(import_export.__file__).parent / "templates" / "admin" / "import_export"

# An attribute such as onchange="…", which the policy (script-src 'self') never runs.
INLINE_HANDLER = re.compile(r"<[^>]*\son\w+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EXPORT_PAGES = [
    "admin:tracker_ward_export",
    "admin:tracker_province_export",
    "admin:tracker_criteriaset_export",
    "admin:tracker_criterion_export",
    "admin:tracker_criterionresult_export",
]


@pytest.fixture
def admin_client(client, national_admin, nghe_an_2023):
    client.force_login(national_admin)
    return client


@pytest.mark.parametrize("name", EXPORT_PAGES)
def test_export_page_has_no_inline_handler_and_loads_our_script(admin_client, name):
    """The library's "Select all" box had onchange="…", blocked by the policy: it did nothing."""
    response = admin_client.get(reverse(name))
    page = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'class="select-toggle"' in page  # the box is still there
    assert INLINE_HANDLER.findall(page) == []
    assert INLINE_SCRIPT.findall(page) == []
    assert re.findall(r"<[^>]*\sstyle=", page) == []  # style-src 'self' drops those too
    assert '<script src="/static/tracker/export_fields.js"' in page


def test_the_overridden_library_template_is_the_one_it_was_copied_from():
    """Our export.html is the library's with the handler moved to a script: when an upgrade
    changes the library's template, compare the two and record the new digest in ours."""
    recorded = re.search(r"sha256 ([0-9a-f]{64})", OVERRIDE.read_text()).group(1)
    assert hashlib.sha256((LIBRARY / "export.html").read_bytes()).hexdigest() == recorded
