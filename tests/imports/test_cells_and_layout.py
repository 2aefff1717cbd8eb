"""What localities write in cells, and the tables they put around the data."""

import openpyxl

from tests.imports.workbooks import workbook_bytes
from tracker.imports.columns import WardIndex, status_ambiguous, status_read
from tracker.imports.services import import_batch_apply
from tracker.imports.sheets import header_find
from tracker.units.models import Ward


def plan(data: bytes, name="nghe-an.xlsx", year=2023):
    return import_batch_apply(data=data, file_name=name, user=None, dry_run=True, year=year)


def book(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    return workbook_bytes(workbook)


def statuses(result) -> dict:
    return {(c.ward_code, c.criterion_number): c.new_status for c in result.changes}


def test_spellings_localities_write():
    assert [
        status_read(v)
        for v in ["Hoàn thành", "Chưa hoàn thành", "Đã đạt", "Không đạt", "Đạt.", "hoan thanh"]
    ] == ["dat", "chua_dat", "dat", "chua_dat", "dat", "dat"]
    assert (status_read(True), status_read(False), status_read("TRUE")) == (
        "dat",
        "chua_dat",
        "dat",
    )
    assert status_read("×") is None and status_ambiguous("×")


def test_criterion_headers_as_localities_write_them():
    header = header_find([["Mã phường", "Tiêu chí 1", "TC.2", "TC-3", "tc 04", "Tiêu chí số 5"]])
    assert [number for _column, number in header.criteria] == [1, 2, 3, 4, 5]


def test_an_ambiguous_mark_asks_for_a_status_word(nghe_an_2023):
    result = plan("Mã phường,TC1\n16663,×\n".encode(), "nghe-an.csv")
    assert result.messages() == [
        "nghe-an.csv, ô B2: dấu '×' có thể hiểu nhiều cách; hãy ghi rõ trạng thái "
        "(Đạt, Chưa đạt, Đang thực hiện, Chưa đánh giá)."
    ]


def test_true_and_false_are_read_whatever_comes_before(nghe_an_2023):
    """Defect: a FALSE cell before any 0 was refused; after a 0 it was accepted."""
    result = plan(book(["Mã phường", "TC1", "TC2"], ["16663", False, 1], ["16666", True, 0]))
    assert result.messages() == []
    assert len(result.changes) + result.unchanged == 4


def test_criterion_numbers_of_the_long_format_as_written(nghe_an_2023):
    text = "Mã phường,Số tiêu chí,Kết quả\n16663,22.0,Đạt\n16663,Tiêu chí 21,Đạt\n16663,TC.20,Đạt\n"
    result = plan(text.encode(), "dai.csv")
    assert result.messages() == []
    assert len(result.changes) + result.unchanged == 3


def test_letterhead_total_row_and_signature_block_are_left_out(nghe_an_2023):
    letterhead = [["CÔNG AN TỈNH NGHỆ AN"], ["PHÒNG THAM MƯU"], *([None] for _ in range(36))]
    result = plan(
        book(
            *letterhead,
            ["Mã phường", "Tên phường", "TC22"],
            ["16663", "Phường Đông Vĩnh", "Đạt"],
            ["16666", "Phường Hà Huy Tập", "Đạt"],
            ["Tổng cộng", None, '=COUNTIF(C40:C41,"Đạt")'],
            [],
            [None, "Nghệ An, ngày 5 tháng 1 năm 2024"],
            ["Người lập biểu", None, "Thủ trưởng đơn vị"],
        )
    )
    assert result.messages() == []
    assert len(result.changes) == 2
    assert result.rows_ignored == [
        "nghe-an.xlsx, sheet Sheet, dòng 42: dòng tổng cộng, không đọc.",
        "nghe-an.xlsx, sheet Sheet, dòng 44: phần ký tên dưới bảng, không đọc.",
        "nghe-an.xlsx, sheet Sheet, dòng 45: phần ký tên dưới bảng, không đọc.",
    ]


def test_a_ward_row_pasted_twice_is_one_error(nghe_an_2023):
    header = ["Mã phường", *(f"TC{n}" for n in range(1, 23))]
    row = ["16663", *(["Đạt"] * 22)]
    result = plan(book(header, row, row))
    assert result.messages() == [
        "nghe-an.xlsx, sheet Sheet, ô A3: Phường Đông Vĩnh đã có ở dòng 2; "
        "hãy xoá một trong hai dòng."
    ]


def test_an_exact_name_wins_over_a_folded_match():
    index = WardIndex(
        [Ward(pk=1, code="1", name="Phường Sa Pả"), Ward(pk=2, code="2", name="Sa Pa")]
    )
    assert [w.pk for w in index.by_name_key("Phường Sa Pả")] == [1]
    assert [w.pk for w in index.by_name_key("Sa Pa")] == [2]
    assert len(index.by_name_key("Sa Pá")) == 2  # neither as written: ambiguous, as before


def test_an_empty_workbook_says_it_is_empty(nghe_an_2023):
    assert plan(book()).messages() == ["nghe-an.xlsx: tệp trống, không có dữ liệu nào."]


def test_no_header_names_the_closest_row(nghe_an_2023):
    result = plan(book(["Báo cáo"], ["Mã phường", "Kết quả", "Ghi chú"]))
    assert result.messages()[0].endswith(
        "Dòng gần giống nhất: sheet Sheet, dòng 2 (Mã phường, Kết quả, Ghi chú)."
    )
