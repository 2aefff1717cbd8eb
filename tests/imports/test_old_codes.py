"""A workbook for a year on the 2025 map that names 2023-map wards (issue 8, point 5).

Each such row is an error that names the new ward the old one now belongs to; as
with any error, the file then writes nothing.
"""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply
from tracker.units.models import Province, UnitSuccession, Ward

THANH_VINH = "16681"  # on the 2023 map, 16681 is Phường Quang Trung
TRUONG_VINH = "16690"
VINH_HUNG = "17920"
NOTHING_WRITTEN = "nghe-an.xlsx: tệp có {} lỗi nên không có thay đổi nào được ghi."
DONG_VINH = (
    "Phường Đông Vĩnh (16663) thuộc bản đồ trước 01/7/2025; "
    "nay thuộc Phường Thành Vinh (16681). Hãy dùng mã phường mới."
)


def ward(edition: str, code: str) -> Ward:
    return Ward.objects.get(edition__code=edition, code=code)


@pytest.fixture
def year_2026(nghe_an_both_maps):
    """Nghệ An on both maps with the succession; Thành Vinh registered for 2026."""
    assessment_register(
        ward=ward("2025", THANH_VINH),
        year=2026,
        criteria_set=CriteriaSet.objects.get(),
        user=None,
    )


@pytest.fixture
def untouched(year_2026):
    history = CriterionResult.history.count()
    yield
    assert CriterionResult.history.count() == history
    assert not ImportBatch.objects.exists()


