"""The report rules at their edges, as the pages show them (a target's standing: tests/targets).

"Meets every criterion": 22/22 does, 21/22 does not, and a registered ward without any result
yet (0/0) does not either, on the province page as on the national overview, each of which
computes it on its own path.
"""

import re

import pytest

from tests.conftest import CRITERIA
from tracker.assessments.models import ResultStatus
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet
from tracker.reports.national import national_overview
from tracker.reports.progress import national_progress, province_progress
from tracker.units.maps import map_in_force
from tracker.units.models import Ward

ALL_MET = {n: ResultStatus.MET for n in range(1, CRITERIA + 1)}


def _text(html: str) -> str:
    """Text without tags, spaces collapsed, as a user reads it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _row(response, attribute: str) -> str:
    match = re.search(rf"<tr[^>]*{attribute}[^>]*>(.*?)</tr>", response.content.decode(), re.S)
    assert match, attribute
    return _text(match.group(1))


def _figure(response, label: str) -> str:
    """The value beside a label in a page's figures (<dt>label</dt><dd>value</dd>)."""
    match = re.search(
        rf"<dt>{re.escape(label)}[^<]*</dt>\s*<dd[^>]*>(.*?)</dd>", response.content.decode(), re.S
    )
    assert match, label
    return _text(match.group(1))


# --- Meets every criterion: 22/22 yes, 21/22 no, 0/0 no ---------------------------


@pytest.fixture
def mixed_province(build, programme):
    """Province 01, 2023: phường 01000 at 21/22, 01001 at 22/22, 01002 registered with no result.

    The last one's criteria set has no criteria yet, so its registration made no
    result: 0 of 0 met. A fourth phường, 01003, is not registered.
    """
    criteria_set, _ = programme
    province = build(code="01", phuong=4, registered=1)  # 01000 at 21/22
    wards = list(Ward.objects.filter(province=province).order_by("code"))
    assessment_register(
        ward=wards[1], year=2023, criteria_set=criteria_set, user=None, statuses=ALL_MET
    )
    empty = CriteriaSet.objects.create(
        code="CAP-TRONG", version="t", name="Bộ tiêu chí chưa nạp", year_in_force=2023
    )
    assessment_register(ward=wards[2], year=2023, criteria_set=empty, user=None)
    return province


def test_province_page_counts_only_the_ward_at_22_of_22_as_meeting_every_criterion(
    reader_client, mixed_province
):
    page = reader_client.get("/tinh/01/?year=2023")
    completions = re.findall(
        r'<tr data-ward="(\d+)">.*?<td class="num completion">([^<]*)</td>',
        page.content.decode(),
        re.S,
    )
    assert completions == [("01000", "21/22"), ("01001", "22/22"), ("01002", "0/0")]
    assert _figure(page, "Đăng ký") == "3"
    assert _figure(page, "Đạt đủ tiêu chí") == "1"

    progress = province_progress(province=mixed_province, year=2023)
    assert [(w.code, w.meets_all) for w in progress.wards] == [
        ("01000", False),
        ("01001", True),
        ("01002", False),
    ]
    assert progress.meeting_all == 1


def test_national_overview_does_not_count_a_ward_without_results_as_meeting_every_criterion(
    reader_client, mixed_province
):
    overview = reader_client.get("/?year=2023")
    # Code, name, phường, registered, meeting all, recognised, quota, shares, standings.
    assert _row(overview, 'data-province="01"').startswith("01 Tỉnh 01 4 3 1 0 1 ")
    assert _figure(overview, "Đạt đủ tiêu chí") == "1"  # the national totals

    edition = map_in_force(2023)
    (row,) = national_progress(year=2023, edition=edition)
    assert (row.registered, row.meeting_all) == (3, 1)
    assert national_overview(year=2023, edition=edition).totals.meeting_all == 1


def test_a_ward_without_results_alone_meets_nothing_nationally(reader_client, build, programme):
    """The 0/0 ward on its own: a count of 1 could only come from it."""
    province = build(code="01", phuong=2, registered=0)
    empty = CriteriaSet.objects.create(
        code="CAP-TRONG", version="t", name="Bộ tiêu chí chưa nạp", year_in_force=2023
    )
    ward = Ward.objects.filter(province=province).order_by("code").first()
    assessment_register(ward=ward, year=2023, criteria_set=empty, user=None)

    overview = reader_client.get("/?year=2023")
    assert _row(overview, 'data-province="01"').startswith("01 Tỉnh 01 2 1 0 0 1 ")
    assert _figure(overview, "Đạt đủ tiêu chí") == "0"
    assert _figure(reader_client.get("/tinh/01/?year=2023"), "Đạt đủ tiêu chí") == "0"
