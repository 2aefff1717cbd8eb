"""The import's and the template's province lists are one map's provinces by code, the map
in force today unless the form chose another, and only its own for a province's account
(issue 26, point 4)."""

import pytest

from tests.clock import AFTER_MIDNIGHT
from tracker.units.loading import units_load

UPLOAD, EXPORT = "/nhap-lieu/", "/admin/tracker/importbatch/export/"


@pytest.fixture
def maps(nghe_an_both_maps, clock):
    """Code 15 is Yên Bái on the 2023 map and Lào Cai on the 2025 map; today (6 December
    2026) the 2025 map is in force."""
    clock(AFTER_MIDNIGHT)
    units_load(edition="2023", only_provinces={"15"})
    units_load(edition="2025", only_provinces={"15"})


def provinces(page) -> list:
    """The provinces offered, without the "(theo tệp)" of the Ministry's list."""
    return [c for c in page.context["form"].fields["province"].choices if c[0]]


def test_the_upload_lists_the_provinces_of_the_map_in_force(maps, national_admin, client):
    """Defect: the list gave the 2023 codes with the 2025 names ("15 – Lào Cai")."""
    client.force_login(national_admin)
    page = client.get(UPLOAD)
    assert provinces(page) == [("15", "15 – Lào Cai"), ("40", "40 – Nghệ An")]
    assert page.context["form"]["map"].value() == "2025"


def test_a_chosen_map_lists_its_own_provinces(maps, national_admin, client):
    client.force_login(national_admin)
    page = client.post(UPLOAD, {"map": "2023", "province": "", "year": ""})  # no file yet
    assert provinces(page) == [("15", "15 – Tỉnh Yên Bái"), ("40", "40 – Tỉnh Nghệ An")]
    export = client.get(EXPORT, {"map": "2023", "year": "abc"})
    assert provinces(export) == [("15", "15 – Tỉnh Yên Bái"), ("40", "40 – Tỉnh Nghệ An")]
    assert export.context["form"].fields["province"].choices[0][1] == "Toàn quốc"


def test_a_province_account_lists_only_its_own(maps, officer, client):
    client.force_login(officer)
    assert provinces(client.get(UPLOAD)) == [("40", "40 – Nghệ An")]
    assert provinces(client.get(EXPORT)) == [("40", "40 – Nghệ An")]


def test_the_template_of_a_province_on_the_map_chosen(nghe_an_2023, officer, client):
    client.force_login(officer)
    response = client.get(EXPORT, {"map": "2023", "province": "40", "year": "2023"})
    assert response["Content-Disposition"] == 'attachment; filename="tieu-chi-tinh-40-2023.xlsx"'
