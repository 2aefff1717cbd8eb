"""Vietnamese alphabetical order (tracker/units/collation.py) wherever unit names are sorted."""

import importlib
import random
import re
import unicodedata

from django.apps import apps

from tracker.units.collation import sort_key, without_kind
from tracker.units.models import Province, Ward

# The issue's names, in the order a Vietnamese reader looks them up: ă and â after a,
# đ after d, tones after the letter, "Tỉnh" and "Thành phố" left out.
ISSUE_ORDER = [
    "Tỉnh An Giang",
    "Tỉnh Bà Rịa - Vũng Tàu",
    "Tỉnh Bạc Liêu",
    "Tỉnh Bắc Giang",
    "Tỉnh Bình Dương",
    "Tỉnh Bình Định",
    "Tỉnh Bình Phước",
    "Tỉnh Cà Mau",
    "Tỉnh Cao Bằng",
    "Thành phố Cần Thơ",
    "Thành phố Đà Nẵng",
    "Tỉnh Đắk Lắk",
    "Tỉnh Điện Biên",
]


def _subsequence(names: list[str], wanted: list[str]) -> list[str]:
    return [n for n in names if n in wanted]


def test_the_issues_names_sort_in_vietnamese_order_whatever_their_kind():
    shuffled = ISSUE_ORDER[:]
    random.Random(19).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ISSUE_ORDER
    # Byte order of the stored key is the order: what the databases compare.
    assert sorted(shuffled, key=lambda n: sort_key(n).encode()) == ISSUE_ORDER


def test_kind_is_left_out_and_numbers_read_as_numbers():
    assert without_kind("Tỉnh Nghệ An") == "Nghệ An"
    assert without_kind("Thành phố Hồ Chí Minh") == "Hồ Chí Minh"
    assert without_kind("Thị trấn Quán Hành") == "Quán Hành"
    assert without_kind("Đặc khu Côn Đảo") == "Côn Đảo"
    decomposed = unicodedata.normalize("NFD", "Tỉnh Điện Biên")
    assert sort_key(decomposed) == sort_key("Tỉnh Điện Biên") == sort_key("Điện Biên")
    wards = ["Phường 10", "Xã An Bình", "Phường 2", "Thị trấn Ân Thi"]
    assert sorted(wards, key=sort_key) == ["Phường 2", "Phường 10", "Xã An Bình", "Thị trấn Ân Thi"]


def test_the_database_orders_the_whole_map_as_the_issue_says(whole_map_2023):
    names = list(
        Province.objects.filter(edition__code="2023")
        .order_by("sort_name")
        .values_list("name", flat=True)
    )
    assert len(names) == 63
    assert _subsequence(names, ISSUE_ORDER) == ISSUE_ORDER
    # "Thành phố Hà Nội" among the H, not before every "Tỉnh".
    assert names.index("Tỉnh Hà Giang") < names.index("Thành phố Hà Nội")
    assert names.index("Thành phố Hà Nội") < names.index("Tỉnh Hà Tĩnh")


def _overview_names(html: str) -> list[str]:
    table = re.search(r'<table class="report overview">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<a href="/tinh/\d+/\?[^"]*">([^<]+)</a>', table)


def test_the_national_page_sorted_by_name(reader_client, whole_map_2023):
    names = _overview_names(reader_client.get("/?year=2023&sort=name").content.decode())
    assert len(names) == 63
    assert _subsequence(names, ISSUE_ORDER) == ISSUE_ORDER
    backwards = _overview_names(reader_client.get("/?year=2023&sort=-name").content.decode())
    assert backwards == names[::-1]


def test_the_province_page_and_its_workbook_list_wards_by_name(reader_client, nghe_an_2023):
    html = reader_client.get("/tinh/40/?year=2023").content.decode()
    shown = re.findall(r'<tr data-ward="\d+">\s*<th scope="row"><a [^>]*>([^<]+)</a>', html)
    assert len(shown) == 16
    assert shown == sorted(shown, key=sort_key)
    assert shown != sorted(shown)  # code point order would differ: Đ after every Latin letter
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(reader_client.get("/tinh/40/bao-cao.xlsx?year=2023").content))
    matrix = [row[1] for row in book["Ma trận"].iter_rows(min_row=2, values_only=True)]
    assert matrix == shown


def test_the_admins_unit_list_sorts_its_name_column_in_vietnamese_order(client, whole_map_2023):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(username="qt", password="x-Y-z-12345678")
    client.force_login(admin)
    # Column 2 is the name: o=2 sorts by it.
    html = client.get("/admin/tracker/province/?o=2").content.decode()
    names = re.findall(r'<td class="field-unit_name">([^<]+)</td>', html)
    assert _subsequence(names, ISSUE_ORDER) == ISSUE_ORDER


def test_the_migration_fills_units_loaded_before_it(nghe_an_units):
    Ward.objects.update(sort_name="")
    Province.objects.update(sort_name="")
    migration = importlib.import_module("tracker.migrations.0013_sort_name")
    migration.fill_sort_names(apps, None)
    ward = Ward.objects.get(code="16663")
    assert ward.sort_name == sort_key("Phường Đông Vĩnh")
    assert not Province.objects.filter(sort_name="").exists()


def test_a_renamed_unit_takes_its_new_place(nghe_an_units):
    ward = Ward.objects.get(code="16663")
    ward.name = "Phường An Hoà"
    ward.save()
    first = Ward.objects.filter(province__code="40").order_by("sort_name").first()
    assert first.sort_name == sort_key("Phường An Hoà")


def test_the_criterion_page_lists_wards_in_vietnamese_order(reader_client, nghe_an_2023):
    html = reader_client.get("/tieu-chi/22/?year=2023&tinh=40").content.decode()
    listed = re.search(r'<ul class="wards" id="not-met">(.*?)</ul>', html, re.S).group(1)
    names = re.findall(r'<li><a href="[^"]+">([^<]+)</a>', listed)
    assert len(names) == 16
    assert names == sorted(names, key=sort_key)
    assert names.index("Phường Đông Vĩnh") > names.index("Phường Cửa Nam")
