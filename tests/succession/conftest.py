"""The new wards of Nghệ An on the 2025 map (nghe_an_both_maps is in tests/conftest.py)."""

import pytest

from tracker.models import Ward

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
