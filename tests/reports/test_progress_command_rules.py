"""`manage.py progress` on the "meets every criterion" rule: 22/22 counts, 21/22 and 0/0 do not."""

import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import CRITERIA
from tracker.assessments.models import ResultStatus
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet
from tracker.units.models import Ward

ALL_MET = {n: ResultStatus.MET for n in range(1, CRITERIA + 1)}


def progress(*args) -> str:
    out = io.StringIO()
    call_command("progress", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def two_wards(build, programme):
    """Province 01, 2023: phường 01000 at 21/22 and 01001 at 22/22; 01002 not registered."""
    criteria_set, _ = programme
    province = build(code="01", phuong=3, registered=1)
    ward = Ward.objects.filter(province=province).order_by("code")[1]
    assessment_register(
        ward=ward, year=2023, criteria_set=criteria_set, user=None, statuses=ALL_MET
    )
    return province


def test_json_counts_only_the_ward_at_22_of_22_as_meeting_every_criterion(two_wards):
    data = json.loads(progress("--province", "01", "--year", "2023", "--format", "json"))
    assert (data["wards_total"], data["registered"], data["meeting_all"]) == (3, 2, 1)
    assert [(w["code"], w["met"], w["total"], w["missing"]) for w in data["wards"]] == [
        ("01000", 21, 22, [22]),
        ("01001", 22, 22, []),
    ]


def test_table_shows_21_of_22_and_22_of_22_and_one_meeting_every_criterion(two_wards):
    text = progress("--province", "01", "--year", "2023")
    assert "Đạt đủ tiêu chí: 1 " in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("01")}
    assert "21/22" in lines["01000"] and lines["01000"].rstrip().endswith("TC22")
    assert lines["01001"].rstrip().endswith("22/22")


def test_national_json_does_not_count_a_ward_without_results(two_wards):
    """A registered phường with no result yet (0/0) meets nothing, in the national figures too."""
    empty = CriteriaSet.objects.create(
        code="CAP-TRONG", version="t", name="Bộ tiêu chí chưa nạp", year_in_force=2023
    )
    ward = Ward.objects.get(code="01002")
    assessment_register(ward=ward, year=2023, criteria_set=empty, user=None)

    (row,) = json.loads(progress("--year", "2023", "--format", "json"))["provinces"]
    assert (row["province"]["code"], row["registered"], row["meeting_all"]) == ("01", 3, 1)
    province = json.loads(progress("--province", "01", "--year", "2023", "--format", "json"))
    assert province["meeting_all"] == 1
    assert province["wards"][2] == {
        "code": "01002",
        "name": "Phường 01-2",
        "status": "dang_ky",
        "met": 0,
        "total": 0,
        "missing": [],
        # No result to assess: never complete.
        "complete_at": None,
        "late_days": None,
    }
