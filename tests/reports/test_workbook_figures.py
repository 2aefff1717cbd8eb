"""The measured criteria's figures in the report workbooks (issue "Criteria measured by
numbers", point 5): each ward's figures in the province's, each criterion's distribution in
the national one, every text kept a text."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tracker.assessments.models import CriterionResult
from tracker.units.models import Ward

pytestmark = pytest.mark.usefixtures("nghe_an_2023")


def _wards(count: int) -> list[str]:
    return list(
        CriterionResult.objects.filter(assessment__year=2023, criterion__number=7)
        .order_by("assessment__ward__code")
        .values_list("assessment__ward__code", flat=True)[:count]
    )


def _set_clearance(figures: dict[str, tuple[int, int]]) -> None:
    for code, (n, d) in figures.items():
        CriterionResult.objects.filter(
            assessment__ward__code=code, assessment__year=2023, criterion__number=7
        ).update(numerator=n, denominator=d)


def _book(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def test_province_workbook_has_a_row_per_ward_and_measured_criterion(reader_client):
    a, b, c = _wards(3)
    _set_clearance({a: (9, 10), b: (7, 10), c: (17, 20)})
    CriterionResult.objects.filter(
        assessment__ward__code=a, assessment__year=2023, criterion__number=1
    ).update(value=6)
    book = _book(reader_client, "/tinh/40/bao-cao.xlsx?year=2023")
    sheet = book["Số liệu"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header == (
        "Mã",
        "Phường",
        "Tiêu chí",
        "Tên tiêu chí",
        "Tử số",
        "Mẫu số",
        "Giá trị",
        "Tỉ lệ (%)",
        "Ngưỡng",
        "Đạt",
    )
    rows = {(r[0], r[2]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {(a, "TC1"), (a, "TC7"), (b, "TC7"), (c, "TC7")}
    name = Ward.objects.get(code=a, edition__code="2023").name
    assert rows[a, "TC7"] == (
        a,
        name,
        "TC7",
        "Phòng chống tội phạm",
        9,
        10,
        None,
        90,
        "≥ 80%",
        "Đạt",
    )
    assert rows[b, "TC7"][4:] == (7, 10, None, 70, "≥ 80%", "Chưa đạt")
    assert Decimal(str(rows[c, "TC7"][7])) == Decimal("85")
    assert rows[a, "TC1"][4:8] == (None, None, 6, None)
    assert rows[a, "TC1"][8].startswith("≥ 5") and rows[a, "TC1"][9] == "Đạt"


def test_overview_workbook_has_a_row_per_measured_criterion(reader_client):
    codes = _wards(8)
    _set_clearance({x: (85 + i, 100) for i, x in enumerate(codes[:7])} | {codes[7]: (20, 100)})
    book = _book(reader_client, "/toan-quoc.xlsx?year=2023")
    sheet = book["Số liệu tiêu chí"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"TC1", "TC7"}
    tc7 = rows["TC7"]
    assert tc7[1:4] == ("Phòng chống tội phạm", "≥ 80%", 8)
    assert [Decimal(str(q)) for q in tc7[4:9]] == [
        Decimal("20"),
        Decimal("85.8"),
        Decimal("87.5"),
        Decimal("89.2"),
        Decimal("91"),
    ]
    assert tc7[9:] == (1, 1)  # one ward below 80%, the same one far from the median
    assert rows["TC1"][3:] == (0, None, None, None, None, None, 0, 0)
    # The chart sheet stays after every worksheet.
    assert book.sheetnames[-1] == "Biểu đồ"


def test_a_ward_name_like_a_formula_is_written_as_text(reader_client):
    (code,) = _wards(1)
    _set_clearance({code: (9, 10)})
    Ward.objects.filter(code=code, edition__code="2023").update(name='=HYPERLINK("x","y")')
    sheet = _book(reader_client, "/tinh/40/bao-cao.xlsx?year=2023")["Số liệu"]
    (cell,) = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == code]
    assert cell.value == '=HYPERLINK("x","y")'
    assert cell.data_type == "s" and cell.quotePrefix
