"""Shared fixtures: small, explicit data sets built through the project's own loaders."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tracker.models import Role
from tracker.services.accounts import user_add
from tracker.services.units import units_load


@pytest.fixture
def nghe_an_units(db):
    """Nghệ An on the 2023 map (32 phường), loaded the way load_units loads every province."""
    units_load(edition="2023", only_provinces={"40"})


@pytest.fixture
def nghe_an_2023(nghe_an_units):
    """The fixtures: criteria set, targets, and Nghệ An's 2023 cohort of 16 wards."""
    call_command("load_fixtures", stdout=io.StringIO())


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
