"""A target's standing at its edges, as the pages show it: in the target year itself, with
exactly the minimum share of phường registered or recognised (the 2025 target: 30%), and the
year after."""

import pytest

from tests.reports.test_rule_boundaries import _figure, _row, _text
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.assessments.services import assessment_register
from tracker.reports.province import province_report
from tracker.targets.standing import BEHIND, ON_TRACK, REACHED
from tracker.units.models import Province, Ward


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
