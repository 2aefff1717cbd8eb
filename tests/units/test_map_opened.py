"""The map a page or a command opens on: with no year asked, today's year on the map in force
today; a year asked for, on the map in force on its 1 January (tracker.units.maps)."""

import datetime
import io
import json

from django.core.management import call_command

from tests.clock import LOCAL
from tracker.units.maps import map_opened

NEW_MAP = "Bản đồ hành chính sau 01/7/2025 (34 tỉnh)"
OLD_MAP = "Bản đồ hành chính 2023 (63 tỉnh)"


def _map_name(html: str) -> str:
    return NEW_MAP if NEW_MAP in html else OLD_MAP if OLD_MAP in html else ""


def test_today_the_pages_open_on_the_2025_map(reader_client, nghe_an_both_maps, clock):
    clock(datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL))
    page = reader_client.get("/").content.decode()
    assert "Tiến độ toàn quốc năm 2026" in page
    assert _map_name(page) == NEW_MAP
    # 2023's cohort is read on the map in force on 1 January 2023.
    assert _map_name(reader_client.get("/?year=2023").content.decode()) == OLD_MAP


def test_after_the_reform_today_s_year_opens_on_the_new_map_and_its_links_keep_it(
    reader_client, nghe_an_both_maps, clock
):
    # 1 January 2025 was on the old map; today (after 1 July 2025) the new one is in force.
    clock(datetime.datetime(2025, 9, 1, 9, 0, tzinfo=LOCAL))
    page = reader_client.get("/").content.decode()
    assert "Tiến độ toàn quốc năm 2025" in page and _map_name(page) == NEW_MAP
    assert "/tinh/40/?year=2025&amp;map=2025" in page
    assert _map_name(reader_client.get("/?year=2025").content.decode()) == OLD_MAP


def _progress(*args) -> dict:
    out = io.StringIO()
    call_command("progress", "--province", "40", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_commands_open_on_the_same_map_as_the_pages(nghe_an_both_maps, clock):
    clock(datetime.datetime(2025, 9, 1, 9, 0, tzinfo=LOCAL))
    opened = _progress()
    assert (opened["year"], opened["map"]) == (2025, "2025")
    assert _progress("--year", "2025")["map"] == "2023"


def test_before_the_first_map_the_oldest_one_is_opened(nghe_an_both_maps, clock):
    clock(datetime.datetime(2022, 3, 1, tzinfo=LOCAL))
    assert map_opened(None).code == map_opened(2022).code == "2023"
