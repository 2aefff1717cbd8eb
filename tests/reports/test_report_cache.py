"""Report pages kept per data version: fast when nothing changed, never older than the data.

These tests commit (transaction=True): a page is kept only from committed data.
"""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import (
    ResultUpdate,
    criterion_result_set_status,
    criterion_results_bulk_set_status,
)
from tracker.data_version import watched_tables
from tracker.units.models import Ward

pytestmark = pytest.mark.django_db(transaction=True)

PROVINCE = "/tinh/01/?year=2023"
# Pinned: the session, the user and the data versions. A kept page reads none of the
# report's data, nor the years, the maps, the province, the user's scope or the
# navigation's work-list count: each is kept under the versions it depends on.
KEPT_PAGE_QUERIES = 3


@pytest.fixture
def pages(client, reader, build):
    build(code="01", phuong=3, registered=2)
    build(code="02", phuong=2, registered=1)
    client.force_login(reader)
    return client


def _get(client, url: str) -> tuple[str, int]:
    """The page's main part (the header holds a fresh CSRF token each time) and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    main = re.search(r"<main\b[^>]*>.*</main>", response.content.decode(), re.S).group(0)
    return main, len(queries)


def _ward_row(page: str, code: str) -> str:
    return re.search(rf'<tr data-ward="{code}">.*?</tr>', page, re.S).group(0)


def test_a_kept_page_is_the_same_page_without_the_report_queries(pages):
    first, computed = _get(pages, PROVINCE)
    again, kept = _get(pages, PROVINCE)
    assert again == first
    assert kept == KEPT_PAGE_QUERIES < computed


def test_a_status_change_shows_on_the_next_view(pages, reader):
    before, _ = _get(pages, PROVINCE)
    assert "21/22" in _ward_row(before, "01000")
    result = CriterionResult.objects.get(assessment__ward__code="01000", criterion__number=22)
    criterion_result_set_status(result=result, user=None, status=ResultStatus.MET)
    after, queries = _get(pages, PROVINCE)
    assert "22/22" in _ward_row(after, "01000")
    assert queries > KEPT_PAGE_QUERIES


def test_an_import_through_raw_sql_shows_on_the_next_view(pages):
    _get(pages, PROVINCE)
    results = CriterionResult.objects.filter(
        assessment__ward__code="01001", criterion__number__in=[1, 2, 22]
    )
    criterion_results_bulk_set_status(
        updates=[
            ResultUpdate(result_id=r.pk, status=ResultStatus.NOT_MET, expected_version=r.version)
            for r in results
        ],
        user=None,
    )
    after, _ = _get(pages, PROVINCE)
    assert "19/22" in _ward_row(after, "01001")


def test_a_write_that_bypasses_django_signals_shows_on_the_next_view(pages):
    _get(pages, PROVINCE)
    # QuerySet.update sends no signal: only the database's trigger sees it.
    Ward.objects.filter(code="01000").update(name="Phường Đổi Tên")
    after, _ = _get(pages, PROVINCE)
    assert "Phường Đổi Tên" in _ward_row(after, "01000")


def test_each_language_and_sort_order_is_kept_apart(pages):
    vietnamese, _ = _get(pages, PROVINCE)
    pages.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, _ = _get(pages, PROVINCE)
    assert "Tải báo cáo Excel" in vietnamese
    assert "Download Excel report" in english
    del pages.cookies[settings.LANGUAGE_COOKIE_NAME]
    pages.get("/?year=2023&sort=code")
    by_code, _ = _get(pages, "/?year=2023&sort=code")
    reversed_, _ = _get(pages, "/?year=2023&sort=-code")
    assert by_code.index('data-province="01"') < by_code.index('data-province="02"')
    assert reversed_.index('data-province="02"') < reversed_.index('data-province="01"')


def test_nothing_is_kept_from_inside_a_transaction(pages):
    with transaction.atomic():
        _first, computed = _get(pages, PROVINCE)
        _again, again = _get(pages, PROVINCE)
    assert again == computed > KEPT_PAGE_QUERIES


def test_every_table_of_the_app_but_the_logs_is_watched():
    logs = {"tracker_auditevent", "tracker_dataversion"}
    # Uploads waiting for a confirm: no report reads them (tracker.data_version).
    unread = {"tracker_importpreview"}
    # API tokens: no report shows them, and every use updates the token's counter.
    unread.add("tracker_apitoken")
    # Written only by the triggers of a watched write, in its statement (tracker.assessments.tally).
    derived = {"tracker_assessmenttally"}
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("tracker").get_models()
        if not model._meta.db_table.startswith("tracker_historical")
    }
    assert watched_tables() == tables - logs - unread - derived
