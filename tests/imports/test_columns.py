import unicodedata

import pytest

from tracker.imports.columns import WardIndex, status_read
from tracker.imports.sheets import header_find
from tracker.units.models import Ward


@pytest.mark.parametrize(
    "cell, status",
    [
        ("Đạt", "dat"),
        ("đạt", "dat"),
        ("Dat", "dat"),
        (" x ", "dat"),
        ("✓", "dat"),
        (unicodedata.normalize("NFD", "Đạt"), "dat"),
        ("CHƯA ĐẠT", "chua_dat"),
        ("chua dat", "chua_dat"),
        ("Không đạt", "chua_dat"),
        ("Đang thực hiện", "dang_thuc_hien"),
        ("chưa  đánh giá", "chua_danh_gia"),
        (1.0, "dat"),
        ("Dat roi", None),
    ],
)
def test_status_spellings(cell, status):
    assert status_read(cell) == status


@pytest.mark.parametrize(
    "written", ["Phường Hưng Bình", "P. Hưng Bình", "Hưng Bình", "hung binh", " HƯNG  BÌNH "]
)
def test_ward_found_by_name_however_written(nghe_an_units, written):
    index = WardIndex(list(Ward.objects.filter(province__code="40", kind="phuong")))
    assert [w.name for w in index.by_name_key(written)] == ["Phường Hưng Bình"]


def test_header_anywhere_in_the_first_50_rows():
    rows = [[None]] * 12 + [["", "ten phuong", "Ghi chú", "tc 2", "TC1"]]
    header = header_find(rows)
    assert (header.row, header.kind, header.name, header.code) == (12, "matrix", 1, None)
    assert header.criteria == ((3, 2), (4, 1))
    # Below a letterhead, a title and a dozen lines of addressees.
    assert header_find([[None]] * 49 + [["Mã phường", "TC1"]]).row == 49
    assert header_find([[None]] * 50 + [["Mã phường", "TC1"]]) is None
