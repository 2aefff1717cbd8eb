"""Figures in the locality template and the long format: they set the status, impossible ones
are refused at their cell, a status against them needs its reason, and the three-way rule
holds for them (issue "Criteria measured by numbers", points 3, 4 and 7)."""

import csv
import io
import os
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from tests.criteria.figure_rules import serious_cases_within_all_cases
from tests.imports.workbooks import cell_of, template_bytes, workbook_bytes
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.criteria.indicators import Figures
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply, import_batch_revert

pytestmark = pytest.mark.usefixtures("nghe_an_2023")
SOFFICE = shutil.which("soffice")
# The template's figure columns after TC22 (Y): TC1 Giá trị, TC7 Tử số, TC7 Mẫu số.
VALUE_1, NUM_7, DEN_7 = "Z", "AA", "AB"


def _result(number: int, ward: str = "16663") -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__code=ward, assessment__year=2023, criterion__number=number
    )


def typed(cells: dict[tuple[str, str], object], data: bytes | None = None) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data or template_bytes()))
    sheet = book["Tiêu chí"]
    for (code, column), value in cells.items():
        sheet[cell_of(sheet, code, column)] = value
    return workbook_bytes(book)


def long_csv(rows: list[list], header=("Mã phường", "Số tiêu chí", "Tử số", "Mẫu số", "Giá trị")):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_figures_typed_in_the_template_set_the_status_with_history(officer):
    data = typed({("16663", NUM_7): 7, ("16663", DEN_7): 10, ("16666", VALUE_1): 6})
    result = import_batch_apply(data=data, file_name="nghe-an.xlsx", user=officer)
    assert result.messages() == []
    tc7 = _result(7)
    assert (tc7.status, tc7.numerator, tc7.denominator) == (ResultStatus.NOT_MET, 7, 10)
    assert _result(1, "16666").value == 6 and _result(1, "16666").status == ResultStatus.MET
    history = tc7.history.first()
    assert (history.numerator, history.import_batch_id) == (7, result.batch_id)
    # Exported again, the figures are in the template and left as they are change nothing.
    again = import_batch_apply(data=template_bytes(), file_name="lai.xlsx", user=officer)
    assert again.changes == [] and again.notice


def test_more_cleared_than_occurred_is_refused_at_its_cell_and_nothing_is_written(officer):
    data = typed({("16663", NUM_7): 120, ("16663", DEN_7): 100, ("16663", "Y"): "Đạt"})
    result = import_batch_apply(data=data, file_name="nghe-an.xlsx", user=officer)
    [error] = result.cell_errors
    assert error.code == "numerator_above_denominator"
    assert error.message.startswith("nghe-an.xlsx, sheet Tiêu chí, ô AA11: TC7: tử số 120")
    assert error.column == "TC7 Tử số"
    assert _result(7).numerator is None and _result(22).status == ResultStatus.NOT_MET
    assert not ImportBatch.objects.exists()


def test_long_format_reads_figures_instead_of_a_status_and_names_bad_cells(officer):
    data = long_csv(
        [["16663", 7, 8, "", ""], ["16666", 1, "", "", -3], ["16663", 1, "", "", "năm"]]
    )
    result = import_batch_apply(data=data, file_name="so-lieu.csv", user=officer, year=2023)
    assert [(e.code, e.message) for e in result.cell_errors] == [
        (
            "denominator_missing",
            "so-lieu.csv, ô D2: TC7 có tử số nhưng thiếu mẫu số (số vụ xảy ra); hãy ghi mẫu số.",
        ),
        ("negative", "so-lieu.csv, ô E3: TC1: Giá trị không được âm (-3)."),
        (
            "not_a_number",
            "so-lieu.csv, ô E4: 'năm' không phải là một số; hãy ghi số, ví dụ 12 hoặc 12,5.",
        ),
    ]
    good = long_csv([["16663", 7, "8", "10", ""], ["16666", "TC1", "", "", "4"]])
    result = import_batch_apply(data=good, file_name="so-lieu.csv", user=officer, year=2023)
    assert result.messages() == []
    assert (_result(7).status, _result(1, "16666").status) == (ResultStatus.MET, "chua_dat")


