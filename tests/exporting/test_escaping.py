"""Texts that start like a formula (=, +, -, @, tab, CR) stay texts in every export.

A spreadsheet program takes a cell starting with any of them for a formula,
also when someone merely edits the cell (F2, Enter). The workbooks (the
locality template, the report workbooks) write such a text as a string cell
with Excel's leading apostrophe (quotePrefix), and never as a formula (data
type "f").

A tiny data set of its own (one province, a few wards, three criteria) keeps
these tests fast: no map or fixture files are loaded.
"""

import datetime
import io

import openpyxl
import pytest

from tracker.exporting.template import template_build, template_scope
from tracker.models import (
    CriteriaSet,
    Criterion,
    District,
    MapEdition,
    Province,
    ResultStatus,
    Role,
    Ward,
    WardKind,
)
from tracker.services.assessments import assessment_register

# One text per start a spreadsheet program reads as a formula, and a real-looking one.
FORMULA_LIKE = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://x.example","Bấm vào đây")',
]
IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return", "hyperlink"]
DATA_SHEET = "Tiêu chí"
CRITERIA_SHEET = "Danh mục tiêu chí"
FIRST_WARD_ROW = 8  # below the title block and the header row


@pytest.fixture
def nghe_an(db):
    """Nghệ An on the 2023 map with one registered phường, and a three-criterion set."""
    edition = MapEdition.objects.create(
        code="2023", name="Bản đồ 2023", effective_from=datetime.date(2023, 1, 1)
    )
    province = Province.objects.create(edition=edition, code="40", name="Tỉnh Nghệ An", kind="tinh")
    district = District.objects.create(
        edition=edition, province=province, code="412", name="Thành phố Vinh", kind="thanh_pho"
    )
    criteria_set = CriteriaSet.objects.create(
        code="CAP-DHKM", version="t", name="Bộ tiêu chí thử", year_in_force=2023
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=criteria_set,
            number=n,
            short_title=f"Tiêu chí {n}",
            full_text=f"Nội dung tiêu chí {n}",
            group="Nhóm",
            responsible_party="Công an phường",
        )
        for n in (1, 2, 3)
    )
    ward = Ward.objects.create(
        edition=edition,
        province=province,
        district=district,
        code="16663",
        name="Phường Đông Vĩnh",
        kind=WardKind.WARD,
    )
    assessment_register(
        ward=ward,
        year=2023,
        criteria_set=criteria_set,
        user=None,
        statuses={1: ResultStatus.MET, 2: ResultStatus.NOT_MET},
    )
    return province


def _template(province_code: str | None = "40") -> openpyxl.Workbook:
    out = io.BytesIO()
    template_build(scope=template_scope(year=2023, province_code=province_code)).save(out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def assert_kept_as_text(cell, text: str) -> None:
    assert cell.data_type == "s", f"{cell.coordinate} is a formula: {cell.value!r}"
    # As written: no apostrophe added to the text itself. openpyxl writes a CR as
    # it is, and XML reads every line end back as LF.
    assert cell.value == text.replace("\r", "\n")
    assert cell.quotePrefix, f"{cell.coordinate} {text!r} would turn into a formula on editing"


@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_ward_name_starting_like_a_formula_is_text_in_the_province_template(nghe_an, text):
    Ward.objects.filter(code="16663").update(name=text)
    ws = _template()[DATA_SHEET]
    assert ws[f"A{FIRST_WARD_ROW}"].value == "16663"
    assert_kept_as_text(ws[f"B{FIRST_WARD_ROW}"], text)
    # The rest of the row is unchanged: the ward's statuses still read as before.
    assert ws[f"D{FIRST_WARD_ROW}"].value == "Đạt"
    assert ws[f"E{FIRST_WARD_ROW}"].value == "Chưa đạt"


@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_unit_names_starting_like_a_formula_are_text_in_the_national_template(nghe_an, text):
    Province.objects.filter(code="40").update(name=text)
    Ward.objects.filter(code="16663").update(name=text)
    ws = _template(province_code=None)[DATA_SHEET]
    header = [c.value for c in ws[FIRST_WARD_ROW - 1]]
    assert header[:3] == ["Mã phường", "Tên phường", "Tỉnh"]
    assert ws[f"A{FIRST_WARD_ROW}"].value == "16663"
    assert_kept_as_text(ws[f"B{FIRST_WARD_ROW}"], text)
    assert_kept_as_text(ws[f"C{FIRST_WARD_ROW}"], text)


@pytest.mark.parametrize("province_code", ["40", None], ids=["province", "national"])
@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_criterion_texts_starting_like_a_formula_are_text_in_the_criteria_sheet(
    nghe_an, text, province_code
):
    Criterion.objects.filter(number=2).update(
        short_title=text, full_text=text, group=text, responsible_party=text
    )
    ws = _template(province_code)[CRITERIA_SHEET]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == 2)
    for cell in row[1:]:  # Tên ngắn, Nhóm, Nội dung, Đơn vị chịu trách nhiệm
        assert_kept_as_text(cell, text)


