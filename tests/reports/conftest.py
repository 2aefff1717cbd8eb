"""Data for the report pages: provinces built to a chosen size, and users with or without rights."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from tracker.assessments.services import assessment_register
from tracker.models import (
    CriteriaSet,
    Criterion,
    District,
    MapEdition,
    Province,
    ProvinceQuota,
    ResultStatus,
    Role,
    Target,
    UserScope,
    Ward,
    WardKind,
)

CRITERIA = 22


@pytest.fixture
def programme(db):
    """A 22-criterion set and the national targets; the statuses of a ward at 21/22."""
    criteria_set = CriteriaSet.objects.create(
        code="CAP-DHKM", version="t", name="Bộ tiêu chí thử", year_in_force=2023
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=criteria_set,
            number=n,
            short_title=f"Tiêu chí {n}",
            full_text=f"Nội dung tiêu chí {n}",
            group="Nhóm",
            responsible_party="Công an phường",
        )
        for n in range(1, CRITERIA + 1)
    )
    Target.objects.create(year=2025, share_min=30, share_max=50)
    Target.objects.create(year=2030, share_min=100, share_max=100)
    statuses = {n: ResultStatus.MET for n in range(1, CRITERIA)} | {CRITERIA: ResultStatus.NOT_MET}
    return criteria_set, statuses


@pytest.fixture
def build(programme):
    """Build provinces of the 2023 map, each with phường and registered wards.

    Every registered ward meets every criterion but the last, like Nghệ An's
    2023 cohort, so each size of data set gives the same kind of page.
    """
    edition = MapEdition.objects.create(
        code="2023", name="Bản đồ 2023", effective_from=datetime.date(2023, 1, 1)
    )
    criteria_set, statuses = programme

    def province(*, code: str, phuong: int, registered: int, quota: int | None = 1) -> Province:
        p = Province.objects.create(edition=edition, code=code, name=f"Tỉnh {code}", kind="tinh")
        d = District.objects.create(
            edition=edition, province=p, code=f"{code}1", name=f"Thành phố {code}", kind="thanh_pho"
        )
        wards = [
            Ward.objects.create(
                edition=edition,
                province=p,
                district=d,
                code=f"{code}{i:03d}",
                name=f"Phường {code}-{i}",
                kind=WardKind.WARD,
            )
            for i in range(phuong)
        ]
        for ward in wards[:registered]:
            assessment_register(
                ward=ward, year=2023, criteria_set=criteria_set, user=None, statuses=statuses
            )
        if quota is not None:
            ProvinceQuota.objects.create(province=p, year=2023, quota=quota)
        return p

    return province


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        username="tinh40", password="mat-khau-thu-nghiem", first_name="Cán bộ tỉnh"
    )
    UserScope.objects.create(user=user, role=Role.PROVINCE, province=_nghe_an())
    return user


@pytest.fixture
def reader(db):
    user = get_user_model().objects.create_user(username="xem", password="mat-khau-thu-nghiem")
    UserScope.objects.create(user=user, role=Role.VIEWER)  # reads every province, writes none
    return user


def _nghe_an() -> Province:
    """Nghệ An on the 2023 map, created if a test's data set has not made it yet."""
    edition, _ = MapEdition.objects.get_or_create(
        code="2023", defaults={"name": "2023", "effective_from": datetime.date(2023, 1, 1)}
    )
    province, _ = Province.objects.get_or_create(
        edition=edition, code="40", defaults={"name": "Tỉnh Nghệ An", "kind": "tinh"}
    )
    return province


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client
