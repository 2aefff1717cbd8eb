"""Export, fill in as a locality would, import, export again."""

import csv
import io
import unicodedata

import openpyxl
import xlwt
from django.core.management import call_command

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.accounts.models import AuditEvent
from tracker.assessments.models import CriterionResult
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply
from tracker.text import fold

STATUS_COLUMNS = range(3, 25)  # D..Y in the template


def matrix(data: bytes) -> dict[str, list]:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Tiêu chí"]
    return {row[0]: list(row[3:25]) for row in ws.iter_rows(min_row=8, values_only=True)}


def mangled(template: bytes) -> openpyxl.Workbook:
    """What a locality sends back: moved columns, names instead of codes, NFD, extra rows."""
    rows = list(
        openpyxl.load_workbook(io.BytesIO(template))["Tiêu chí"].iter_rows(values_only=True)
    )
    header, data = rows[6], rows[7:]
    # Name first, then TC22..TC1 reversed, an empty column, code last; no Trạng thái.
    order = [1, *reversed(STATUS_COLUMNS), None, 0]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Báo cáo"
    for line in ["CÔNG AN TỈNH NGHỆ AN", "", "Báo cáo kết quả", None, None, "Kính gửi: ..."]:
        ws.append([line])
    ws.append(["" if i is None else unicodedata.normalize("NFD", header[i]).lower() for i in order])
    for number, row in enumerate(data):
        values = list(row)
        values[24] = unicodedata.normalize("NFD", "Đạt")  # TC22 now met everywhere
        values[3] = [" dat ", "x", "✓", "ĐẠT"][number % 4]
        # Found by name alone, however it is written.
        if number == 1:
            values[0], values[1] = None, values[1].replace("Phường", "P.")
        if number == 2:
            values[0], values[1] = None, fold(values[1].removeprefix("Phường "))
        if number == 3:
            values[0], values[1] = None, values[1].removeprefix("Phường ")
        ws.append([None if i is None else values[i] for i in order])
        if number % 5 == 0:
            ws.append([])
    ws.append(["Người lập biểu"])
    return book


def test_mangled_workbook_round_trips(nghe_an_2023, officer):
    template = template_bytes()
    before = matrix(template)
    result = import_batch_apply(
        data=workbook_bytes(mangled(template)),
        file_name="nghe-an.xlsx",
        user=officer,
        province_code="40",
        year=2023,
    )
    assert result.messages() == []
    assert (result.created, result.changed, result.unchanged) == (0, 16, 16 * 21)
    after = matrix(template_bytes())
    assert after == {code: [*values[:21], "Đạt"] for code, values in before.items()}


def test_xls_and_csv_copies_read_like_the_xlsx(nghe_an_2023, officer, tmp_path):
    book = mangled(template_bytes())
    rows = list(book.active.iter_rows(values_only=True))
    xls = xlwt.Workbook()
    sheet = xls.add_sheet("Tiêu chí")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    xls_path = tmp_path / "nghe-an.xls"
    xls.save(str(xls_path))
    text = io.StringIO()
    csv.writer(text, delimiter=";").writerows(rows)
    copies = {
        "nghe-an.xls": xls_path.read_bytes(),
        "nghe-an.csv": "\ufeff".encode() + text.getvalue().encode(),
    }
    for name, data in copies.items():
        result = import_batch_apply(
            data=data, file_name=name, user=officer, year=2023, province_code="40", dry_run=True
        )
        assert result.messages() == [], name
        assert (result.changed, result.unchanged) == (16, 16 * 21), name


def test_long_format_with_notes(nghe_an_2023, officer):
    text = "Mã phường,Số tiêu chí,Kết quả,Ghi chú\n16663,TC22,Đạt,Đã có quyết định\n16666,5,,\n"
    result = import_batch_apply(
        data=text.encode(), file_name="dong-vinh.csv", user=officer, year=2023
    )
    assert result.messages() == []
    assert (result.changed, result.skipped) == (1, 1)
    stored = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    assert (stored.status, stored.note) == ("dat", "Đã có quyết định")


def test_same_file_twice_changes_nothing_the_second_time(nghe_an_2023, filled, officer):
    """The second time records no batch (it recorded an empty one) and says so."""
    data = workbook_bytes(filled)
    first = import_batch_apply(data=data, file_name="a.xlsx", user=officer)
    history, audit = CriterionResult.history.count(), AuditEvent.objects.count()
    second = import_batch_apply(data=data, file_name="a.xlsx", user=officer)
    assert (first.changed, second.changed, second.unchanged) == (1, 0, 352)
    assert (second.ok, second.batch_id) == (True, None)
    assert second.notice == (
        "a.xlsx: không có thay đổi nào so với dữ liệu hiện có; không ghi lần nhập nào."
    )
    assert CriterionResult.history.count() == history
    assert AuditEvent.objects.count() == audit
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [first.batch_id]


def test_command_run_twice_says_the_second_file_changes_nothing(nghe_an_2023, filled, tmp_path):
    path = tmp_path / "nghe-an.xlsx"
    filled.save(path)
    call_command("import_workbook", str(path), stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    out = io.StringIO()
    call_command("import_workbook", str(path), stdout=out)
    assert out.getvalue() == (
        "0 mới, 0 thay đổi, 352 không đổi, 0 bỏ qua.\n"
        "nghe-an.xlsx: không có thay đổi nào so với dữ liệu hiện có; không ghi lần nhập nào.\n"
    )
    assert list(ImportBatch.objects.all()) == [batch]


def test_command_dry_run_shows_the_change_and_writes_nothing(nghe_an_2023, filled, tmp_path):
    path = tmp_path / "nghe-an.xlsx"
    filled.save(path)
    out = io.StringIO()
    call_command("import_workbook", str(path), "--dry-run", stdout=out)
    assert "Phường Đông Vĩnh (16663):\n  TC22: Chưa đạt → Đạt\n" in out.getvalue()
    assert "0 mới, 1 thay đổi, 351 không đổi, 0 bỏ qua." in out.getvalue()
    assert not ImportBatch.objects.exists()
