"""The map after 1 July 2025 beside the 2023 map (issue 8, point 1)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.units.loading import units_load
from tracker.units.models import District, MapEdition, Province, Ward, WardKind


@pytest.fixture
def map_2025(nghe_an_units):
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("load_units", "--map", "2025", stdout=out)
    return out.getvalue(), len(queries)


def test_loads_every_unit_of_the_2025_map(map_2025):
    edition = MapEdition.objects.get(code="2025")
    assert str(edition.effective_from) == "2025-07-01"
    assert Province.objects.filter(edition=edition).count() == 34
    assert not District.objects.filter(edition=edition).exists()
    assert Ward.objects.filter(edition=edition).count() == 3_321
    assert Ward.objects.filter(edition=edition, kind=WardKind.WARD).count() == 687
    assert "34 tỉnh, 0 huyện, 3321 đơn vị cấp xã (687 phường)" in map_2025[0]


def test_loads_in_bulk(map_2025):
    # 3,355 units: a few bulk statements, not one per unit (41 on SQLite since the sort key
    # column made each row longer and so each batch shorter).
    assert map_2025[1] < 45


def test_second_load_changes_nothing(map_2025):
    out = io.StringIO()
    call_command("load_units", "--map", "2025", stdout=out)
    assert "mới 0, cập nhật 0" in out.getvalue()
    assert Ward.objects.filter(edition__code="2025").count() == 3_321


def test_a_code_means_its_own_editions_unit(map_2025):
    old = Ward.objects.get(edition__code="2023", code="16681")
    new = Ward.objects.get(edition__code="2025", code="16681")
    assert (old.name, old.district.name) == ("Phường Quang Trung", "Thành phố Vinh")
    assert (new.name, new.district, new.province.code) == ("Phường Thành Vinh", None, "40")
    assert Ward.objects.get(edition__code="2025", code="26732").kind == WardKind.SPECIAL_ZONE


def test_nghe_an_has_eleven_new_phuong_beside_its_32_old_ones(map_2025):
    def phuong(edition):
        return set(
            Ward.objects.filter(
                edition__code=edition, province__code="40", kind=WardKind.WARD
            ).values_list("name", flat=True)
        )

    assert len(phuong("2023")) == 32  # the 2023 map is kept as it was
    assert phuong("2025") == {
        f"Phường {name}"
        for name in [
            "Thành Vinh",
            "Trường Vinh",
            "Vinh Hưng",
            "Vinh Phú",
            "Vinh Lộc",
            "Cửa Lò",
            "Thái Hòa",
            "Tây Hiếu",
            "Hoàng Mai",
            "Tân Mai",
            "Quỳnh Mai",
        ]
    }


def test_loading_one_map_leaves_the_other_alone(nghe_an_units):
    units_load(edition="2025", only_provinces={"40"})
    units_load(edition="2023", only_provinces={"40"})
    assert Ward.objects.filter(edition__code="2023").count() == 460
    assert Ward.objects.filter(edition__code="2025").count() == 130
