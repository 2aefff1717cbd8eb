"""Texts that start like a formula (=, +, -, @, tab, CR) stay texts in every export.

A spreadsheet program takes a cell starting with any of them for a formula,
also when someone merely edits the cell (F2, Enter). The workbooks (the
locality template, the report workbooks, the admin's xlsx) write such a text as
a string cell with Excel's leading apostrophe (quotePrefix), and never as a
formula (data type "f"); the admin's CSV and TSV put a leading apostrophe in the
text itself, as plain text can say nothing else.

A tiny data set of its own (one province, a few wards, three criteria) keeps
these tests fast: no map or fixture files are loaded.
"""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from import_export.forms import SelectableFieldsExportForm

from tracker.accounts.models import Role
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.imports.services import import_batch_apply
from tracker.imports.template import template_build, template_scope
from tracker.spreadsheets.resources import (
    CriteriaSetResource,
    CriterionResource,
    CriterionResultResource,
    DistrictResource,
    ProvinceResource,
    WardResource,
)
from tracker.units.models import District, MapEdition, Province, Ward, WardKind

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
    # As written: no apostrophe added to the text itself. openpyxl writes through lxml
    # (installed with python-docx), which keeps a CR as a character reference, so even
    # a CR reads back as it was typed.
    assert cell.value == text
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


# The admin's exports (django-import-export), in each format it offers.
SPREADSHEETS = ["csv", "tsv", "xlsx"]


def _admin_export_file(client, model, resource, file_format: str) -> bytes:
    """Every row of `model` exported from its admin page, every field chosen."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(url).context["form"]
    index = next(i for i, title in form.fields["format"].choices if title == file_format)
    data = {"format": index, "resource": 0}
    for field in resource().get_export_order():
        data[SelectableFieldsExportForm.create_boolean_field_name(resource, field)] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    return response.content


def _admin_export(client, model, resource, file_format: str) -> list[list]:
    """The admin's export of `model`, read back as rows."""
    content = _admin_export_file(client, model, resource, file_format)
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [list(row) for row in sheet.iter_rows()]  # cells, to see their types
    text = content.decode("utf-8")
    if file_format == "json":
        return json.loads(text)
    return list(
        csv.reader(io.StringIO(text, newline=""), delimiter="," if file_format == "csv" else "\t")
    )


def _value(cell):
    """What a cell of an exported row holds: an xlsx cell's value, or the text itself."""
    return getattr(cell, "value", cell)


def assert_export_keeps_text(value, text: str, file_format: str) -> None:
    if file_format == "xlsx":
        assert_kept_as_text(value, text)
    else:
        assert value == f"'{text}", f"{value!r}: a spreadsheet program would run it"


@pytest.fixture
def admin_client(client, national_admin, nghe_an):
    client.force_login(national_admin)
    return client


@pytest.mark.parametrize("file_format", SPREADSHEETS)
@pytest.mark.parametrize("text", FORMULA_LIKE, ids=IDS)
def test_ward_name_and_note_are_text_in_the_admin_results_export(admin_client, text, file_format):
    Ward.objects.filter(code="16663").update(name=text)
    CriterionResult.objects.filter(criterion__number=1).update(note=text)
    rows = _admin_export(admin_client, CriterionResult, CriterionResultResource, file_format)
    header = [_value(c) for c in rows[0]]
    assert header == ["Mã phường", "Tên phường", "Năm", "Số tiêu chí", "Kết quả", "Ghi chú"]
    assert len(rows) == 4  # the header and the ward's three criteria
    for row in rows[1:]:
        assert_export_keeps_text(row[1], text, file_format)
    first = next(r for r in rows[1:] if str(_value(r[3])) == "1")
    assert_export_keeps_text(first[5], text, file_format)


# The ward and criterion exports with every text; the other reference exports take the
# same path (TextKeepingExportMixin), so one text shows that they are on it.
REFERENCE_EXPORTS = {
    "ward": (Ward, WardResource, "name", "Tên"),
    "criterion": (Criterion, CriterionResource, "short_title", "Tên ngắn"),
    "province": (Province, ProvinceResource, "name", "Tên"),
    "district": (District, DistrictResource, "name", "Tên"),
    "criteria-set": (CriteriaSet, CriteriaSetResource, "name", "Tên"),
}


def _reference_cases():
    for name, case in REFERENCE_EXPORTS.items():
        every = name in ("ward", "criterion")
        texts = zip(FORMULA_LIKE, IDS, strict=True) if every else [("=1+1", "equals")]
        for text, text_id in texts:
            yield pytest.param(*case, text, id=f"{name}-{text_id}")


@pytest.mark.parametrize("file_format", SPREADSHEETS)
@pytest.mark.parametrize(("model", "resource", "field", "column", "text"), list(_reference_cases()))
def test_names_and_titles_are_text_in_the_admin_reference_exports(
    admin_client, model, resource, field, column, text, file_format
):
    model.objects.update(**{field: text})
    rows = _admin_export(admin_client, model, resource, file_format)
    at = [_value(c) for c in rows[0]].index(column)
    assert len(rows) == 1 + model.objects.count()
    for row in rows[1:]:
        assert_export_keeps_text(row[at], text, file_format)


@pytest.mark.parametrize("file_format", SPREADSHEETS)
def test_ordinary_texts_and_numbers_are_unchanged_in_the_admin_exports(admin_client, file_format):
    Criterion.objects.filter(number=2).update(short_title="Tiêu chí (=, +, -, @ ở giữa)")
    rows = _admin_export(admin_client, Criterion, CriterionResource, file_format)
    row = next(r for r in rows[1:] if str(_value(r[2])) == "2")
    assert _value(row[3]) == "Tiêu chí (=, +, -, @ ở giữa)"
    if file_format == "xlsx":
        assert row[2].data_type == "n" and not row[3].quotePrefix  # a number stays a number


def test_the_admin_offers_no_other_spreadsheet_format(admin_client):
    """xls and ods need libraries the project does not install; json and html are no sheets."""
    form = admin_client.get(reverse("admin:tracker_criterionresult_export")).context["form"]
    titles = [title for value, title in form.fields["format"].choices if value != ""]
    assert titles == ["csv", "xlsx", "tsv", "json", "html"]


def test_json_export_carries_the_text_as_it_is(admin_client):
    """Not a spreadsheet: no apostrophe, the note as written."""
    CriterionResult.objects.filter(criterion__number=1).update(note="=1+1")
    rows = _admin_export(admin_client, CriterionResult, CriterionResultResource, "json")
    assert "=1+1" in [row["Ghi chú"] for row in rows]


@pytest.mark.parametrize("file_format", SPREADSHEETS)
def test_results_exported_from_the_admin_import_back_unchanged(
    admin_client, national_admin, file_format
):
    """The long format reads back: the apostrophe a CSV or TSV puts before "- ..." is dropped."""
    CriterionResult.objects.filter(criterion__number=1).update(note="- Đã có quyết định")
    CriterionResult.objects.filter(criterion__number=2).update(note="=1+1")
    exported = _admin_export_file(
        admin_client, CriterionResult, CriterionResultResource, file_format
    )
    if file_format == "tsv":  # the importer reads CSV with any of , ; or tab
        file_format = "csv"
    result = import_batch_apply(
        data=exported,
        file_name=f"ket-qua.{file_format}",
        user=national_admin,
        year=2023,
        dry_run=True,
    )
    assert result.messages() == []
    assert (result.changed, result.unchanged) == (0, 3)
