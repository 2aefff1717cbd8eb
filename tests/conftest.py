"""Shared fixtures: small, explicit data sets built through the project's own loaders."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tracker.services.units import units_load


@pytest.fixture
def nghe_an_units(db):
    """Nghệ An on the 2023 map (32 phường), loaded the way load_units loads every province."""
    units_load(edition="2023", only_provinces={"40"})


@pytest.fixture
def nghe_an_2023(nghe_an_units):
    """The fixtures: criteria set, targets, and Nghệ An's 2023 cohort of 16 wards."""
    call_command("load_fixtures", stdout=io.StringIO())


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(
        username="canbo", password="mat-khau-thu-nghiem", is_staff=True
    )


@pytest.fixture
def national_admin(db):
    return get_user_model().objects.create_superuser(
        username="quantri", password="mat-khau-thu-nghiem"
    )
