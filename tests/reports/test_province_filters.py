"""The province page's filters (district, status, completeness) and its sorting by any column.

The rows are picked and ordered in Python from the same report: the page's queries do not
depend on the filter nor on the number of wards.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.reports.matrix import MatrixFilter, completeness_of, sorted_rows
from tracker.units.models import District, Ward

URL = "/tinh/01/"


@pytest.fixture
def province(build, reader_client):
    """Province 01: five registered phường, one of each completeness, two districts.

    01000 meets all 22 (and is proposed), 01001 lacks 1, 01002 lacks 4, 01003 has nothing
    assessed, 01004 lacks 8. 01003 and 01004 are in a second district. 01005 is not
    registered.
    """
    p = build(code="01", phuong=6, registered=5)
    second = District.objects.create(
        edition=p.edition, province=p, code="012", name="Thị xã Một", kind="thi_xa"
    )
    Ward.objects.filter(code__in=["01003", "01004"]).update(district=second)
    results = CriterionResult.objects.filter(assessment__year=2023)
    results.filter(assessment__ward__code="01000", criterion__number=22).update(
        status=ResultStatus.MET
    )
    results.filter(assessment__ward__code="01002", criterion__number__lte=3).update(
        status=ResultStatus.NOT_MET
    )
    results.filter(assessment__ward__code="01003").update(status=ResultStatus.NOT_ASSESSED)
    results.filter(assessment__ward__code="01004", criterion__number__lte=7).update(
        status=ResultStatus.NOT_MET
    )
    Assessment.objects.filter(ward__code="01000").update(status=AssessmentStatus.PROPOSED)
    return reader_client


def _page(client, **query) -> str:
    response = client.get(URL, {"year": 2023, **query})
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> list[str]:
    """The wards of the matrix, in the page's order."""
    return re.findall(r'<tr data-ward="(\d+)">', html)


def _round_rows(html: str) -> list[str]:
    return re.findall(r'<tr data-round-ward="(\d+)"', html)


ALL = ["01000", "01001", "01002", "01003", "01004"]


def test_the_whole_page_shows_every_registered_ward_and_says_how_many(province):
    html = _page(province)
    assert _rows(html) == ALL
    assert _round_rows(html) == ALL
    assert "Đang hiện 5 trên 5 phường đã đăng ký." in html
    # The district filter lists the province's districts.
    assert '<option value="012">Thị xã Một</option>' in html
    assert '<option value="011">Thành phố 01</option>' in html


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"quan": "011"}, ["01000", "01001", "01002"]),
        ({"quan": "012"}, ["01003", "01004"]),
        ({"trang_thai": AssessmentStatus.PROPOSED}, ["01000"]),
        ({"trang_thai": AssessmentStatus.RECOGNIZED}, []),
        ({"muc_do": "du"}, ["01000"]),
        ({"muc_do": "thieu-1"}, ["01001"]),
        ({"muc_do": "thieu-2-5"}, ["01002"]),
        ({"muc_do": "thieu-6"}, ["01004"]),
        ({"muc_do": "chua-danh-gia"}, ["01003"]),
        ({"quan": "011", "muc_do": "thieu-6"}, []),
        ({"quan": "012", "trang_thai": AssessmentStatus.REGISTERED}, ["01003", "01004"]),
    ],
)
def test_each_filter_narrows_the_rows(province, query, shown):
    html = _page(province, **query)
    assert _rows(html) == shown
    assert _round_rows(html) == shown
    assert f"Đang hiện {len(shown)} trên 5 phường đã đăng ký." in html
    if not shown:
        assert 'id="matrix-empty"' in html
    # The form shows what is chosen, and a way back to every ward.
    for value in query.values():
        assert f'<option value="{value}" selected>' in html
    assert 'id="filter-clear"' in html