def test_template_downloaded_from_the_province_page_keeps_formula_like_names_as_text(
    client, nghe_an, account
):
    """The same, through the button a provincial officer clicks on the province page."""
    Ward.objects.filter(code="16663").update(name="+84 912 345 678")
    client.force_login(account("canbo", Role.PROVINCE, province="40"))
    response = client.get("/tinh/40/mau-nhap-lieu.xlsx?year=2023")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content))[DATA_SHEET]
    assert_kept_as_text(ws[f"B{FIRST_WARD_ROW}"], "+84 912 345 678")


def test_ordinary_texts_get_no_apostrophe(nghe_an):
    """Only the four formula starts are marked: a ward name like any other stays plain."""
    ws = _template()[DATA_SHEET]
    cell = ws[f"B{FIRST_WARD_ROW}"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", "Phường Đông Vĩnh", False)


@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_ward_name_starting_like_a_formula_is_text_in_the_province_report_workbook(
    client, nghe_an, account, text
):
    Ward.objects.filter(code="16663").update(name=text)
    client.force_login(account("canbo", Role.PROVINCE, province="40"))
    response = client.get("/tinh/40/bao-cao.xlsx?year=2023")
    assert response.status_code == 200
    matrix = openpyxl.load_workbook(io.BytesIO(response.content))["Ma trận"]
    assert matrix["A2"].value == "16663"
    assert_kept_as_text(matrix["B2"], text)


@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_criterion_title_and_province_name_are_text_in_the_province_report_workbook(
    client, nghe_an, account, text
):
    Criterion.objects.filter(number=2).update(short_title=text)
    Province.objects.filter(code="40").update(name=text)
    client.force_login(account("canbo", Role.PROVINCE, province="40"))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/tinh/40/bao-cao.xlsx?year=2023").content))
    # The title: the province's name first, then the year.
    title = book["Tổng hợp"]["A1"]
    assert_kept_as_text(title, f"{text} – năm 2023")
    by_criterion = book["Theo tiêu chí"]
    row = next(r for r in by_criterion.iter_rows(min_row=2) if r[0].value == "TC2")
    assert_kept_as_text(row[1], text)


@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_province_name_starting_like_a_formula_is_text_in_the_national_report_workbook(
    client, nghe_an, account, text
):
    Province.objects.filter(code="40").update(name=text)
    client.force_login(account("bo", Role.NATIONAL))
    response = client.get("/toan-quoc.xlsx?year=2023")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "40")
    assert_kept_as_text(row[1], text)
    assert isinstance(row[2].value, int)  # the figures are still numbers


def test_ordinary_texts_stay_plain_in_the_report_workbooks(client, nghe_an, account):
    client.force_login(account("canbo", Role.PROVINCE, province="40"))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/tinh/40/bao-cao.xlsx?year=2023").content))
    cell = book["Ma trận"]["B2"]
    assert (cell.data_type, cell.value, cell.quotePrefix) == ("s", "Phường Đông Vĩnh", False)
