"""Every report page costs the same number of queries whatever the number of wards or provinces."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.criteria.models import Criterion

SIZES = {
    # provinces, phường per province, registered per province
    "small": (1, 3, 2),
    "large": (3, 8, 6),
}
# Pinned: a change here means a page started asking per ward or per province.
# Each count includes the session, the user and the user's scope (one query each), and the
# maps of the year's choice (one query; the programme's years are a calendar, not a query).
# Inside the test's transaction nothing is kept, so the data versions are not read and these
# are the counts of a page computed afresh (test_report_cache.py counts a kept one).
# The round (tracker.rounds.completeness) adds two queries to a province (its due dates and the
# completeness of its wards) and one to the overview (the national date with the provinces' dates,
# in one query; each province's completeness is counted beside its figures, in their query).
# The figures of the measured criteria (tracker.reports.figures) add two to the overview and the
# province page: the criteria, then their results. The workbooks carry the same figures (the
# "Số liệu" sheets) and read the same two queries.
# The trend across years (tracker.reports.years) is two queries, read only by the pages that
# show it (not the workbooks): every year's assessments, and the phường of each province on
# each map (what a year's shares are of). The overview gains both; the province page had the
# first already and gains the second; the province workbook, which never showed the years,
# no longer reads them (one query less).
EXPECTED = {
    "overview": 13,
    "overview sorted": 13,
    "overview workbook": 11,  # 9, and the figures' two (see above)
    "province": 18,
    "province workbook": 16,  # 14, and the figures' two (see above)
    "ward": 9,  # 8, and one for the evidence files with their revisions
    "criterion nationwide": 6,
    "criterion in a province": 7,
}


@pytest.mark.parametrize("size", SIZES)
def test_report_pages_run_a_fixed_number_of_queries(client, reader, build, size):
    provinces, phuong, registered = SIZES[size]
    for i in range(provinces):
        build(code=f"{i + 1:02d}", phuong=phuong, registered=registered)
    tc22 = Criterion.objects.get(number=22).pk
    pages = {
        "overview": "/?year=2023",
        "overview sorted": "/?year=2023&sort=-share",
        "overview workbook": "/toan-quoc.xlsx?year=2023",
        "province": "/tinh/01/?year=2023",
        "province workbook": "/tinh/01/bao-cao.xlsx?year=2023",
        "ward": "/phuong/01000/?year=2023",
        "criterion nationwide": f"/tieu-chi/{tc22}/?year=2023",
        "criterion in a province": f"/tieu-chi/{tc22}/?year=2023&tinh=01",
    }
    client.force_login(reader)
    counts = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    assert counts == EXPECTED
