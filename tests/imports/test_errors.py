"""Each kind of problem: its exact message, and nothing written."""

import io
import zipfile

import openpyxl
import pytest

from tests.imports.workbooks import cell_of, template_bytes, workbook_bytes
from tracker.assessments.forms import CriterionResultForm
from tracker.assessments.models import CriterionResult
from tracker.criteria.models import CriteriaSet
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply
from tracker.units.models import MapEdition, Province, Ward


@pytest.fixture
def untouched(nghe_an_2023):
    """Asserts, after the test, that no result, history row or batch was written."""
    history = CriterionResult.history.count()
    yield
    assert CriterionResult.history.count() == history
    assert not ImportBatch.objects.exists()


def apply(data: bytes, name="nghe-an.xlsx", **kwargs):
    return import_batch_apply(data=data, file_name=name, user=None, **kwargs)


def refused(data: bytes, name="nghe-an.xlsx", **kwargs) -> list[str]:
    result = apply(data, name, **kwargs)
    assert result.messages()[0].startswith(f"{name}: tệp có ")  # the "nothing written" line
    return result.messages()[1:]


def test_invalid_status_names_file_sheet_and_cell(untouched, filled):
    filled["Tiêu chí"]["F12"] = "Dat roi"
    result = apply(workbook_bytes(filled))
    assert [(e.row, e.column, e.code) for e in result.cell_errors] == [
        (12, "TC3", "invalid_status")
    ]
    assert result.messages() == [
        "nghe-an.xlsx: tệp có 1 lỗi nên không có thay đổi nào được ghi.",
        "nghe-an.xlsx, sheet Tiêu chí, ô F12: 'Dat roi' không phải là trạng thái hợp lệ",
    ]


def test_unknown_ward_code(untouched, filled):
    filled["Tiêu chí"]["A9"] = "99999"
    assert refused(workbook_bytes(filled)) == [
        "nghe-an.xlsx, sheet Tiêu chí, ô A9: không có phường mã '99999' trong phạm vi của tệp."
    ]


def test_code_and_name_that_disagree(untouched, filled):
    cell = cell_of(filled["Tiêu chí"], "16666", "B")
    filled["Tiêu chí"][cell] = "Phường Hưng Bình"
    assert refused(workbook_bytes(filled)) == [
        f"nghe-an.xlsx, sheet Tiêu chí, ô {cell}: mã 16666 là Phường Hà Huy Tập, "
        "không phải 'Phường Hưng Bình'; hãy kiểm tra lại dòng này."
    ]


def test_ward_not_registered_is_not_created(untouched, filled):
    other = Ward.objects.filter(province__code="40", kind="phuong", assessments=None).first()
    filled["Tiêu chí"]["A9"], filled["Tiêu chí"]["B9"] = other.code, other.name
    assert refused(workbook_bytes(filled)) == [
        f"nghe-an.xlsx, sheet Tiêu chí, ô A9: {other.name} chưa đăng ký xây dựng năm 2023; "
        "nhập không tạo đăng ký mới."
    ]


def test_criterion_not_in_the_set(untouched, filled):
    filled["Tiêu chí"]["Z7"] = "TC23"
    assert refused(workbook_bytes(filled)) == [
        "nghe-an.xlsx, sheet Tiêu chí, ô Z7: bộ tiêu chí không có tiêu chí 23."
    ]


def test_no_header_row(untouched):
    assert refused(b"a,b\n1,2\n", "x.csv", year=2023) == [
        "x.csv: không tìm thấy dòng tiêu đề trong 50 dòng đầu của sheet nào (cần cột Mã phường "
        "hoặc Tên phường, cùng các cột TC1…TC22 hoặc các cột Số tiêu chí và Kết quả)."
    ]


def test_workbook_for_another_province(untouched, template):
    edition = MapEdition.objects.get(code="2023")
    Province.objects.create(edition=edition, code="42", name="Tỉnh Hà Tĩnh", kind="tinh")
    assert refused(template, province_code="42") == [
        "nghe-an.xlsx: tệp dành cho Tỉnh Nghệ An (40), không phải Tỉnh Hà Tĩnh (42) đã chọn."
    ]


def test_workbook_for_another_year(untouched, template):
    assert refused(template, year=2024) == [
        "nghe-an.xlsx: tệp dành cho năm 2023, không phải năm 2024 đã chọn."
    ]


def test_workbook_for_another_criteria_set_version(untouched, template):
    CriteriaSet.objects.update(version="2024")
    assert refused(template) == [
        "nghe-an.xlsx: tệp dùng bộ tiêu chí CAP-DHKM phiên bản 2023-tt, "
        "nhưng năm 2023 được đánh giá theo CAP-DHKM phiên bản 2024."
    ]


def test_file_above_the_size_limit(untouched, template, settings):
    settings.TRACKER_IMPORT_MAX_BYTES = 1024
    assert refused(template) == ["nghe-an.xlsx: tệp lớn hơn giới hạn 0.0 MB, không nhập."]


def test_workbook_that_unpacks_too_large(untouched, template, settings):
    settings.TRACKER_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<" + b" " * (2 * 1024 * 1024))
    assert refused(out.getvalue()) == ["nghe-an.xlsx: tệp giải nén ra quá 1 MB, không nhập."]


def test_workbook_with_too_many_cells(untouched, template, settings):
    settings.TRACKER_IMPORT_MAX_CELLS = 100
    assert refused(template) == ["nghe-an.xlsx: tệp có hơn 100 ô, không nhập."]


