"""The programme's calendar: every year from the pilot to the target opens, today's by default."""

import datetime
import tomllib
from pathlib import Path

import pytest

from tests.clock import LOCAL
from tracker.targets.calendar import PILOT_YEAR, TARGET_YEAR, current_year

ROOT = Path(__file__).resolve().parents[2]


def test_the_calendar_is_the_one_the_sources_give():
    with open(ROOT / "seeds" / "facts.toml", "rb") as f:
        facts = tomllib.load(f)["calendar"]
    assert (PILOT_YEAR, TARGET_YEAR) == (facts["pilot_year"], facts["target_year"]) == (2022, 2030)


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL), 2026),
        (datetime.datetime(2027, 1, 1, 0, 30, tzinfo=LOCAL), 2027),
        (datetime.datetime(2021, 6, 1, tzinfo=LOCAL), 2022),
        (datetime.datetime(2031, 6, 1, tzinfo=LOCAL), 2030),
    ],
)
def test_today_s_year_is_local_and_held_inside_the_programme(clock, moment, year):
    clock(moment)
    assert current_year() == year


@pytest.mark.parametrize("year", range(2022, 2031))
def test_every_programme_year_opens_even_without_data(reader_client, nghe_an_2023, year):
    assert reader_client.get(f"/?year={year}").status_code == 200
    assert reader_client.get(f"/tinh/40/?year={year}").status_code == 200


@pytest.mark.parametrize("year", [2021, 2031])
def test_years_outside_the_programme_stay_not_found(reader_client, nghe_an_2023, year):
    response = reader_client.get(f"/?year={year}")
    assert response.status_code == 404
    assert "ngoài chương trình (từ 2022 đến 2030)" in response.content.decode()


def test_the_overview_opens_on_today_s_year(reader_client, nghe_an_2023, clock):
    clock(datetime.datetime(2026, 12, 6, 9, 0, tzinfo=LOCAL))
    assert "Tiến độ toàn quốc năm 2026" in reader_client.get("/").content.decode()
