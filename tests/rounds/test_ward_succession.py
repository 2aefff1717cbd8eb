"""A ward account follows its ward across the map change, and sees nothing else (point 6)."""

import pytest

from tracker.accounts.models import Role
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.units.models import UnitSuccession, Ward

THANH_VINH = "16681"  # the 2025 phường that Đông Vĩnh (16663) went into
NEW_MAP = "year=2025&map=2025"


@pytest.fixture
def dong_vinh_account(nghe_an_both_maps, account, officer):
    thanh_vinh = Ward.objects.get(edition__code="2025", code=THANH_VINH)
    assessment_carry_over_confirm(
        proposal=assessment_carry_over_propose(ward=thanh_vinh, year=2025), user=officer
    )
    return account("phuong16663", Role.WARD, ward="16663")


def test_the_old_wards_account_sees_and_updates_its_successor(dong_vinh_account, client):
    client.force_login(dong_vinh_account)
    page = client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}")
    assert page.status_code == 200
    assert 'name="form-0-status"' in page.content.decode()
    new = Assessment.objects.get(ward__code=THANH_VINH, ward__edition__code="2025")
    result = new.results.get(criterion__number=1)
    saved = criterion_result_set_status(
        result=result, user=dong_vinh_account, status=ResultStatus.NOT_MET
    )
    assert (saved.status, saved.changed_by) == (ResultStatus.NOT_MET, dong_vinh_account)
    # Its start page on the 2025 map is that ward (tests/accounts/test_ward_account_maps.py).
    assert client.get(f"/?{NEW_MAP}").url == f"/phuong/{THANH_VINH}/?{NEW_MAP}"
    # And it still reads its own 2023 ward.
    assert client.get("/phuong/16663/?year=2023&map=2023").status_code == 200


def test_nothing_else_opens_to_it(dong_vinh_account, client):
    client.force_login(dong_vinh_account)
    assert client.get("/phuong/16690/?year=2025&map=2025").status_code == 403  # a new neighbour
    assert client.get("/phuong/16666/?year=2023&map=2023").status_code == 403  # an old neighbour
    assert client.get("/tinh/40/?year=2025&map=2025").status_code == 403


def test_a_split_ward_follows_only_its_main_successor(dong_vinh_account, client):
    UnitSuccession.objects.create(
        predecessor=Ward.objects.get(edition__code="2023", code="16663"),
        successor=Ward.objects.get(edition__code="2025", code="16690"),
        is_main=False,
    )
    client.force_login(dong_vinh_account)
    assert client.get("/phuong/16690/?year=2025&map=2025").status_code == 403
    assert client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").status_code == 200
