"""Which 2025 units each 2023 unit went into, from vietnamadminunits (issue 8, points 2 and 6)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import CUA_LO, THANH_VINH, TRUONG_VINH, VINH_HUNG, VINH_PHU
from tracker.units.loading import units_load
from tracker.units.models import UnitSuccession, Ward
from tracker.units.selectors import ward_successors
from tracker.units.succession import succession_load


def load() -> str:
    out = io.StringIO()
    call_command("load_succession", stdout=out)
    return out.getvalue()


def predecessors(code: str) -> set[str]:
    return set(
        UnitSuccession.objects.filter(
            successor__edition__code="2025", successor__code=code
        ).values_list("predecessor__name", flat=True)
    )


@pytest.mark.django_db
def test_every_2023_unit_but_three_leads_to_the_2025_map():
    units_load(edition="2023")
    units_load(edition="2025")
    with CaptureQueriesContext(connection) as queries:
        text = load()
    assert len(queries) < 100  # 11,211 pairs in batches (of 249 on SQLite), not one by one
    assert UnitSuccession.objects.count() == 11_211
    assert "10.595/10.598 đơn vị cấp xã bản đồ 2023 có đơn vị kế thừa; 3 không có:" in text
    # Absent from the package's pre-reform table, and none of its aliases names them.
    for line in [
        "10774 Xã Phúc Thành A (Huyện Kim Thành, Tỉnh Hải Dương): không có trong danh mục",
        "20239 Phường Hải Châu II (Quận Hải Châu, Thành phố Đà Nẵng): không có trong danh mục",
        "28825 Xã Phú An Hòa (Huyện Châu Thành, Tỉnh Bến Tre): không có trong danh mục",
    ]:
        assert line in text
    # Island districts had no commune-level unit in 2023; their special zones start anew.
    assert "5 đơn vị bản đồ 2025 không hình thành từ đơn vị cấp xã nào" in text
    assert "Đặc khu Côn Đảo (26732)" in text
    # Every old unit with successors has exactly one main successor.
    mains = UnitSuccession.objects.filter(is_main=True)
    assert mains.count() == mains.values("predecessor").distinct().count() == 10_595

    assert "mới 0, cập nhật 0, xóa 0" in load()
    assert UnitSuccession.objects.count() == 11_211


def test_thanh_vinh_was_formed_from_seven_phuong_of_2023_and_a_commune(nghe_an_both_maps):
    assert predecessors(THANH_VINH) == {
        "Phường Đông Vĩnh",
        "Phường Lê Lợi",
        "Phường Hưng Bình",
        "Phường Cửa Nam",
        "Phường Quang Trung",
        # Merged into Quang Trung before the reform: the chain goes through it.
        "Phường Đội Cung",
        "Phường Lê Mao",
        "Xã Hưng Chính",
    }
    doi_cung = UnitSuccession.objects.get(predecessor__code="16684")
    assert doi_cung.is_main
    assert "vietnamadminunits 1.0.4" in doi_cung.source
    assert doi_cung.source.endswith("qua Phường Quang Trung (16681)")


def test_the_seven_phuong_of_cua_lo_town_lie_in_phuong_cua_lo(nghe_an_both_maps):
    cua_lo_town = set(
        Ward.objects.filter(edition__code="2023", district__name="Thị xã Cửa Lò").values_list(
            "name", flat=True
        )
    )
    assert len(cua_lo_town) == 7
    assert predecessors(CUA_LO) == cua_lo_town


def test_hong_son_went_through_vinh_tan_into_truong_vinh(nghe_an_both_maps):
    assert {"Phường Hồng Sơn", "Phường Vinh Tân"} <= predecessors(TRUONG_VINH)


def test_the_2023_cohort_leads_to_the_new_wards_that_contain_them(nghe_an_both_maps):
    cohort = list(Ward.objects.filter(assessments__year=2023).values_list("code", flat=True))
    found = ward_successors(edition="2023", codes=cohort)
    assert len(found) == 16
    assert {code: [s.code for s in successors] for code, successors in found.items()} == {
        **dict.fromkeys(
            ["16663", "16669", "16672", "16678", "16681", "16684", "16687"], [THANH_VINH]
        ),
        **dict.fromkeys(
            ["16673", "16675", "16690", "16693", "16696", "16699", "16714"], [TRUONG_VINH]
        ),
        "16666": [VINH_PHU],
        "16670": [VINH_HUNG],
    }


def test_the_32_phuong_of_2023_lie_in_ten_new_ones_vinh_loc_comes_from_communes(
    nghe_an_both_maps,
):
    old = Ward.objects.filter(edition__code="2023", province__code="40", kind="phuong")
    new_of_old = {
        s.successor.kind
        for s in UnitSuccession.objects.filter(predecessor__in=old).select_related("successor")
    }
    assert old.count() == 32
    assert not old.filter(successions__isnull=True).exists()
    assert new_of_old == {"phuong"}
    assert (
        UnitSuccession.objects.filter(predecessor__in=old).values("successor").distinct().count()
        == 10
    )
    # Hưng Lộc, Vinh Lộc's main part, was a commune on the 2023 map (a phường from 2024).
    assert predecessors("16708") == {
        "Xã Hưng Lộc",
        "Xã Nghi Phong",
        "Xã Nghi Xuân",
        "Xã Phúc Thọ",
        "Xã Nghi Thái",
    }


def test_a_split_unit_is_a_predecessor_of_each_of_its_successors(db):
    units_load(edition="2023", only_provinces={"01"})
    units_load(edition="2025", only_provinces={"01"})
    succession_load()
    (successors,) = ward_successors(edition="2023", codes=["00007"]).values()
    # Phường Cống Vị (Ba Đình) was split: mostly into Ngọc Hà, partly into Giảng Võ.
    assert [(s.name, s.is_main) for s in successors] == [
        ("Phường Ngọc Hà", True),
        ("Phường Giảng Võ", False),
    ]
    assert "Phường Cống Vị" in predecessors("00008")
    assert "Phường Cống Vị" in predecessors("00025")


def test_a_pair_the_file_no_longer_has_is_removed(nghe_an_both_maps):
    wrong = UnitSuccession.objects.create(
        predecessor=Ward.objects.get(edition__code="2023", code="16717"),
        successor=Ward.objects.get(edition__code="2025", code=THANH_VINH),
    )
    assert "mới 0, cập nhật 0, xóa 1" in load()
    assert not UnitSuccession.objects.filter(pk=wrong.pk).exists()


def test_needs_both_maps(nghe_an_units):
    with pytest.raises(CommandError, match="Chưa nạp bản đồ 2025: chạy load_units --map 2025"):
        load()
