"""A filtered province page is kept apart from the whole one, and reuses what is kept.

These tests commit (transaction=True): a page is kept only from committed data.
"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status

pytestmark = pytest.mark.django_db(transaction=True)

WHOLE = "/tinh/01/?year=2023"
MET_ALL = "/tinh/01/?year=2023&muc_do=du"
# The session, the user and the data versions (tests/reports/test_report_cache.py).
KEPT_PAGE_QUERIES = 3


@pytest.fixture
def pages(client, reader, build):
    build(code="01", phuong=3, registered=2)
    client.force_login(reader)
    return client


def _get(client, url: str) -> tuple[list[str], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<tr data-ward="(\d+)">', response.content.decode()), len(queries)


def test_a_filter_is_neither_served_from_nor_stored_into_the_whole_page(pages):
    assert _get(pages, WHOLE)[0] == ["01000", "01001"]
    # Every registered ward lacks TC22: none meets all.
    assert _get(pages, MET_ALL)[0] == []
    assert _get(pages, WHOLE)[0] == ["01000", "01001"]
    assert _get(pages, "/tinh/01/?year=2023&sap_xep=-phuong")[0] == ["01001", "01000"]


def test_another_filter_of_a_kept_page_reads_no_report_query(pages):
    _get(pages, WHOLE)
    # The report's data is kept: another filter only picks and orders its rows.
    rows, queries = _get(pages, "/tinh/01/?year=2023&muc_do=thieu-1&sap_xep=-dat")
    assert rows == ["01000", "01001"]
    assert queries == KEPT_PAGE_QUERIES


def test_a_kept_filtered_page_follows_the_data(pages):
    _get(pages, MET_ALL)
    result = CriterionResult.objects.get(assessment__ward__code="01001", criterion__number=22)
    criterion_result_set_status(result=result, user=None, status=ResultStatus.MET)
    assert _get(pages, MET_ALL)[0] == ["01001"]


def test_the_kept_report_is_kept_per_language(pages):
    _get(pages, WHOLE)
    pages.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # Another filter in English: its rows are drawn from the report kept for English.
    html = pages.get("/tinh/01/?year=2023&sap_xep=-dat").content.decode()
    row = re.search(r'<tr data-ward="01000">.*?</tr>', html, re.S).group(0)
    assert "Not met" in row and "Chưa đạt" not in row
