"""A page view reads the year's due dates once, whoever asks them (tracker.request_memo): the
work list, the round's figures and the due date form; a write and the next view see the new
dates."""

import datetime
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.clock import LOCAL
from tracker.request_memo import RequestMemoMiddleware
from tracker.rounds.completeness import round_dues
from tracker.rounds.services import province_round_set, round_set
from tracker.units.models import Province

# In the programme year 2023: the work list asks the dates of the year the pages show.
TODAY = datetime.datetime(2023, 11, 20, 9, 0, tzinfo=LOCAL)


def _dates_read(queries) -> int:
    return sum('FROM "tracker_round"' in q["sql"] for q in queries)


@pytest.fixture
def dates(people, clock):
    clock(TODAY)
    round_set(year=2023, due=datetime.date(2023, 12, 31), user=None)
    nghe_an = Province.objects.get(edition__code="2023", code="40")
    province_round_set(province=nghe_an, year=2023, due=datetime.date(2023, 12, 20), user=None)
    return nghe_an


@pytest.mark.parametrize(
    ("url", "field", "shown"),
    [
        ("/?year=2023", "round-due", "2023-12-31"),
        ("/tinh/40/?year=2023", "province-due", "2023-12-20"),
    ],
)
def test_a_page_reads_the_year_s_due_dates_once(client, people, dates, url, field, shown):
    client.force_login(people["ministry"])  # the work list, the round's figures and the form
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert _dates_read(queries) == 1
    assert re.search(rf'id="{field}" name="due" value="{shown}"', html)


def test_the_next_view_reads_the_dates_again_after_a_change(client, people, dates):
    client.force_login(people["ministry"])
    assert 'value="2023-12-20"' in client.get("/tinh/40/?year=2023").content.decode()
    province_round_set(province=dates, year=2023, due=datetime.date(2023, 12, 10), user=None)
    assert 'value="2023-12-10"' in client.get("/tinh/40/?year=2023").content.decode()


@pytest.mark.parametrize(("method", "reads"), [("get", 1), ("head", 1), ("post", 2)])
def test_only_a_reading_request_remembers(db, method, reads):
    def view(request):
        round_dues(2023)
        return round_dues(2023)

    with CaptureQueriesContext(connection) as queries:
        RequestMemoMiddleware(view)(getattr(RequestFactory(), method)("/"))
    assert _dates_read(queries) == reads
    # Outside a request (a command, a document's rendering) every call reads.
    with CaptureQueriesContext(connection) as queries:
        round_dues(2023)
        round_dues(2023)
    assert _dates_read(queries) == 2
