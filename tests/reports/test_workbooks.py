"""Report workbooks (tracker/reports/workbooks.py): the page's figures, and a chart."""

from io import BytesIO

from openpyxl import load_workbook


def _workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(BytesIO(response.content))


def test_province_workbook_has_the_page_figures_matrix_and_a_chart(reader_client, nghe_an_2023):
    response = reader_client.get("/tinh/40/bao-cao.xlsx?year=2023")
    assert 'filename="tinh-40-2023.xlsx"' in response["Content-Disposition"]
    book = _workbook(response)
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Số phường"] == 32
    assert summary["Đăng ký"] == 16
    assert summary["Chỉ tiêu của Bộ"] == 1
    assert summary["Đạt đủ tiêu chí"] == 0
    criteria = list(book["Theo tiêu chí"].iter_rows(min_row=2, values_only=True))
    assert criteria[0][0::2] == ("TC22", 0)
    assert criteria[0][3] == 16
    assert all(row[2] == 16 for row in criteria[1:])
    assert len(book["Biểu đồ tiêu chí"]._charts) == 1
    matrix = list(book["Ma trận"].iter_rows(min_row=2, values_only=True))
    assert len(matrix) == 16
    assert {row[2] for row in matrix} == {"21/22"}
    assert {row[-1] for row in matrix} == {"Chưa đạt"}


def test_overview_workbook_has_one_row_per_province_and_the_totals(reader_client, nghe_an_2023):
    book = _workbook(reader_client.get("/toan-quoc.xlsx?year=2023"))
    sheet = book["Toàn quốc"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    nghe_an = next(r for r in rows if r[0] == "40")
    assert nghe_an[2:9] == (32, 16, 0, 0, 1, 50.0, 0.0)
    assert nghe_an[9:11] == ("Đúng tiến độ", "Chậm tiến độ")
    titles = next(sheet.iter_rows(min_row=4, max_row=4, values_only=True))
    assert titles[9:11] == ("Mục tiêu 2025: 30-50%", "Mục tiêu 2030: 100%")
    assert rows[-1][1] == "Cả nước"
    assert len(book["Biểu đồ"]._charts) == 1


def test_pages_link_their_workbook(reader_client, nghe_an_2023):
    overview = reader_client.get("/?year=2023").content
    assert b'href="/toan-quoc.xlsx?year=2023&amp;sort=code"' in overview
    province = reader_client.get("/tinh/40/?year=2023").content
    assert b'href="/tinh/40/bao-cao.xlsx?year=2023"' in province
