"""Every admin list of units shows one map, and the province filters list one map's
provinces by code, only the user's own for a province's account (issue 26, point 4)."""

import pytest
from django.urls import reverse

from tests.clock import AFTER_MIDNIGHT
from tracker.accounts.admin_mixins import ProvinceFilter
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.units.loading import units_load
from tracker.units.models import Ward


@pytest.fixture
def both_maps(nghe_an_both_maps, officer, clock):
    """Nghệ An on both maps, Hà Tĩnh on the 2025 map, Thành Vinh carried over into 2025;
    today 6 December 2026, when the 2025 map is in force."""
    clock(AFTER_MIDNIGHT)
    units_load(edition="2025", only_provinces={"42"})
    thanh_vinh = Ward.objects.get(edition__code="2025", code="16681")
    assessment_carry_over_confirm(
        proposal=assessment_carry_over_propose(ward=thanh_vinh, year=2025), user=officer
    )


def province_choices(page) -> list[tuple[str, str]]:
    spec = next(f for f in page.context["cl"].filter_specs if isinstance(f, ProvinceFilter))
    return list(spec.lookup_choices)


@pytest.mark.parametrize("model", ["province", "district", "ward"])
def test_a_list_of_units_shows_the_map_in_force_or_the_one_chosen(
    both_maps, national_admin, client, model
):
    client.force_login(national_admin)
    url = reverse(f"admin:tracker_{model}_changelist")
    shown = client.get(url).context["cl"].queryset
    chosen = client.get(url, {"map": "2023"}).context["cl"].queryset
    assert {u.edition.code for u in chosen} == {"2023"}
    # The 2025 map has no districts: an empty list, not the 2023 ones.
    assert {u.edition.code for u in shown} == (set() if model == "district" else {"2025"})


def test_the_assessments_show_one_map_and_its_provinces_by_code(both_maps, national_admin, client):
    client.force_login(national_admin)
    url = reverse("admin:tracker_assessment_changelist")
    today = client.get(url)
    assert {a.ward.edition.code for a in today.context["cl"].queryset} == {"2025"}
    # Nghệ An once, by its code on the map shown, not once per map.
    assert province_choices(today) == [("40", "Nghệ An"), ("42", "Hà Tĩnh")]
    old = client.get(url, {"map": "2023", "province": "40"})
    assert {a.ward.edition.code for a in old.context["cl"].queryset} == {"2023"}
    assert old.context["cl"].result_count == 16
    assert province_choices(old) == [("40", "Tỉnh Nghệ An")]


def test_a_province_account_sees_only_its_own_province(both_maps, officer, client):
    client.force_login(officer)
    page = client.get(reverse("admin:tracker_assessment_changelist"))
    assert province_choices(page) == [("40", "Nghệ An")]
