"""Shared fixtures: small, explicit data sets built through the project's own loaders, the
report pages' synthetic provinces, and accounts of each role."""

import contextlib
import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from tests import data_sets
from tracker.accounts.models import Role, UserScope
from tracker.accounts.services import user_add
from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.targets.models import ProvinceQuota, Target
from tracker.units.loading import units_load
from tracker.units.models import District, MapEdition, Province, Ward, WardKind
from tracker.units.succession import succession_load


def _load_nghe_an_units():
    units_load(edition="2023", only_provinces={"40"})


def _load_fixtures():
    call_command("load_fixtures", stdout=io.StringIO())


@pytest.fixture(scope="session")
def nghe_an_units_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return data_sets.capture(_load_nghe_an_units)


@pytest.fixture(scope="session")
def nghe_an_2023_rows(nghe_an_units_rows, django_db_blocker):
    with django_db_blocker.unblock():
        return data_sets.capture(_load_fixtures, base=nghe_an_units_rows)


@pytest.fixture
def nghe_an_units(db, nghe_an_units_rows):
    """Nghệ An on the 2023 map (32 phường), loaded the way load_units loads every province.

    Built once per session by units_load and copied into each test (tests/data_sets.py).
    """
    data_sets.restore(nghe_an_units_rows)


@pytest.fixture
def nghe_an_2023(nghe_an_units, nghe_an_2023_rows):
    """The fixtures: criteria set, targets, and Nghệ An's 2023 cohort of 16 wards.

    Built once per session by load_fixtures and copied into each test.
    """
    data_sets.restore(nghe_an_2023_rows)


def _load_2025_and_succession():
    units_load(edition="2025", only_provinces={"40"})
    succession_load()


@pytest.fixture(scope="session")
def nghe_an_both_maps_rows(nghe_an_units_rows, nghe_an_2023_rows, django_db_blocker):
    with django_db_blocker.unblock():
        return data_sets.capture(
            _load_2025_and_succession, base=[*nghe_an_units_rows, *nghe_an_2023_rows]
        )


@pytest.fixture
def nghe_an_both_maps(nghe_an_2023, nghe_an_both_maps_rows):
    """Nghệ An on the 2023 map with its 2023 cohort, on the 2025 map, and the succession.

    Built once per session by units_load and succession_load, copied into each test.
    """
    data_sets.restore(nghe_an_both_maps_rows)


def _load_whole_map_2023():
    units_load(edition="2023")
    _load_fixtures()


@pytest.fixture(scope="session")
def whole_map_2023_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return data_sets.capture(_load_whole_map_2023)


@pytest.fixture
def whole_map_2023(db, whole_map_2023_rows):
    """All 63 provinces of the 2023 map with the fixtures (Nghệ An's 16 wards), copied."""
    data_sets.restore(whole_map_2023_rows)


PASSWORD = "mat-khau-thu-nghiem"


def scoped_user(username: str, role: str, province: str | None = None, ward: str | None = None):
    """An account with a role and scope on the 2023 map, as add_user makes it."""
    user, _ = user_add(
        username=username,
        role=role,
        province_code=province,
        ward_code=ward,
        map_code="2023",
        password=PASSWORD,
    )
    return user


@pytest.fixture
def account(db):
    """Make an account: account("hanoi", Role.PROVINCE, province="01")."""
    return scoped_user


@pytest.fixture
def officer(nghe_an_units):
    """A Nghệ An provincial police officer (role tinh, province 40)."""
    return scoped_user("canbo", Role.PROVINCE, province="40")


@pytest.fixture
def national_admin(db):
    return get_user_model().objects.create_superuser(username="quantri", password=PASSWORD)


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Uploaded files (the import previews) go to the test's own folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request with the English cookie activates English
    for its thread (the middleware, like Django's), which would otherwise follow the worker into
    the next test's management command."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def clock():
    """clock(moment) stops the clock at an aware moment until the test ends (tests/clock.py)."""
    with contextlib.ExitStack() as travels:

        def stop_at(moment: datetime.datetime) -> datetime.datetime:
            travels.enter_context(time_machine.travel(moment, tick=False))
            return moment

        yield stop_at


@pytest.fixture
def people(nghe_an_2023, account, national_admin):
    """One account of each role around Đông Vĩnh (16663), Nghệ An's first ward."""
    return {
        "ward": account("phuong16663", Role.WARD, ward="16663"),
        "other_ward": account("phuong16666", Role.WARD, ward="16666"),
        "province": account("tinh40", Role.PROVINCE, province="40"),
        "viewer": account("xem40", Role.VIEWER, province="40"),
        "ministry": national_admin,
    }


@pytest.fixture
def dong_vinh(nghe_an_2023):
    """Đông Vĩnh's 2023 assessment."""
    return Assessment.objects.get(ward__code="16663", year=2023)


# --- Provinces built to a chosen size, for the report pages and the targets' standing ---

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
    """A Ministry reader: sees every province, writes none."""
    client.force_login(reader)
    return client


# --- Nghệ An on the 2025 map (nghe_an_both_maps above) ---

# Nghệ An's new phường of 1 July 2025 and the 2023-map units each was formed from.
THANH_VINH = "16681"
CUA_LO = "16732"
VINH_PHU = "16702"
TRUONG_VINH = "16690"
VINH_HUNG = "17920"


@pytest.fixture
def new_ward(nghe_an_both_maps):
    def get(code: str) -> Ward:
        return Ward.objects.get(edition__code="2025", code=code)

    return get


@pytest.fixture
def registrar(officer):
    """A Nghệ An provincial officer: registers its wards and changes their results."""
    return officer


def pytest_collection_modifyitems(config, items):
    """The races need PostgreSQL's concurrent transactions: SQLite's test database is one
    in-memory file shared by threads, which refuses a second writer instead of waiting. They
    run in the PostgreSQL suite (CI runs both); on SQLite they are deselected, and said so."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    races = [item for item in items if item.get_closest_marker("races")]
    if races:
        items[:] = [item for item in items if not item.get_closest_marker("races")]
        config.hook.pytest_deselected(items=races)
