"""Browser tests drive Debian's chromium (never a downloaded browser) against live_server.

Without /usr/bin/chromium they skip with a message on a newcomer's machine,
and fail under CI, which must never skip them.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests import data_sets
from tests.browser.axe import AXE
from tracker.accounts.models import Role, UserScope
from tracker.units.models import Province

# Playwright's sync API keeps an event loop running in the test thread; Django
# would then refuse the test's own database calls, which are not async at all.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} không có: cài chromium (apt-get install chromium) để chạy kiểm thử "
            "trình duyệt."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script: skipped without `npm ci` on a newcomer's machine, failed under CI."""
    if not AXE.exists():
        message = (
            f"{AXE} không có: chạy `npm ci` trong tests/browser để kiểm tra khả năng tiếp cận."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return str(AXE)


@pytest.fixture
def nghe_an(transactional_db, nghe_an_units_rows, nghe_an_2023_rows):
    """Nghệ An 2023 committed to the database, so the live server's thread sees it."""
    data_sets.restore([*nghe_an_units_rows, *nghe_an_2023_rows])


@pytest.fixture
def province_officer(nghe_an):
    user = get_user_model().objects.create_user(
        username="tinh40", password=PASSWORD, first_name="Cán bộ Công an tỉnh Nghệ An"
    )
    UserScope.objects.create(
        user=user,
        role=Role.PROVINCE,
        province=Province.objects.get(edition__code="2023", code="40"),
    )
    return user


@pytest.fixture
def log_in(live_server):
    def log_in(page, username: str) -> None:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        # "/" for the Ministry; a province or ward account is sent on to its own page.
        page.wait_for_url(lambda url: url.startswith(live_server.url) and "/dang-nhap/" not in url)

    return log_in
