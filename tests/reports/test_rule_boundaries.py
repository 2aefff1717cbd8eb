"""The report rules at their edges, as the pages show them.

* A target's standing in the target year itself, with exactly the minimum
  share of phường registered or recognised (the 2025 target: 30%).
* "Meets every criterion": 22/22 does, 21/22 does not, and a registered ward
  without any result yet (0/0) does not either, on the province page as on the
  national overview, each of which computes it on its own path.
"""

import re

import pytest

from tracker.assessments.services import assessment_register
from tracker.models import Assessment, AssessmentStatus, CriteriaSet, Province, ResultStatus, Ward
from tracker.reports.progress import national_progress, province_progress
from tracker.reports.selectors import national_overview, province_report
from tracker.targets.standing import BEHIND, ON_TRACK, REACHED
from tracker.units.maps import map_in_force

from .conftest import CRITERIA

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


def _standing(response, target_year: int) -> str:
    """The standing the province page shows against one target, e.g. 'Đúng tiến độ'."""
    return _figure(response, f"Mục tiêu {target_year}")


def _register(province: Province, year: int, count: int, criteria_set, statuses) -> list[Ward]:
    wards = list(Ward.objects.filter(province=province).order_by("code")[:count])
    for ward in wards:
        assessment_register(
            ward=ward, year=year, criteria_set=criteria_set, user=None, statuses=statuses
        )
    return wards


def _recognize(wards: list[Ward], year: int) -> None:
    Assessment.objects.filter(ward__in=wards, year=year).update(status=AssessmentStatus.RECOGNIZED)


# --- The 2025 target (30-50%) in 2025 itself ----------------------------------------


@pytest.fixture
def in_2025(build, programme):
    """A province whose first `registered` phường (of 10 by default) are registered for 2025."""
    criteria_set, statuses = programme

    def province(*, code: str, registered: int, phuong: int = 10) -> tuple[Province, list[Ward]]:
        p = build(code=code, phuong=phuong, registered=0, quota=None)
        return p, _register(p, 2025, registered, criteria_set, statuses)

    return province


def test_exactly_the_minimum_registered_in_the_target_year_is_on_track(reader_client, in_2025):
    province, _ = in_2025(code="01", registered=3)  # 3 of 10 phường: 30.0%

    page = reader_client.get("/tinh/01/?year=2025")
    assert _standing(page, 2025) == "Đúng tiến độ"
    assert _standing(page, 2030) == "Chậm tiến độ"  # 100% by 2030: far off

    overview = reader_client.get("/?year=2025")
    assert _row(overview, 'data-province="01"') == (
        "01 Tỉnh 01 10 3 0 0 — 30,0% 0,0% Đúng tiến độ Chậm tiến độ"
    )
    assert "Chậm so với mục tiêu 2025 0 / 1" in _text(overview.content.decode())

    report = province_report(province=province, year=2025)
    assert [(s.target_year, s.state) for s in report.standings] == [
        (2025, ON_TRACK),
        (2030, BEHIND),
    ]


def test_just_under_the_minimum_registered_in_the_target_year_is_behind(reader_client, in_2025):
    province, _ = in_2025(code="01", registered=8, phuong=27)  # 8 of 27 phường: 29.6%

    assert _standing(reader_client.get("/tinh/01/?year=2025"), 2025) == "Chậm tiến độ"
    assert _row(reader_client.get("/?year=2025"), 'data-province="01"').endswith(
        "29,6% 0,0% Chậm tiến độ Chậm tiến độ"
    )
    report = province_report(province=province, year=2025)
    assert report.standings[0].state == BEHIND


def test_exactly_the_minimum_recognised_in_the_target_year_has_reached_it(reader_client, in_2025):
    province, wards = in_2025(code="01", registered=3)
    _recognize(wards, 2025)  # 3 of 10 phường recognised: 30.0%

    page = reader_client.get("/tinh/01/?year=2025")
    assert _standing(page, 2025) == "Đã đạt"
    assert _figure(page, "Đã công nhận") == "3"
    assert _row(reader_client.get("/?year=2025"), 'data-province="01"') == (
        "01 Tỉnh 01 10 3 0 3 — 30,0% 30,0% Đã đạt Chậm tiến độ"
    )
    report = province_report(province=province, year=2025)
    assert report.standings[0].state == REACHED


def test_the_minimum_registered_after_the_target_year_is_behind(reader_client, build, programme):
    """The other side of the year boundary: in 2026 the 2025 target can no longer be caught up."""
    criteria_set, statuses = programme
    province = build(code="01", phuong=10, registered=0, quota=None)
    _register(province, 2026, 3, criteria_set, statuses)

    page = reader_client.get("/tinh/01/?year=2026")
    assert _standing(page, 2025) == "Chậm tiến độ"
    assert _standing(page, 2030) == "Chậm tiến độ"


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
