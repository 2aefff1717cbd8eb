"""The trend across programme years (issue 26, point 7): every year from the pilot (2022) up to
the one shown, zeros where nothing was registered, on the province page, on the overview for
the country and per province, and in `progress --format json` up to today's year."""

import datetime
import io
import json
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clock import LOCAL
from tests.conftest import THANH_VINH
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.assessments.models import Assessment
from tracker.assessments.services import assessment_register
from tracker.units.models import Ward

TODAY = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL)


def _years_table(html: str) -> dict[int, tuple]:
    """The table of years: year -> (registered, fully met, recognised, target's share)."""
    table = re.search(r'<table class="report small" id="years-table">(.*?)</table>', html, re.S)
    rows = re.findall(
        r'<tr data-year="(\d+)"><th scope="row">\d+</th>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td><td class="num">(\d+)</td>'
        r"<td>([^<]*)</td></tr>",
        table.group(1),
    )
    return {int(y): (int(r), int(m), int(c), t) for y, r, m, c, t in rows}


def _province_cells(html: str, code: str) -> dict[int, str]:
    row = re.search(rf'<tr data-years-province="{code}">(.*?)</tr>', html, re.S).group(1)
    return {int(y): text for y, text in re.findall(r'data-year="(\d+)">([^<]*)</td>', row)}


def test_the_province_page_shows_every_year_from_the_pilot_to_the_one_shown(
    reader_client, nghe_an_both_maps, clock
):
    clock(TODAY)
    # Today's year on the 2025 map: Nghệ An's 2023 cohort (on the old map) is in its trend.
    years = _years_table(reader_client.get("/tinh/40/").content.decode())
    assert years == {
        2022: (0, 0, 0, "—"),
        2023: (16, 0, 0, "—"),
        2024: (0, 0, 0, "—"),
        2025: (0, 0, 0, "30-50%"),
        2026: (0, 0, 0, "—"),
    }
    assert list(_years_table(reader_client.get("/tinh/40/?year=2023").content.decode())) == [
        2022,
        2023,
    ]


def test_the_overview_shows_the_country_and_each_province_by_year(
    reader_client, nghe_an_both_maps, clock
):
    clock(TODAY)
    page = reader_client.get("/").content.decode()
    country = _years_table(page)
    assert list(country) == [2022, 2023, 2024, 2025, 2026]
    assert country[2023] == (16, 0, 0, "—") and country[2026] == (0, 0, 0, "—")
    assert _province_cells(page, "40") == {
        2022: "0 / 0 / 0",
        2023: "16 / 0 / 0",
        2024: "0 / 0 / 0",
        2025: "0 / 0 / 0",
        2026: "0 / 0 / 0",
    }
    # The target's share heads its year's column.
    assert re.search(r"<th scope=\"col\">2025<br><span class=\"muted\">mục tiêu 30-50%", page)
    # The country's chart: each year a share of the phường on the map its data is read on
    # (Nghệ An's 32 of the 2023 map, not the 11 of the map shown).
    assert "2023: đăng ký 16, công nhận 0 trên 32 phường" in page


def test_a_year_registered_on_two_maps_counts_once_on_the_newer(
    reader_client, nghe_an_both_maps, new_ward, registrar, clock
):
    clock(TODAY)
    old = Assessment.objects.get(ward__code="16663", year=2023)
    for code in ("16663", "16666"):  # two wards of the old map registered for 2025
        assessment_register(
            ward=Ward.objects.get(edition__code="2023", code=code),
            year=2025,
            criteria_set=old.criteria_set,
            user=None,
        )
    assert _years_table(reader_client.get("/tinh/40/").content.decode())[2025][0] == 2
    # One new phường carried over into 2025: the year is read on the new map.
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    assessment_carry_over_confirm(proposal=proposal, user=registrar)
    assert _years_table(reader_client.get("/tinh/40/").content.decode())[2025][0] == 1


def test_more_years_of_data_cost_no_more_queries(reader_client, nghe_an_both_maps, clock):
    clock(TODAY)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader_client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in ("/", "/tinh/40/")}
    old = Assessment.objects.get(ward__code="16663", year=2023)
    for year in (2022, 2024, 2026):
        assessment_register(
            ward=Ward.objects.get(edition__code="2023", code="16666"),
            year=year,
            criteria_set=old.criteria_set,
            user=None,
        )
    assert {url: queries(url) for url in before} == before


def _progress(*args) -> dict:
    out = io.StringIO()
    call_command("progress", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_progress_json_gives_the_years_up_to_today_s(nghe_an_both_maps, clock):
    clock(TODAY)
    expected = [
        {"year": year, "registered": 16 if year == 2023 else 0, "meeting_all": 0, "recognized": 0}
        for year in range(2022, 2027)
    ]
    # Whatever year is asked for, the trend runs from the pilot's to today's.
    assert _progress("--year", "2023")["years"] == expected
    assert _progress("--province", "40", "--year", "2023")["years"] == expected
    assert _progress("--province", "40")["years"] == expected
    clock(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=LOCAL))
    assert [y["year"] for y in _progress()["years"]] == list(range(2022, 2028))