def test_values_the_page_does_not_know_are_ignored(province):
    html = _page(province, quan="x", trang_thai="nope", muc_do="all", sap_xep="drop table")
    assert _rows(html) == ALL
    assert 'id="filter-clear"' not in html


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("phuong", ALL),
        ("-phuong", ALL[::-1]),
        ("dat", ["01003", "01004", "01002", "01001", "01000"]),
        ("-dat", ["01000", "01001", "01002", "01004", "01003"]),
        # Đạt first, then Chưa đạt, then Chưa đánh giá; equal rows stay in name order.
        ("tc22", ["01000", "01001", "01002", "01004", "01003"]),
        ("-tc22", ["01003", "01001", "01002", "01004", "01000"]),
        ("tc1", ["01000", "01001", "01002", "01004", "01003"]),
        ("-tc1", ["01003", "01002", "01004", "01000", "01001"]),
    ],
)
def test_sorting_by_a_column_both_ways(province, sort, order):
    html = _page(province, sap_xep=sort)
    assert _rows(html) == order
    assert _round_rows(html) == order


def test_the_headers_link_their_sort_and_say_which_is_sorted(province):
    html = _page(province, quan="011")
    # Sorted by ward, ascending, by default: the header's next click reverses it.
    assert re.search(
        r'<th scope="col" aria-sort="ascending">'
        r'<a href="\?year=2023&amp;quan=011&amp;sap_xep=-phuong"',
        html,
    )
    assert 'href="?year=2023&amp;quan=011&amp;sap_xep=dat" data-sort="dat"' in html
    assert 'href="?year=2023&amp;quan=011&amp;sap_xep=tc22" data-sort="tc22"' in html
    html = _page(province, sap_xep="-tc22")
    assert re.search(r'<th scope="col" class="tc" aria-sort="descending"><a [^>]*>TC22</a>', html)
    assert 'href="?year=2023&amp;sap_xep=tc22" data-sort="tc22"' in html
    # The filter form keeps the order.
    assert '<input type="hidden" name="sap_xep" value="-tc22">' in html


def test_the_completeness_of_a_row(province):
    from tracker.reports.province import province_report
    from tracker.units.models import Province

    report = province_report(province=Province.objects.get(code="01"), year=2023)
    assert {r.ward.code: completeness_of(r) for r in report.rows} == {
        "01000": "du",
        "01001": "thieu-1",
        "01002": "thieu-2-5",
        "01003": "chua-danh-gia",
        "01004": "thieu-6",
    }


class _Ward:
    def __init__(self, code, complete_at=None, late_days=None):
        self.code, self.sort_name = code, code
        self.complete_at, self.late_days = complete_at, late_days


class _Row:
    def __init__(self, ward):
        self.ward, self.cells = ward, []


def test_rows_without_a_value_go_last_both_ways():
    day = datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC)
    rows = [
        _Row(_Ward("a", None, None)),
        _Row(_Ward("b", day, 3)),
        _Row(_Ward("c", day - datetime.timedelta(days=1), 0)),
    ]
    codes = lambda sort: [r.ward.code for r in sorted_rows(rows, sort, [])]  # noqa: E731
    assert codes("xong") == ["c", "b", "a"]
    assert codes("-xong") == ["b", "c", "a"]
    assert codes("tre") == ["c", "b", "a"]
    assert codes("-tre") == ["b", "c", "a"]


def test_the_filter_key_is_empty_for_the_whole_page_only():
    assert MatrixFilter.from_query({}).key == ""
    assert MatrixFilter.from_query({"sap_xep": "phuong"}).key == ""
    assert MatrixFilter.from_query({"quan": "012"}).key == "quan=012"
    assert MatrixFilter.from_query({"sap_xep": "-dat"}).key == "sap_xep=-dat"


@pytest.mark.parametrize("size", [(3, 2), (12, 9)])
def test_a_filtered_and_sorted_page_reads_as_many_queries_as_the_whole_one(
    build, reader_client, size
):
    phuong, registered = size
    build(code="01", phuong=phuong, registered=registered)
    counts = []
    for query in ("", "&quan=011&trang_thai=dang_ky&muc_do=thieu-1&sap_xep=-tc22"):
        with CaptureQueriesContext(connection) as queries:
            assert reader_client.get(f"{URL}?year=2023{query}").status_code == 200
        counts.append(len(queries))
    # The pinned count of tests/reports/test_query_counts.py, whatever the filter or size.
    assert counts == [18, 18]
