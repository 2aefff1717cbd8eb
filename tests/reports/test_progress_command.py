"""`manage.py progress`: a province's figures from the database (issue 3, point 6)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import assessment_register, criterion_result_set_status


def progress(*args) -> str:
    out = io.StringIO()
    call_command("progress", *args, stdout=out)
    return out.getvalue()


def test_json_for_nghe_an_2023(nghe_an_2023):
    data = json.loads(progress("--province", "40", "--year", "2023", "--format", "json"))
    assert data["province"] == {"code": "40", "name": "Tỉnh Nghệ An"}
    assert (data["year"], data["wards_total"], data["registered"]) == (2023, 32, 16)
    assert (data["quota"], data["recognized"]) == (1, 0)
    assert len(data["wards"]) == 16
    for ward in data["wards"]:
        assert (ward["met"], ward["total"], ward["missing"]) == (21, 22, [22])
        assert ward["status"] == "dang_xay_dung"
    # In Vietnamese alphabetical order, as on the province page.
    names = [w["name"] for w in data["wards"]]
    assert names.index("Phường Cửa Nam") < names.index("Phường Đông Vĩnh")
    first = next(w for w in data["wards"] if w["code"] == "16663")
    # Every criterion assessed when the fixtures were loaded; no round, so no late days.
    assert first.pop("complete_at") is not None and first.pop("late_days") is None
    assert first == {
        "code": "16663",
        "name": "Phường Đông Vĩnh",
        "status": "dang_xay_dung",
        "met": 21,
        "total": 22,
        "missing": [22],
    }


def test_all_wards_lists_the_unregistered_with_null_status(nghe_an_2023):
    data = json.loads(
        progress("--province", "40", "--year", "2023", "--format", "json", "--all-wards")
    )
    assert len(data["wards"]) == 32
    unregistered = [w for w in data["wards"] if w["status"] is None]
    assert len(unregistered) == 16
    assert "Phường Nghi Thuỷ" in {w["name"] for w in unregistered}


def test_figures_follow_the_database(nghe_an_2023, officer):
    result = CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=22
    )
    criterion_result_set_status(result=result, user=officer, status=ResultStatus.MET)
    criterion_result_set_status(
        result=CriterionResult.objects.get(
            assessment__ward__code="16666", assessment__year=2023, criterion__number=3
        ),
        user=officer,
        status=ResultStatus.IN_PROGRESS,
    )
    data = json.loads(progress("--province", "40", "--year", "2023", "--format", "json"))
    wards = {w["code"]: w for w in data["wards"]}
    assert (wards["16663"]["met"], wards["16663"]["missing"]) == (22, [])
    assert (wards["16666"]["met"], wards["16666"]["missing"]) == (20, [3, 22])


def test_table_is_readable(nghe_an_2023):
    text = progress("--province", "40", "--year", "2023")
    assert "Tỉnh Nghệ An (mã 40), năm 2023" in text
    assert "Phường: 32  Đăng ký: 16  Chỉ tiêu của Bộ: 1" in text
    assert text.count("21/22") == 16 and "TC22" in text


def test_without_province_one_row_per_province(nghe_an_2023):
    text = progress("--year", "2023")
    assert "Tỉnh Nghệ An" in text
    data = json.loads(progress("--year", "2023", "--format", "json"))
    (nghe_an,) = data["provinces"]  # only Nghệ An's units are loaded in this test
    assert (nghe_an["wards_total"], nghe_an["registered"], nghe_an["quota"]) == (32, 16, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "99", "--year", "2023"], "Không có tỉnh mã '99' trên bản đồ 2023."),
        (["--province", "40", "--year", "2019"], "Năm 2019 ngoài chương trình (từ 2022 đến 2030)"),
    ],
)
def test_unknown_province_or_year_exits_2(nghe_an_2023, args, message):
    with pytest.raises(CommandError) as error:
        progress(*args)
    assert message in str(error.value)
    assert error.value.returncode == 2


def test_query_count_does_not_grow_with_wards(nghe_an_2023, officer):
    def count():
        with CaptureQueriesContext(connection) as queries:
            progress("--province", "40", "--year", "2023", "--format", "json", "--all-wards")
        return len(queries)

    before = count()
    criteria_set = Assessment.objects.first().criteria_set
    for ward in (
        Assessment.objects.first()
        .ward.province.wards.filter(kind="phuong")
        .exclude(assessments__year=2023)
    ):
        assessment_register(ward=ward, year=2023, criteria_set=criteria_set, user=officer)
    assert Assessment.objects.count() == 32
    assert count() == before
