"""The demo (issue 26, point 8): what `make run` sets up, run command by command as the Makefile's
setup target lists them, lands on today's year on the 2025 map with the current year's empty state
inviting registration, Nghệ An's 2023 cohort a year away, and the four accounts the README lists."""

import datetime
import io
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.clock import LOCAL

ROOT = Path(__file__).resolve().parent.parent
TODAY = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL)
NEW_MAP = "Bản đồ hành chính sau 01/7/2025 (34 tỉnh)"
# Set up by the test database already, or nothing to do with the data.
SKIPPED = {"migrate", "collectstatic"}


def setup_commands() -> list[list[str]]:
    """The `manage.py` commands of the Makefile's setup target, in their order."""
    recipe = re.search(r"^setup:.*?\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M)
    commands = []
    for line in recipe.group(1).splitlines():
        words = shlex.split(line.strip())
        if "manage.py" in words:
            command = words[words.index("manage.py") + 1 :]
            if command[0] not in SKIPPED:
                commands.append(command)
    return commands


@pytest.fixture
def demo(db, settings, clock):
    """The demo's database and each demo account's password, as `make setup` prints them."""
    settings.EMBEDDED_DB = True
    clock(TODAY)
    out = io.StringIO()
    for name, *args in setup_commands():
        call_command(name, *args, stdout=out)
    return dict(re.findall(r"Tài khoản dùng thử (\w+) \(.*?\): mật khẩu (\S+)", out.getvalue()))


def log_in(client, username: str, password: str):
    """Through the login page, as a user would, then the app's home (/), redirects followed."""
    client.logout()
    assert (
        client.post("/dang-nhap/", {"username": username, "password": password}).status_code == 302
    )
    response = client.get("/", follow=True)
    assert response.status_code == 200
    return response


def test_the_setup_target_loads_both_maps_and_their_succession():
    assert setup_commands() == [
        ["load_units", "--map", "2023"],
        ["load_units", "--map", "2025"],
        ["load_succession"],
        ["load_fixtures"],
        ["create_demo_accounts"],
    ]


def test_the_demo_opens_on_today_s_year_on_the_2025_map_inviting_registration(demo, client):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The four accounts the README lists, each with the password printed once.
    assert sorted(demo) == ["bo", "phuong16663", "tinh40", "xem40"]
    for username in demo:
        assert f"| `{username}` |" in readme

    overview = log_in(client, "bo", demo["bo"]).content.decode()
    assert "Tiến độ toàn quốc năm 2026" in overview and NEW_MAP in overview
    assert "Năm 2026 chưa có phường nào đăng ký" in overview
    assert "Chọn một tỉnh trong bảng dưới để đăng ký phường" in overview

    response = log_in(client, "tinh40", demo["tinh40"])
    assert response.redirect_chain[-1][0] == "/tinh/40/"
    province = response.content.decode()
    assert "Nghệ An – năm 2026" in province and NEW_MAP in province
    assert "Đơn vị của bạn đăng ký được các phường của tỉnh cho năm 2026." in province
    cohort = client.get("/tinh/40/?year=2023").content.decode()
    assert re.search(r'<dd id="registered">16</dd>', cohort)
    assert "Bản đồ hành chính 2023 (63 tỉnh)" in cohort

    log_in(client, "xem40", demo["xem40"])
    viewer = client.get("/tinh/40/").content.decode()
    assert "Năm 2026 chưa có phường nào đăng ký" in viewer
    assert "đăng ký được" not in viewer

    ward = log_in(client, "phuong16663", demo["phuong16663"])
    # Its ward's main successor on the map of the year shown (Phường Thành Vinh).
    assert ward.redirect_chain[-1][0] == "/phuong/16681/?year=2026"
