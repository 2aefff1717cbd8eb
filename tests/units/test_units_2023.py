"""Administrative units of the 2023 map: counts, kinds, idempotent bulk load (issue 3, point 2)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.units.loading import units_load
from tracker.units.models import (
    District,
    DistrictKind,
    MapEdition,
    Province,
    ProvinceKind,
    Ward,
    WardKind,
)


@pytest.fixture
def map_2023(db):
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("load_units", "--map", "2023", stdout=out)
    return out.getvalue(), len(queries)


def test_loads_every_unit_of_the_2023_map(map_2023):
    edition = MapEdition.objects.get(code="2023")
    assert Province.objects.filter(edition=edition).count() == 63
    assert District.objects.filter(edition=edition).count() == 705
    assert Ward.objects.filter(edition=edition).count() == 10_598
    assert Ward.objects.filter(edition=edition, kind=WardKind.WARD).count() == 1_771
    assert "63 tỉnh, 705 huyện, 10598 đơn vị cấp xã (1771 phường)" in map_2023[0]


def test_units_carry_official_codes_and_kinds(map_2023):
    hanoi = Province.objects.get(edition__code="2023", code="01")
    assert (hanoi.name, hanoi.kind) == ("Thành phố Hà Nội", ProvinceKind.CITY)
    assert Province.objects.get(edition__code="2023", code="40").kind == ProvinceKind.PROVINCE
    vinh = District.objects.get(edition__code="2023", code="412")
    assert (vinh.name, vinh.kind, vinh.province.code) == ("Thành phố Vinh", DistrictKind.CITY, "40")
    phuc_xa = Ward.objects.get(edition__code="2023", code="00001")
    assert (phuc_xa.name, phuc_xa.kind, phuc_xa.district.code) == (
        "Phường Phúc Xá",
        WardKind.WARD,
        "001",
    )
    kinds = set(Ward.objects.filter(edition__code="2023").values_list("kind", flat=True))
    assert kinds == {WardKind.WARD, WardKind.COMMUNE, WardKind.TOWNSHIP}


def test_island_districts_without_communes_are_kept(map_2023):
    con_dao = District.objects.get(edition__code="2023", code="755")
    assert con_dao.name == "Huyện Côn Đảo"
    assert not con_dao.wards.exists()


def test_second_load_duplicates_nothing(map_2023):
    out = io.StringIO()
    call_command("load_units", "--map", "2023", stdout=out)
    assert "mới 0, cập nhật 0" in out.getvalue()
    assert Ward.objects.filter(edition__code="2023").count() == 10_598


def test_load_repairs_a_changed_name(map_2023):
    Ward.objects.filter(edition__code="2023", code="16663").update(name="sai", search_name="sai")
    counts = units_load(edition="2023")
    ward = Ward.objects.get(edition__code="2023", code="16663")
    assert (counts["updated"], ward.name, ward.search_name) == (
        1,
        "Phường Đông Vĩnh",
        "phuong dong vinh",
    )


def test_load_runs_a_bounded_number_of_queries(map_2023):
    # 11,366 units go in multi-row batches (SQLite caps a statement's parameters),
    # never one statement per row; a reload that changes nothing reads once per level.
    assert map_2023[1] < 11_366 / 100
    with CaptureQueriesContext(connection) as reload:
        units_load(edition="2023")
    assert len(reload) <= 10


def test_both_editions_live_side_by_side(db):
    units_load(edition="2023", only_provinces={"40"})
    units_load(edition="2025", only_provinces={"40"})
    old = Ward.objects.filter(edition__code="2023", province__code="40", kind=WardKind.WARD)
    new = Ward.objects.filter(edition__code="2025", province__code="40", kind=WardKind.WARD)
    assert (old.count(), new.count()) == (32, 11)
    # The same GSO code names another unit on each map.
    assert Ward.objects.get(edition__code="2023", code="16681").name == "Phường Quang Trung"
    assert Ward.objects.get(edition__code="2025", code="16681").name == "Phường Thành Vinh"
    assert not new.filter(district__isnull=False).exists()
