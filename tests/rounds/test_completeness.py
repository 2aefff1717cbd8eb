"""Completeness and timeliness per province and nationally, everywhere it is shown (point 2)."""

import datetime
import io
import json

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.clock import LOCAL
from tests.rounds.conftest import assessed_on
from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import assessment_register, criterion_result_set_status
from tracker.reports.progress import national_progress
from tracker.rounds.completeness import province_completeness
from tracker.rounds.services import province_round_set, round_set
from tracker.units.models import MapEdition, Province, Ward

DUE = datetime.date(2023, 10, 31)
TODAY = datetime.date(2023, 11, 10)


def _cohort():
    """Đông Vĩnh complete on time, Hưng Bình complete 5 days late, Hà Huy Tập still incomplete;
    the other 13 complete on the due date itself."""
    round_set(year=2023, due=datetime.date(2023, 11, 30), user=None)
    nghe_an = Province.objects.get(code="40")
    province_round_set(province=nghe_an, year=2023, due=DUE, user=None)
    for a in Assessment.objects.filter(year=2023):
        assessed_on(a, DUE)
    dong_vinh, hung_binh, ha_huy_tap = (
        Assessment.objects.get(ward__code=code, year=2023) for code in ("16663", "16666", "16669")
    )
    assessed_on(dong_vinh, datetime.date(2023, 10, 1))
    # One criterion first assessed late: the ward became complete then.
    assessed_on(hung_binh, datetime.date(2023, 10, 1))
    late = hung_binh.results.get(criterion__number=5).history.model.objects.filter(
        id=hung_binh.results.get(criterion__number=5).pk
    )
    late.update(history_date=datetime.datetime(2023, 11, 5, 12, tzinfo=datetime.UTC))
    criterion_result_set_status(
        result=ha_huy_tap.results.get(criterion__number=3),
        user=None,
        status=ResultStatus.NOT_ASSESSED,
    )
    return nghe_an


def test_a_province_counts_complete_on_time_and_late(nghe_an_2023):
    nghe_an = _cohort()
    c = province_completeness(province=nghe_an, year=2023, today=TODAY)
    assert (c.due, c.national_due) == (DUE, datetime.date(2023, 11, 30))
    assert (c.registered, c.complete, c.complete_on_time, c.late) == (16, 15, 14, 2)
    by_code = {w.code: w for w in Ward.objects.filter(code__in=["16663", "16666", "16669"])}
    dong_vinh = c.wards[by_code["16663"].pk]
    assert (dong_vinh.complete_at.date(), dong_vinh.late_days) == (datetime.date(2023, 10, 1), 0)
    assert c.wards[by_code["16666"].pk].late_days == 5 == c.by_code()["16666"].late_days
    incomplete = c.wards[by_code["16669"].pk]
    assert (incomplete.complete_at, incomplete.late_days) == (None, 10)  # to today


def test_the_overview_counts_each_province_s_round(nghe_an_2023, clock):
    nghe_an = _cohort()
    clock(datetime.datetime(2023, 11, 10, 9, 0, tzinfo=LOCAL))  # TODAY, in Vietnam
    rows = {
        row.province_id: row
        for row in national_progress(year=2023, edition=MapEdition.objects.get(code="2023"))
    }
    row = rows[nghe_an.pk]
    assert (row.registered, row.complete, row.complete_on_time, row.late) == (16, 15, 14, 2)
    assert (row.due, row.national_due) == (DUE, datetime.date(2023, 11, 30))


def test_no_due_date_means_nobody_is_late(nghe_an_2023):
    c = province_completeness(province=Province.objects.get(code="40"), year=2023)
    assert (c.due, c.complete, c.late) == (None, 16, 0)
    assert {w.late_days for w in c.wards.values()} == {None}


def test_the_progress_json_gives_due_complete_on_time_late_and_each_ward(nghe_an_2023):
    _cohort()
    out = io.StringIO()
    call_command("progress", "--province", "40", "--year", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["due"], data["complete"], data["complete_on_time"]) == ("2023-10-31", 15, 14)
    wards = {w["code"]: w for w in data["wards"]}
    # Noon of 1 October, written in local time as every time the project writes.
    assert wards["16663"]["complete_at"] == "2023-10-01T12:00:00+07:00"
    assert wards["16663"]["late_days"] == 0
    assert wards["16666"]["late_days"] == 5
    assert wards["16669"]["complete_at"] is None
    out = io.StringIO()
    call_command("progress", "--year", "2023", "--format", "json", stdout=out)
    (province,) = json.loads(out.getvalue())["provinces"]
    assert (province["due"], province["complete"], province["complete_on_time"]) == (
        "2023-10-31",
        15,
        14,
    )


def test_the_pages_and_workbooks_show_the_round(nghe_an_2023, national_admin, client):
    _cohort()
    client.force_login(national_admin)
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert '<dd id="wards-due">31/10/2023</dd>' in page
    assert '<dd id="complete">15/16</dd>' in page
    assert '<dd id="complete-on-time">14</dd>' in page
    assert 'data-round-ward="16666" class="is-late"' in page
    overview = client.get("/?year=2023").content.decode()
    assert '<dd id="national-due">30/11/2023</dd>' in overview
    assert '<dd id="total-complete">15/16</dd>' in overview
    assert 'data-round-province="40"' in overview
    sheet = load_workbook(io.BytesIO(client.get("/tinh/40/bao-cao.xlsx?year=2023").content))
    rows = {r[0]: r for r in sheet["Hạn báo cáo"].iter_rows(min_row=2, values_only=True)}
    assert rows["16666"][3] == 5 and rows["16669"][2] is None
    summary = {r[0]: r[1] for r in sheet["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Đủ đúng hạn"] == 14
    overview_book = load_workbook(io.BytesIO(client.get("/toan-quoc.xlsx?year=2023").content))
    header = [c.value for c in overview_book.active[4]]
    row = [c.value for c in overview_book.active[5]]
    assert row[header.index("Đủ đúng hạn")] == 14


def test_queries_do_not_grow_with_the_wards(nghe_an_2023, officer):
    _cohort()
    nghe_an = Province.objects.get(code="40")
    edition = MapEdition.objects.get(code="2023")

    def count():
        with CaptureQueriesContext(connection) as queries:
            province_completeness(province=nghe_an, year=2023)
            national_progress(year=2023, edition=edition)
        return len(queries)

    before = count()
    criteria_set = Assessment.objects.first().criteria_set
    for ward in nghe_an.wards.filter(kind="phuong").exclude(assessments__year=2023):
        assessment_register(ward=ward, year=2023, criteria_set=criteria_set, user=officer)
    assert Assessment.objects.count() == 32
    # The province: its due dates, its wards; the country: its provinces, the dates (one
    # query), their figures with the round's counts, their quotas.
    assert count() == before == 6
