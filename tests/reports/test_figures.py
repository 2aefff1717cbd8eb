"""The measured criteria's figures across wards on the province and national pages and in
`progress --format json`: distribution, wards below the threshold, outliers, in a fixed number
of queries (issue "Criteria measured by numbers", point 5)."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.assessments.models import CriterionResult
from tracker.reports.figures import figure_distributions
from tracker.units.models import Province

pytestmark = pytest.mark.usefixtures("nghe_an_2023")


def _set_clearance(figures: dict[str, tuple[int, int]]) -> None:
    for code, (n, d) in figures.items():
        CriterionResult.objects.filter(
            assessment__ward__code=code, assessment__year=2023, criterion__number=7
        ).update(numerator=n, denominator=d)


def _wards(count: int) -> list[str]:
    return list(
        CriterionResult.objects.filter(assessment__year=2023, criterion__number=7)
        .order_by("assessment__ward__code")
        .values_list("assessment__ward__code", flat=True)[:count]
    )


def test_distribution_below_threshold_and_outliers(officer):
    codes = _wards(8)
    # Seven wards around 85-90%, one far below.
    figures = {c: (85 + i, 100) for i, c in enumerate(codes[:7])} | {codes[7]: (20, 100)}
    _set_clearance(figures)
    [tc7] = [d for d in figure_distributions(year=2023) if d.criterion.number == 7]
    assert tc7.threshold == "≥ 80%"
    assert [w.code for w in tc7.below] == [codes[7]]
    assert [w.code for w in tc7.outliers] == [codes[7]]
    assert tc7.quartiles[0] == Decimal(20) and tc7.quartiles[-1] == Decimal(91)
    assert sum(count for _label, count in tc7.bins) == 8
    assert tc7.bins[0] == ("0–20%", 0) and tc7.bins[1] == ("20–40%", 1)


def test_the_province_page_shows_them(officer, client):
    codes = _wards(4)
    _set_clearance({codes[0]: (7, 10), codes[1]: (9, 10), codes[2]: (9, 10), codes[3]: (8, 10)})
    client.force_login(officer)
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert "Số liệu của các tiêu chí đo bằng số" in page
    assert "TC7. Phòng chống tội phạm" in page and "(chỉ tiêu ≥ 80%)" in page
    below = page[page.index('class="below"') :].split("</p>")[0]
    assert "7/10 (70%)" in below and "9/10" not in below
    # TC1 is measured but nobody typed its figures yet.
    assert "Chưa phường nào nhập số liệu." in page


def test_a_fixed_number_of_queries_whatever_the_number_of_wards(officer):
    province = Province.objects.get(edition__code="2023", code="40")
    _set_clearance({c: (8, 10) for c in _wards(2)})
    with CaptureQueriesContext(connection) as few:
        figure_distributions(year=2023, province=province)
    _set_clearance({c: (8, 10) for c in _wards(16)})
    with CaptureQueriesContext(connection) as many:
        [_tc1, tc7] = figure_distributions(year=2023, province=province)
    assert len(few) == len(many) == 2
    assert len(tc7.wards) == 16


def test_progress_json_carries_the_figures():
    _set_clearance({c: (9, 10) for c in _wards(3)})
    out = io.StringIO()
    call_command("progress", province="40", year=2023, format="json", stdout=out)
    figures = {f["criterion"]: f for f in json.loads(out.getvalue())["figures"]}
    assert figures[7]["threshold"] == "≥ 80%" and figures[7]["wards_with_figures"] == 3
    assert figures[7]["wards"][0]["shown"] == "9/10 (90%)"
    assert figures[1]["wards_with_figures"] == 0
    out = io.StringIO()
    call_command("progress", year=2023, format="json", stdout=out)
    assert json.loads(out.getvalue())["figures"][1]["wards_with_figures"] == 3