def test_macro_enabled_workbook(untouched, template):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert refused(out.getvalue(), "nghe-an.xlsm") == [
        "nghe-an.xlsm: tệp có chứa macro, không nhập. Hãy lưu lại dưới dạng .xlsx."
    ]


def test_encrypted_workbook(untouched):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptionInfo".encode("utf-16-le")
    assert refused(ole) == [
        "nghe-an.xlsx: tệp được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi gửi lại."
    ]


@pytest.mark.parametrize(
    "name, data",
    [("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), ("hong.xlsx", b"PK\x03\x04broken")],
)
def test_not_a_spreadsheet(untouched, name, data):
    assert refused(data, name) == [
        f"{name}: không phải là bảng tính (.xlsx, .xls, .ods hoặc .csv), không nhập."
    ]


def test_csv_in_an_encoding_not_read_says_which_to_save_in(untouched):
    data = b"Ma phuong,So tieu chi,Ket qua\n16663,1,\x81\x40\n"  # Shift-JIS: none we read
    assert refused(data, "x.csv", year=2023) == [
        "x.csv: không đọc được bảng mã của tệp CSV; hãy lưu lại với bảng mã UTF-8 "
        "(trong Excel: CSV UTF-8), Windows-1258 hoặc Unicode (UTF-16)."
    ]


def test_ambiguous_ward_name_asks_for_the_code(untouched):
    Ward.objects.filter(code="16666").update(name="Phường Đông Vĩnh")
    data = "Tên phường,Số tiêu chí,Kết quả\nĐông Vĩnh,1,Đạt\n".encode()
    assert refused(data, "x.csv", year=2023, province_code="40") == [
        "x.csv, ô A2: có 2 phường tên 'Đông Vĩnh'; hãy ghi thêm mã phường."
    ]


def test_template_from_another_copy_of_the_file_is_refused_whole(untouched, filled):
    """One bad cell among good changes: nothing at all is applied."""
    filled["Tiêu chí"]["Y9"] = "Đạt"
    filled["Tiêu chí"]["Y10"] = "chua xong"
    result = apply(workbook_bytes(filled))
    assert len(result.changes) == 2
    assert result.batch_id is None
    assert CriterionResult.objects.filter(criterion__number=22, status="dat").count() == 0


def test_preview_writes_nothing(untouched, filled):
    result = apply(workbook_bytes(filled), dry_run=True)
    assert (result.ok, result.changed) == (True, 1)


def test_template_for_a_year_without_registrations(nghe_an_2023):
    with pytest.raises(ValueError, match="Năm 2030 chưa có phường nào đăng ký"):
        template_bytes(year=2030)


def _long_format(note: str, form: str) -> bytes:
    """One result of Đông Vĩnh in the long format, with `note` in its Ghi chú column."""
    rows = [["Mã phường", "Số tiêu chí", "Kết quả", "Ghi chú"], ["16663", 22, "Đạt", note]]
    if form == "xlsx":
        workbook = openpyxl.Workbook()
        workbook.active.title = "Kết quả"
        for row in rows:
            workbook.active.append(row)
        return workbook_bytes(workbook)
    return "".join(",".join(map(str, row)) + "\n" for row in rows).encode()


@pytest.mark.parametrize(
    ("form", "where", "length", "shown"),
    [
        ("csv", "ghi-chu.csv", 122_880, "122.880"),
        # The most an Excel cell holds (openpyxl cuts a longer text there).
        ("xlsx", "ghi-chu.xlsx, sheet Kết quả", 32_767, "32.767"),
    ],
)
def test_note_longer_than_the_ward_page_allows_names_the_cell(
    untouched, form, where, length, shown
):
    """A note of 122,880 characters was stored, where the ward page's form allows 4,000."""
    note = ("Ghi chú dài." * 10240)[:length]
    result = apply(_long_format(note, form), f"ghi-chu.{form}", year=2023)
    assert [(e.row, e.column, e.code) for e in result.cell_errors] == [
        (2, "Ghi chú", "note_too_long")
    ]
    assert result.messages() == [
        f"ghi-chu.{form}: tệp có 1 lỗi nên không có thay đổi nào được ghi.",
        f"{where}, ô D2: ghi chú dài {shown} ký tự, quá giới hạn 4.000 ký tự; "
        "hãy rút gọn ghi chú rồi tải tệp lên lại.",
    ]


def test_note_over_128_kb_in_a_csv_is_refused_for_its_length(untouched):
    """Python's csv module stops at a field of 131,072 characters: the file was called
    'không phải là bảng tính'."""
    assert refused(_long_format("x" * 200_000, "csv"), "ghi-chu.csv", year=2023) == [
        "ghi-chu.csv, ô D2: ghi chú dài 200.000 ký tự, quá giới hạn 4.000 ký tự; "
        "hãy rút gọn ghi chú rồi tải tệp lên lại."
    ]


def test_the_import_and_the_ward_page_share_one_limit(nghe_an_2023):
    limit = CriterionResult.TEXT_MAX_LENGTH
    form = CriterionResultForm()
    assert form.fields["note"].max_length == form.fields["evidence"].max_length == limit
    result = apply(_long_format("x" * limit, "csv"), "ghi-chu.csv", year=2023)
    assert result.messages() == []
    assert len(CriterionResult.objects.get(pk=result.changes[0].result_id).note) == limit
