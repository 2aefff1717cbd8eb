"""Every data sheet of a workbook is read, and the long format's Năm column is too."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.imports.services import import_batch_apply


def plan(data: bytes, name="nghe-an.xlsx", **kwargs):
    return import_batch_apply(data=data, file_name=name, user=None, dry_run=True, **kwargs)


def with_copy(original: dict, copy: dict) -> bytes:
    """The template with a copy of its data sheet, named as a spreadsheet program names one."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    sheet = book["Tiêu chí"]
    duplicate = book.copy_worksheet(sheet)
    duplicate.title = "Tiêu chí (2)"
    for cell, value in original.items():
        sheet[cell] = value
    for cell, value in copy.items():
        duplicate[cell] = value
    book.create_sheet("Ghi chép").append(["Gọi lại cho phường Hưng Bình"])
    return workbook_bytes(book)


def test_a_filled_copy_of_the_data_sheet_is_read(nghe_an_2023):
    """Defect: the copy was ignored and the original, left as exported, changed nothing."""
    result = plan(with_copy({}, {"Y11": "Đạt"}))
    assert result.messages() == []
    assert [(c.ward_code, c.criterion_number, c.new_status) for c in result.changes] == [
        ("16663", 22, "dat")
    ]
    assert result.sheets_read == ["Tiêu chí", "Tiêu chí (2)"]
    assert result.sheets_skipped == [("Ghi chép", "không có dòng tiêu đề trong 50 dòng đầu")]


def test_copies_that_agree_are_one_entry(nghe_an_2023):
    result = plan(with_copy({"Y11": "Đạt"}, {"Y11": "Đạt"}))
    assert (result.messages(), len(result.changes)) == ([], 1)


def test_copies_that_disagree_are_one_error_naming_both_cells(nghe_an_2023):
    result = plan(with_copy({"Y11": "Đang thực hiện"}, {"Y11": "Đạt"}))
    assert result.messages() == [
        "nghe-an.xlsx, sheet Tiêu chí (2), ô Y11: Phường Đông Vĩnh, tiêu chí 22 ghi 'Đạt', "
        "nhưng nghe-an.xlsx, sheet Tiêu chí, ô Y11 ghi khác."
    ]


LONG = "Mã phường,Năm,Số tiêu chí,Kết quả\n16663,{0},22,Đạt\n16666,{1},5,Đạt\n"


def test_a_row_of_another_year_is_an_error_at_its_cell(nghe_an_2023):
    """Defect: 2024 rows imported with --year 2023 were written into 2023."""
    result = plan(LONG.format(2023, 2024).encode(), "dai.csv", year=2023)
    assert result.messages() == [
        "dai.csv, ô B3: dòng này ghi năm '2024', không phải năm 2023 của lần nhập."
    ]


def test_without_a_year_the_column_gives_it_when_every_row_agrees(nghe_an_2023):
    """Defect: such a file was refused as having no year."""
    result = plan(LONG.format(2023, 2023).encode(), "dai.csv")
    assert (result.messages(), result.year, len(result.changes) + result.unchanged) == (
        [],
        2023,
        2,
    )
    refused = plan(LONG.format(2023, 2024).encode(), "dai.csv")
    assert refused.messages() == [
        "dai.csv: cột Năm ghi nhiều năm (2023: 1 dòng, 2024: 1 dòng); hãy chọn năm khi nhập "
        "hoặc tách tệp theo năm."
    ]


def test_the_preview_page_says_which_sheets_were_read_and_which_rows_left_out(
    nghe_an_2023, officer, client
):
    book = openpyxl.load_workbook(io.BytesIO(with_copy({}, {"Y11": "Đạt"})))
    book["Tiêu chí (2)"]["A30"] = "Người lập biểu"
    client.force_login(officer)
    page = client.post(
        "/nhap-lieu/",
        {"file": SimpleUploadedFile("nghe-an.xlsx", workbook_bytes(book)), "province": ""},
    ).content.decode()
    assert "Đã đọc sheet: Tiêu chí, Tiêu chí (2)." in page
    assert "Không đọc sheet Ghi chép: không có dòng tiêu đề trong 50 dòng đầu." in page
    assert "sheet Tiêu chí (2), dòng 30: phần ký tên dưới bảng, không đọc." in page
