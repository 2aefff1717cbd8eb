"""Cells calamine reads as empty: error values and formulas never computed, in every format."""

import io

import openpyxl
import pytest
import xlwt

from tests.imports.workbooks import ods_bytes, workbook_bytes
from tracker.imports.services import import_batch_apply

HEADER = ["Mã phường", "TC1", "TC2"]
NEVER_COMPUTED = (
    "ô có công thức nhưng chưa có kết quả được lưu; hãy mở tệp bằng chương trình bảng tính, "
    "lưu lại rồi tải lên lại."
)


def refusals(data: bytes, name: str) -> list[str]:
    result = import_batch_apply(data=data, file_name=name, user=None, year=2023, dry_run=True)
    return result.messages()


def xls_with_error() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Tiêu chí")
    for column, value in enumerate(HEADER):
        sheet.write(0, column, value)
    sheet.write(1, 0, "16663")
    sheet.write(1, 1, "Đạt")
    sheet.row(1).set_cell_error(2, 0x2A)  # #N/A
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_with_error() -> bytes:
    error = (
        '<table:table-cell table:formula="of:=NA()" office:value-type="string" '
        'office:string-value="" calcext:value-type="error"><text:p>#N/A</text:p>'
        "</table:table-cell>"
    )
    return ods_bytes([HEADER, ["16663", "Đạt", error]])


def xlsx_with_error() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Tiêu chí"
    book.active.append(HEADER)
    book.active.append(["16663", "Đạt", "#N/A"])
    book.active["C2"].data_type = "e"
    return workbook_bytes(book)


@pytest.mark.parametrize(
    ("name", "build"),
    [("a.xls", xls_with_error), ("a.ods", ods_with_error), ("a.xlsx", xlsx_with_error)],
)
def test_an_error_value_is_an_error_at_its_cell_in_every_format(nghe_an_2023, name, build):
    """Defect: .xls and .ods skipped #N/A silently, while .xlsx refused it."""
    assert refusals(build(), name) == [
        f"{name}, sheet Tiêu chí, ô C2: ô báo lỗi #N/A của công thức; hãy sửa công thức "
        "hoặc ghi trạng thái vào ô.",
    ]


def test_a_formula_without_a_stored_result_asks_to_save_the_file_first(nghe_an_2023):
    """Defect: openpyxl writes formulas with no value; the cell was skipped as empty."""
    book = openpyxl.Workbook()
    book.active.title = "Tiêu chí"
    book.active.append(HEADER)
    book.active.append(["16663", "Đạt", '=IF(B2="Đạt","Đạt","Chưa đạt")'])
    assert refusals(workbook_bytes(book), "a.xlsx") == [
        f"a.xlsx, sheet Tiêu chí, ô C2: {NEVER_COMPUTED}"
    ]
    formula = '<table:table-cell table:formula="of:=[.B2]"/>'
    assert refusals(ods_bytes([HEADER, ["16663", "Đạt", formula]]), "a.ods") == [
        f"a.ods, sheet Tiêu chí, ô C2: {NEVER_COMPUTED}"
    ]