def template_2026() -> openpyxl.Workbook:
    """The 2026 template for Nghệ An: one row, Thành Vinh's, at row 8; TC1 is column D."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(year=2026)))
    sheet = workbook["Tiêu chí"]
    assert (sheet["A8"].value, sheet["B8"].value, sheet["D7"].value) == (
        THANH_VINH,
        "Phường Thành Vinh",
        "TC1",
    )
    return workbook


def row_add(sheet, row: int, code=None, name=None, tc1="Đạt") -> None:
    sheet[f"A{row}"], sheet[f"B{row}"], sheet[f"D{row}"] = code, name, tc1


def apply(data: bytes, name="nghe-an.xlsx", **kwargs):
    return import_batch_apply(data=data, file_name=name, user=None, **kwargs)


def long_csv(rows: list[tuple[str, str]]) -> bytes:
    lines = ["Mã phường,Tên phường,Số tiêu chí,Kết quả"]
    lines += [f"{code},{name},1,Đạt" for code, name in rows]
    return "\n".join(lines).encode()


def test_template_of_the_2025_map_with_old_codes_and_names(untouched):
    workbook = template_2026()
    sheet = workbook["Tiêu chí"]
    row_add(sheet, 9, code="16663")
    row_add(sheet, 10, name="Phường Lê Mao")
    row_add(sheet, 11, name="P. Cửa Nam")
    row_add(sheet, 12, name="quang trung")  # 16681's old name: looked up by name on the old map
    result = apply(workbook_bytes(workbook))
    assert [(e.row, e.column, e.code) for e in result.cell_errors] == [
        (9, "Mã phường", "old_ward"),
        (10, "Tên phường", "old_ward"),
        (11, "Tên phường", "old_ward"),
        (12, "Tên phường", "old_ward"),
    ]
    assert result.messages() == [
        NOTHING_WRITTEN.format(4),
        f"nghe-an.xlsx, sheet Tiêu chí, ô A9: {DONG_VINH}",
        "nghe-an.xlsx, sheet Tiêu chí, ô B10: Phường Lê Mao (16687) thuộc bản đồ trước "
        "01/7/2025; nay thuộc Phường Thành Vinh (16681). Hãy dùng mã phường mới.",
        "nghe-an.xlsx, sheet Tiêu chí, ô B11: Phường Cửa Nam (16678) thuộc bản đồ trước "
        "01/7/2025; nay thuộc Phường Thành Vinh (16681). Hãy dùng mã phường mới.",
        "nghe-an.xlsx, sheet Tiêu chí, ô B12: Phường Quang Trung (16681) thuộc bản đồ trước "
        "01/7/2025; nay thuộc Phường Thành Vinh (16681). Hãy dùng mã phường mới.",
    ]


def test_long_format_gives_one_error_per_row(untouched):
    data = long_csv([("16663", ""), ("", "Phường Lê Mao"), ("16663", "Phường Đông Vĩnh")])
    result = apply(data, "nghe-an.csv", year=2026, province_code="40")
    assert [(e.row, e.code) for e in result.cell_errors] == [
        (2, "old_ward"),
        (3, "old_ward"),
        (4, "old_ward"),
    ]
    assert result.messages()[1] == f"nghe-an.csv, ô A2: {DONG_VINH}"
    assert result.messages()[3] == f"nghe-an.csv, ô A4: {DONG_VINH}"


def test_new_code_is_imported(year_2026):
    result = apply(long_csv([(THANH_VINH, "")]), "thanh-vinh.csv", year=2026, province_code="40")
    assert result.messages() == []
    assert result.created == 1
    stored = CriterionResult.objects.get(assessment__year=2026, criterion__number=1)
    assert (stored.assessment.ward.name, stored.status) == ("Phường Thành Vinh", "dat")


def test_code_on_both_maps_is_the_files_maps_ward(year_2026):
    # 16681 is Quang Trung on the 2023 map and Thành Vinh on the 2025 map.
    workbook = template_2026()
    workbook["Tiêu chí"]["D8"] = "Đạt"
    result = apply(workbook_bytes(workbook))
    assert result.messages() == []
    assert [(c.ward_code, c.ward_name, c.criterion_number) for c in result.changes] == [
        (THANH_VINH, "Phường Thành Vinh", 1)
    ]
    quang_trung = ward("2023", THANH_VINH)
    assert not CriterionResult.objects.filter(
        assessment__ward=quang_trung, assessment__year=2026
    ).exists()


def test_the_2023_map_still_takes_old_codes(nghe_an_2023, year_2026):
    result = apply(long_csv([("16663", "")]), "dong-vinh.csv", year=2023, province_code="40")
    assert result.messages() == []
    assert (result.changed, result.unchanged) == (0, 1)  # Đông Vĩnh's TC1 is already Đạt


def test_split_unit_lists_every_new_ward_main_first(untouched):
    UnitSuccession.objects.create(
        predecessor=ward("2023", "16675"), successor=ward("2025", VINH_HUNG), is_main=False
    )
    result = apply(long_csv([("16675", "")]), "nghe-an.csv", year=2026, province_code="40")
    assert result.messages()[1:] == [
        "nghe-an.csv, ô A2: Phường Hưng Dũng (16675) thuộc bản đồ trước 01/7/2025; "
        "nay được chia vào Phường Trường Vinh (16690, phần chính) và Phường Vinh Hưng (17920). "
        "Hãy dùng mã phường mới."
    ]


def test_old_name_of_two_wards_lists_both(untouched):
    le_loi = ward("2023", "16669")  # Phường Lê Lợi, in Thành phố Vinh
    other = Ward.objects.create(
        edition=le_loi.edition,
        province=le_loi.province,
        district=le_loi.district,
        code="99991",
        name="Phường Lê Lợi",
        kind=le_loi.kind,
    )
    UnitSuccession.objects.create(predecessor=other, successor=ward("2025", TRUONG_VINH))
    result = apply(long_csv([("", "Lê Lợi")]), "nghe-an.csv", year=2026, province_code="40")
    assert result.messages()[1:] == [
        "nghe-an.csv, ô B2: 'Lê Lợi' là tên của 2 phường trên bản đồ trước 01/7/2025: "
        "Phường Lê Lợi (16669) nay thuộc Phường Thành Vinh (16681); "
        "Phường Lê Lợi (99991) nay thuộc Phường Trường Vinh (16690). Hãy dùng mã phường mới."
    ]


def test_old_wards_of_another_province_are_not_found(untouched):
    # A province's file looks among the old wards that went into that province.
    hanoi = Province.objects.create(
        edition=ward("2023", "16663").edition, code="01", name="Thành phố Hà Nội", kind="tinh"
    )
    stray = Ward.objects.create(
        edition=hanoi.edition, province=hanoi, code="00001", name="Phường Phúc Xá", kind="phuong"
    )
    assert stray.successions.count() == 0
    result = apply(long_csv([("00001", "")]), "nghe-an.csv", year=2026, province_code="40")
    assert [e.code for e in result.cell_errors] == ["unknown_ward"]


def test_unknown_code_is_still_unknown(untouched):
    result = apply(long_csv([("99999", "")]), "nghe-an.csv", year=2026, province_code="40")
    assert result.messages()[1:] == [
        "nghe-an.csv, ô A2: không có phường mã '99999' trong phạm vi của tệp."
    ]


OLD_ROWS = [
    ("16663", ""),
    ("", "Phường Lê Mao"),
    ("", "P. Cửa Nam"),
    ("16666", ""),
    ("16669", ""),
    ("", "hung binh"),
    ("16673", ""),
    ("16675", ""),
    ("", "Phường Đội Cung"),
    ("16717", ""),
]


def test_query_count_does_not_grow_with_old_rows(untouched):
    def count(rows):
        data = long_csv([(THANH_VINH, ""), *rows])
        with CaptureQueriesContext(connection) as queries:
            result = apply(data, "nghe-an.csv", year=2026, province_code="40")
        assert [e.code for e in result.cell_errors] == ["old_ward"] * len(rows)
        return len(queries)

    assert count(OLD_ROWS[:1]) == count(OLD_ROWS)


def test_year_without_registrations_is_read_against_the_map_in_force(untouched):
    data = long_csv([(THANH_VINH, ""), ("16663", "")])
    result = apply(data, "nghe-an.csv", year=2027, province_code="40")
    assert result.messages()[1:] == [
        "nghe-an.csv, ô A2: Phường Thành Vinh chưa đăng ký xây dựng năm 2027; "
        "nhập không tạo đăng ký mới.",
        f"nghe-an.csv, ô A3: {DONG_VINH}",
    ]