def test_a_status_typed_against_its_figures_needs_the_reason_column(officer):
    header = ("Mã phường", "Số tiêu chí", "Kết quả", "Tử số", "Mẫu số", "Lý do")
    data = long_csv([["16663", 7, "Đạt", 7, 10, ""]], header)
    result = import_batch_apply(data=data, file_name="a.csv", user=officer, year=2023)
    [error] = result.cell_errors
    assert error.code == "reason_required" and "a.csv, ô C2: số liệu TC7 (7/10 (70%))" in (
        error.message
    )
    why = "Hai vụ còn lại đã chuyển cơ quan điều tra cấp trên."
    data = long_csv([["16663", 7, "Đạt", 7, 10, why]], header)
    result = import_batch_apply(data=data, file_name="a.csv", user=officer, year=2023)
    assert result.messages() == []
    tc7 = _result(7)
    assert (tc7.status, tc7.numerator, tc7.status_reason) == (ResultStatus.MET, 7, why)
    assert tc7.history.first().status_reason == why


def test_a_figure_changed_in_the_app_since_the_export_is_a_conflict(officer, national_admin):
    result = _result(7)
    criterion_result_set_status(
        result=result, user=officer, figures=Figures(Decimal(9), Decimal(10))
    )
    exported = template_bytes()
    criterion_result_set_status(
        result=result, user=national_admin, figures=Figures(Decimal(8), Decimal(10))
    )
    # Left as exported: no entry, the app's 8/10 stays.
    untouched = typed({("16663", "Y"): "Đạt"}, exported)
    outcome = import_batch_apply(data=untouched, file_name="a.xlsx", user=officer)
    assert outcome.messages() == [] and _result(7).numerator == 8
    # Changed in the file too: a conflict, refused unless someone chooses.
    changed = typed({("16663", NUM_7): 6}, exported)
    outcome = import_batch_apply(data=changed, file_name="b.xlsx", user=officer)
    assert [c.criterion_number for c in outcome.conflicts] == [7]
    assert outcome.sheet_errors[0].code == "conflicts" and _result(7).numerator == 8
    outcome = import_batch_apply(data=changed, file_name="b.xlsx", user=officer, on_conflict="file")
    assert outcome.messages() == []
    assert (_result(7).numerator, _result(7).status) == (6, ResultStatus.NOT_MET)


def test_a_rule_between_criteria_is_refused_at_import(officer):
    serious_cases_within_all_cases()
    data = long_csv([["16663", 7, 5, 10, ""], ["16663", 8, 6, 6, ""]])
    result = import_batch_apply(data=data, file_name="r.csv", user=officer, year=2023)
    [error] = result.cell_errors
    assert error.code == "figure_rule"
    assert "TC8 Tử số (6) phải ≤ TC7 Tử số (5)" in error.message
    assert _result(8).numerator is None


def test_revert_puts_the_figures_back(officer):
    criterion_result_set_status(
        result=_result(7), user=officer, figures=Figures(Decimal(9), Decimal(10))
    )
    data = typed({("16663", NUM_7): 7})
    result = import_batch_apply(data=data, file_name="a.xlsx", user=officer)
    assert (_result(7).numerator, _result(7).status) == (7, ResultStatus.NOT_MET)
    import_batch_revert(batch=ImportBatch.objects.get(pk=result.batch_id), user=officer)
    assert (_result(7).numerator, _result(7).status) == (9, ResultStatus.MET)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_figures_typed_in_a_template_saved_by_libreoffice(officer, tmp_path, kind):
    if SOFFICE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice is missing")
        pytest.skip("soffice (LibreOffice) is not installed")
    source = tmp_path / "source" / "nghe-an.xlsx"
    source.parent.mkdir()
    source.write_bytes(
        typed({("16663", NUM_7): 7, ("16663", DEN_7): 10, ("16666", VALUE_1): "6,5"})
    )
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            kind,
            "--outdir",
            str(tmp_path / kind),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (tmp_path / kind / f"nghe-an.{kind}").read_bytes()
    result = import_batch_apply(data=data, file_name=f"nghe-an.{kind}", user=officer)
    assert result.messages() == []
    assert sorted(
        (c.ward_code, c.criterion_number, c.new_status, c.new_figures) for c in result.changes
    ) == [
        ("16663", 7, "chua_dat", Figures(Decimal(7), Decimal(10))),
        ("16666", 1, "dat", Figures(value=Decimal("6.5"))),
    ]
    assert _result(1, "16666").value == Decimal("6.5")
