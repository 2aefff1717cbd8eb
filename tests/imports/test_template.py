import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from tests.imports.workbooks import template_bytes
from tracker.imports.template import template_build, template_scope
from tracker.units.models import Ward


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def book(nghe_an_2023):
    return load(template_bytes())


def test_sheets_and_header(book):
    assert book.sheetnames == ["Tiêu chí", "Danh mục tiêu chí", "Hướng dẫn", "_meta"]
    ws = book["Tiêu chí"]
    header = [c.value for c in ws[7]]
    assert header[:4] == ["Mã phường", "Tên phường", "Trạng thái", "TC1"]
    # No Ghi chú column: the matrix never imported it (notes come in through the long format).
    assert header[24] == "TC22"
    # Then the figures of the measured criteria.
    assert header[25:] == ["TC1 Giá trị", "TC7 Tử số", "TC7 Mẫu số"]
    assert "số cán bộ Công an chính quy" in ws["Z7"].comment.text
    assert ws["D7"].comment.text.startswith("TC1. ")
    assert ws["A2"].value == "Đơn vị: Tỉnh Nghệ An (mã 40)"
    assert ws["A3"].value == "Năm: 2023"
    assert ws.freeze_panes == "D8"
    assert ws.column_dimensions["B"].width >= 20


def test_one_row_per_registered_ward_with_its_statuses(book):
    ws = book["Tiêu chí"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=8)]
    assert len(rows) == 16
    dong_vinh = next(row for row in rows if row[0] == "16663")
    assert dong_vinh[:4] == ["16663", "Phường Đông Vĩnh", "Đang xây dựng", "Đạt"]
    assert dong_vinh[24] == "Chưa đạt"  # TC22


def test_all_wards_adds_unregistered_phuong(nghe_an_2023):
    ws = load(template_bytes(all_wards=True))["Tiêu chí"]
    rows = list(ws.iter_rows(min_row=8, values_only=True))
    assert len(rows) == Ward.objects.filter(province__code="40", kind="phuong").count() > 16
    assert sum(row[2] == "Chưa đăng ký" for row in rows) == len(rows) - 16


def test_status_cells_have_a_dropdown_of_the_four_statuses(book):
    ws = book["Tiêu chí"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"Chưa đánh giá,Đang thực hiện,Đạt,Chưa đạt"'
    assert validation.showErrorMessage
    assert str(validation.sqref) == "D8:Y23"


def test_meta_sheet_is_hidden_and_names_province_year_and_set(book):
    ws = book["_meta"]
    assert ws.sheet_state == "hidden"
    rows = list(ws.iter_rows(values_only=True))
    assert {row[0]: row[1] for row in rows[:6]} == {
        "template_version": "1",
        "province_code": "40",
        "year": 2023,
        "map_edition": "2023",
        "criteria_set_code": "CAP-DHKM",
        "criteria_set_version": "2023-tt",
    }
    # Then what each result was exported with: its version and status, per ward and criterion.
    assert rows[6][:2] == ("exported", " ".join(str(n) for n in range(1, 23)))
    by_ward = {row[0]: row[1:] for row in rows[7:]}
    # And the figures of its measured criteria: none recorded yet.
    assert by_ward["16663"] == (" ".join(["0:d"] * 21 + ["0:c"]), "-")
    assert len(rows) == 7 + 16


def test_criteria_and_guide_sheets(book):
    criteria = list(book["Danh mục tiêu chí"].iter_rows(values_only=True))
    assert criteria[0] == ("Số", "Tên ngắn", "Nhóm", "Nội dung", "Đơn vị chịu trách nhiệm")
    assert [row[0] for row in criteria[1:]] == list(range(1, 23))
    guide = [row[0] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert any(line and "✓" in line and "Đạt" in line for line in guide)
    assert any(line and "Hoàn thành" in line and "Đã đạt" in line for line in guide)


def test_text_starting_like_a_formula_is_written_as_text(nghe_an_2023):
    Ward.objects.filter(code="16663").update(name='=HYPERLINK("http://x")')
    ws = load(template_bytes())["Tiêu chí"]
    name = next(row[1] for row in ws.iter_rows(min_row=8) if row[0].value == "16663")
    assert name.data_type == "s"
    assert name.quotePrefix
    assert name.value == '=HYPERLINK("http://x")'


def test_command_writes_the_file(nghe_an_2023, tmp_path):
    target = tmp_path / "nghe-an.xlsx"
    call_command(
        "export_workbook",
        "--province",
        "40",
        "--year",
        "2023",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    sheet = load(target.read_bytes())["Tiêu chí"]
    assert "16663" in [code for (code,) in sheet.iter_rows(min_row=8, max_col=1, values_only=True)]


def test_template_is_vietnamese_whatever_the_page_language(nghe_an_2023):
    with translation.override("en"):
        book = template_build(scope=template_scope(year=2023, province_code="40"))
    path = io.BytesIO()
    book.save(path)
    sheet = openpyxl.load_workbook(path)["Tiêu chí"]
    values = {c.value for row in sheet.iter_rows(max_row=10) for c in row}
    assert {"Mã phường", "Tên phường", "Trạng thái"} <= values
