"""Every sheet of the locality template and the report workbooks prints on A4."""

import io

import openpyxl
import pytest

from tests.imports.workbooks import template_bytes

A4 = "9"
LANDSCAPE = {
    "Tiêu chí",
    "Danh mục tiêu chí",
    "Toàn quốc",
    "Ma trận",
    "Đơn vị cũ",
    # The measured criteria's figures: ten columns.
    "Số liệu",
    "Số liệu tiêu chí",
}
# The row printed again at the top of every page, per sheet.
TITLE_ROWS = {
    "Tiêu chí": "$7:$7",
    "Danh mục tiêu chí": "$1:$1",
    "Toàn quốc": "$4:$4",
    "Theo tiêu chí": "$1:$1",
    "Ma trận": "$1:$1",
    "Số liệu": "$1:$1",
    "Số liệu tiêu chí": "$1:$1",
}


def _load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _check_worksheet(sheet) -> None:
    setup = sheet.page_setup
    assert str(setup.paperSize) == A4, sheet.title
    assert setup.orientation == ("landscape" if sheet.title in LANDSCAPE else "portrait")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    if sheet.title in TITLE_ROWS:
        assert sheet.print_title_rows == TITLE_ROWS[sheet.title], sheet.title
    for row in sheet.iter_rows():
        for cell in row:
            styled = cell.font.b or cell.fill.fill_type or cell.alignment.wrap_text
            if cell.value is not None and styled:
                assert cell.font.name == "Times New Roman", (sheet.title, cell.coordinate)


def _check_chart_sheet(chart_sheet) -> None:
    # A chart alone on its sheet fills one printed page: never cut in two.
    assert len(chart_sheet._charts) == 1
    assert str(chart_sheet.pageSetup.paperSize) == A4
    assert "&P" in chart_sheet.HeaderFooter.oddFooter.center.text


def _check(book) -> None:
    for sheet in book.worksheets:
        _check_worksheet(sheet)
    for chart_sheet in book.chartsheets:
        _check_chart_sheet(chart_sheet)


@pytest.mark.parametrize("province", ["40", None])
def test_locality_template_prints(nghe_an_2023, province):
    book = _load(template_bytes(province=province))
    _check(book)
    title = book["Tiêu chí"]["A1"]
    assert title.value.startswith("THEO DÕI KẾT QUẢ")
    assert (title.font.name, title.font.b) == ("Times New Roman", True)
    assert book["Hướng dẫn"]["A1"].font.name == "Times New Roman"


def test_report_workbooks_print(reader_client, nghe_an_2023):
    province = _load(reader_client.get("/tinh/40/bao-cao.xlsx?year=2023").content)
    _check(province)
    assert [s.title for s in province.chartsheets] == ["Biểu đồ tiêu chí"]
    assert province["Tổng hợp"]["A1"].font.name == "Times New Roman"
    matrix = province["Ma trận"]
    assert matrix["D2"].fill.fill_type == "solid" and matrix["D2"].font.name == "Times New Roman"

    overview = _load(reader_client.get("/toan-quoc.xlsx?year=2023").content)
    _check(overview)
    assert [s.title for s in overview.chartsheets] == ["Biểu đồ"]
    assert overview["Toàn quốc"]["A1"].font.name == "Times New Roman"
    assert not overview["Toàn quốc"]._charts  # not beside the table, where it would be cut


def test_predecessor_sheet_prints(reader_client, nghe_an_both_maps):
    book = _load(reader_client.get("/tinh/40/bao-cao.xlsx?year=2023&map=2025").content)
    assert "Đơn vị cũ" in book.sheetnames
    _check(book)
