"""The report pages on the 2025 map cost the same number of queries whatever the data's size.

Each new phường is formed from a few old ones of the 2023 map, registered in 2023 like
Nghệ An's cohort; one new phường has its start carried over into 2025.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.assessments.services import assessment_register
from tracker.criteria.models import Criterion
from tracker.targets.models import ProvinceQuota
from tracker.units.models import District, MapEdition, Province, UnitSuccession, Ward, WardKind

CRITERIA = 22
SIZES = {
    # provinces, new phường per province, old phường per new one
    "small": (1, 2, 1),
    "large": (3, 5, 3),
}
# Pinned: a change here means a page started asking per ward, per province or per predecessor.
# Each count includes the session, the user and the user's scope (one query each), and
# the years and maps (see test_query_counts.py).
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
    "overview workbook": 11,  # 9, and the figures' two (see above)
    # In 2023 nothing is registered on the new map: no results to read.
    "province": 16,
    "province workbook": 14,  # 12, and the figures' two
    "province in the carried-over year": 18,
    "province workbook in the carried-over year": 16,  # 14, and the figures' two
    "template": 11,
    # The page's predecessors (3), and the proposal: the years, the predecessors again for the
    # source year (3), the criteria set and its criteria.
    "ward with the carry-over panel": 17,
    "ward carried over": 11,  # 10, and one for the evidence files
    "criterion nationwide": 7,
    "criterion in a province": 8,
    "criterion in the carried-over year": 8,
}


@pytest.fixture
def build_both_maps(programme):
    old_map = MapEdition.objects.create(
        code="2023", name="Bản đồ 2023", effective_from=datetime.date(2023, 1, 1)
    )
    new_map = MapEdition.objects.create(
        code="2025", name="Bản đồ 2025", effective_from=datetime.date(2025, 7, 1)
    )
    criteria_set, statuses = programme

    def province(*, code: str, new_phuong: int, per_new: int) -> Province:
        old = Province.objects.create(edition=old_map, code=code, name=f"Tỉnh {code}", kind="tinh")
        new = Province.objects.create(edition=new_map, code=code, name=f"{code} mới", kind="tinh")
        district = District.objects.create(
            edition=old_map, province=old, code=f"{code}1", name=f"TP {code}", kind="thanh_pho"
        )
        for i in range(new_phuong):
            successor = Ward.objects.create(
                edition=new_map,
                province=new,
                code=f"{code}{i:02d}0",
                name=f"Phường mới {code}-{i}",
                kind=WardKind.WARD,
            )
            for j in range(per_new):
                predecessor = Ward.objects.create(
                    edition=old_map,
                    province=old,
                    district=district,
                    code=f"{code}{i:02d}{j + 1}",
                    name=f"Phường cũ {code}-{i}-{j}",
                    kind=WardKind.WARD,
                )
                assessment_register(
                    ward=predecessor,
                    year=2023,
                    criteria_set=criteria_set,
                    user=None,
                    statuses=statuses,
                )
                UnitSuccession.objects.create(predecessor=predecessor, successor=successor)
        ProvinceQuota.objects.create(province=old, year=2023, quota=1)
        return new

    return province


@pytest.mark.parametrize("size", SIZES)
def test_2025_map_pages_run_a_fixed_number_of_queries(
    client, reader, national_admin, build_both_maps, size
):
    provinces, new_phuong, per_new = SIZES[size]
    for i in range(provinces):
        build_both_maps(code=f"{i + 1:02d}", new_phuong=new_phuong, per_new=per_new)
    # One new phường carried over into 2025, so the new map has figures too.
    carried = Ward.objects.get(edition__code="2025", code="01000")
    proposal = assessment_carry_over_propose(ward=carried, year=2025)
    assessment_carry_over_confirm(proposal=proposal, user=None)
    tc22 = Criterion.objects.get(number=22).pk
    new_map = "year=2023&map=2025"
    pages = {
        "overview": f"/?{new_map}",
        "overview workbook": f"/toan-quoc.xlsx?{new_map}",
        "province": f"/tinh/01/?{new_map}",
        "province workbook": f"/tinh/01/bao-cao.xlsx?{new_map}",
        "province in the carried-over year": "/tinh/01/?year=2025&map=2025",
        "province workbook in the carried-over year": "/tinh/01/bao-cao.xlsx?year=2025&map=2025",
        "template": "/tinh/01/mau-nhap-lieu.xlsx?year=2025&map=2025",
        "ward with the carry-over panel": f"/phuong/01010/?{new_map}",
        "ward carried over": "/phuong/01000/?year=2025&map=2025",
        "criterion nationwide": f"/tieu-chi/{tc22}/?{new_map}",
        "criterion in a province": f"/tieu-chi/{tc22}/?{new_map}&tinh=01",
        "criterion in the carried-over year": f"/tieu-chi/{tc22}/?year=2025&map=2025&tinh=01",
    }
    counts = {}
    for name, url in pages.items():
        # The template is for those who may import (here the Ministry); the rest, a reader's.
        client.force_login(national_admin if name == "template" else reader)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    assert counts == EXPECTED
