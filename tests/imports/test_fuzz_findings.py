"""Files the fuzzer (test_fuzz.py) found breaking the importer, each kept as a plain test."""

import io
import zipfile

import openpyxl
import pytest

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply


def _archive(*, stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("[Content_Types].xml", b"<Types>workbook</Types>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    return out.getvalue()


def _refused_as_not_a_spreadsheet(data: bytes) -> None:
    result = import_batch_apply(data=data, file_name="hong.xlsx", user=None)
    assert [e.code for e in result.sheet_errors] == ["not_applied", "not_a_spreadsheet"]
    assert result.messages()[1] == (
        "hong.xlsx: không phải là bảng tính (.xlsx, .xls, .ods hoặc .csv), không nhập."
    )
    assert not ImportBatch.objects.exists()


def test_archive_with_a_damaged_content_types_member_is_not_a_spreadsheet(nghe_an_2023):
    # The directory is sound, but the member's bytes no longer match its CRC.
    data = _archive(stored=True).replace(b"<Types>workbook", b"<Types>workbooK", 1)
    _refused_as_not_a_spreadsheet(data)


def test_archive_needing_an_unknown_zip_version_is_not_a_spreadsheet(nghe_an_2023):
    data = bytearray(_archive())
    directory = data.index(b"PK\x01\x02")
    data[directory + 6] = 84  # "version needed to extract": 8.4
    _refused_as_not_a_spreadsheet(bytes(data))


def test_empty_rows_before_a_far_cell_count_against_the_cell_limit(nghe_an_2023):
    """One cell at row 1,048,576 without a reference: the rows before it are not free.

    Its place is implied, so the streaming reader reads it; it used to count only
    the cells rows held, let the million empty rows through and take seconds to walk them.
    """
    template = template_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>'
                content = content.replace(b"</sheetData>", far + b"</sheetData>")
            target.writestr(item, content)
    result = import_batch_apply(data=out.getvalue(), file_name="xa.xlsx", user=None)
    assert [e.code for e in result.sheet_errors] == ["not_applied", "too_many_cells"]


def test_csv_with_carriage_return_line_ends_is_read(nghe_an_2023):
    """Excel for Mac ends CSV lines with \\r alone: read, not refused as not a spreadsheet."""
    data = "Mã phường;Số tiêu chí;Kết quả\r16663;3;Chưa đạt\r16666;3;Chưa đạt\r".encode()
    result = import_batch_apply(data=data, file_name="mac.csv", user=None, year=2023)
    assert result.messages() == []
    assert [(c.ward_code, c.criterion_number, c.new_status) for c in result.changes] == [
        ("16663", 3, "chua_dat"),
        ("16666", 3, "chua_dat"),
    ]
    assert ImportBatch.objects.filter(pk=result.batch_id).exists()


def _note_file(form: str) -> bytes:
    header = ["Mã phường", "Số tiêu chí", "Kết quả", "Ghi chú"]
    if form == "xlsx":  # Excel writes a NUL as _x0000_, which calamine decodes
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Kết quả")
        sheet.append(header)
        sheet.append(["16663", 3, "Chưa đạt", "a_x0000_b"])
        return workbook_bytes(workbook)
    # Past the first 4 kB, where upload_check looks for the NULs of a binary file.
    padding = "".join(f"16663,{n},,\n" for n in range(4, 23)) + " " * 4096 + "\n"
    return (",".join(header) + "\n" + padding + "16663,3,Chưa đạt,a\x00b\n").encode()


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_nul_in_a_note_is_dropped_not_sent_to_the_database(nghe_an_2023, form):
    """PostgreSQL cannot store a NUL: the import raised a DataError instead of applying."""
    result = import_batch_apply(
        data=_note_file(form), file_name=f"ghi-chu.{form}", user=None, year=2023
    )
    assert result.messages() == []
    assert [(c.criterion_number, c.new_status, c.new_note) for c in result.changes] == [
        (3, "chua_dat", "ab")
    ]
    stored = CriterionResult.objects.get(pk=result.changes[0].result_id)
    assert (stored.status, stored.note) == ("chua_dat", "ab")
