"""The report pages on the map after 1 July 2025, and the carry-over panel (issue 8, points 3-4).

Real units: Nghệ An on both maps with the succession between them, as `make setup` loads them.
"""

import io
import json
import re
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.test import Client
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from tracker.accounts.models import Role
from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.criteria.models import Criterion
from tracker.imports.contract import DATA_SHEET, META_SHEET
from tracker.units.loading import units_load

THANH_VINH = "16681"
CUA_LO = "16732"
# The 2023 cohort's wards that went into Phường Thành Vinh, and the commune beside them.
COHORT_IN_THANH_VINH = {
    "16663": "Phường Đông Vĩnh",
    "16669": "Phường Lê Lợi",
    "16672": "Phường Hưng Bình",
    "16678": "Phường Cửa Nam",
    "16681": "Phường Quang Trung",
    "16684": "Phường Đội Cung",
    "16687": "Phường Lê Mao",
}
NEW_MAP = "year=2023&map=2025"


@pytest.fixture
def both_maps(nghe_an_both_maps):
    """Nghệ An on the 2023 map with its 2023 cohort, on the 2025 map, and the succession."""


@pytest.fixture
def officer_client(officer, both_maps):
    """A client of its own, so a test can also use the reader's."""
    officer_client = Client()
    officer_client.force_login(officer)
    return officer_client


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _row(html: str, attribute: str) -> str:
    match = re.search(rf"<tr[^>]*{attribute}[^>]*>(.*?)</tr>", html, re.S)
    assert match, attribute
    return _text(match.group(1))


def _table(html: str, table_id: str) -> str:
    match = re.search(rf'id="{table_id}">(.*?)</table>', html, re.S)
    assert match, table_id
    return match.group(1)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def new_assessments():
    return Assessment.objects.filter(ward__edition__code="2025")


def _workbook(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _confirm_form(html: str) -> dict:
    form = re.search(
        r'<form method="post" action="([^"]+)" class="noprint carry-over-form">(.*?)</form>',
        html,
        re.S,
    )
    assert form, "no confirm form"
    fields = dict(
        re.findall(r'name="(from_year|criteria_set|token)" value="([^"]*)"', form.group(2))
    )
    return {"action": form.group(1).replace("&amp;", "&"), "data": fields}


# --- The national overview -------------------------------------------------------------------


def test_overview_on_the_2025_map_shows_nghe_an_with_its_new_phuong(reader_client, both_maps):
    html = reader_client.get(f"/?{NEW_MAP}").content.decode()
    assert re.findall(r'<dd id="total-wards">(\d+)</dd>', html) == ["11"]
    assert html.count("data-province=") == 1
    # 11 phường, none registered on the new map yet, no quota on it: 0% against both targets.
    assert _row(html, 'data-province="40"') == (
        "40 Nghệ An 11 0 0 0 — 0,0% 0,0% Chậm tiến độ Chậm tiến độ"
    )
    assert 'href="/tinh/40/?year=2023&amp;map=2025"' in html
    assert "Bản đồ hành chính sau 01/7/2025 (34 tỉnh)" in html
    assert '<option value="2025" selected>' in html


def test_overview_on_the_whole_2025_map_counts_34_provinces_and_687_phuong(
    reader_client, nghe_an_2023
):
    units_load(edition="2025")
    html = reader_client.get(f"/?{NEW_MAP}").content.decode()
    assert re.findall(r'<dd id="total-wards">(\d+)</dd>', html) == ["687"]
    assert html.count("data-province=") == 34
    # The 2023 figures stay as they were on their own map.
    html_2023 = reader_client.get("/?year=2023").content.decode()
    assert re.findall(r'<dd id="total-wards">(\d+)</dd>', html_2023) == ["32"]


def test_shares_count_against_the_new_maps_phuong(reader_client, officer_client, both_maps):
    # Carry Thành Vinh over: 1 of 11 new phường registered in 2025 (9.1%).
    html = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode()
    form = _confirm_form(html)
    officer_client.post(form["action"], form["data"])
    page = reader_client.get("/?year=2025&map=2025").content.decode()
    assert _row(page, 'data-province="40"').startswith("40 Nghệ An 11 1 0 0 — 9,1% 0,0%")


def test_a_province_code_absent_from_the_chosen_map_is_not_found(reader_client, both_maps):
    units_load(edition="2023", only_provinces={"26"})  # Vĩnh Phúc: merged into Phú Thọ
    assert reader_client.get("/tinh/26/?year=2023").status_code == 200
    for url in ["/tinh/26/", "/tinh/26/bao-cao.xlsx"]:
        response = reader_client.get(f"{url}?{NEW_MAP}")
        assert response.status_code == 404
        assertContains(
            response,
            "Không có tỉnh mã 26 trên Bản đồ hành chính sau 01/7/2025 (34 tỉnh).",
            status_code=404,
        )
    assert reader_client.get("/?year=2023&map=1999").status_code == 404


# --- The province page -----------------------------------------------------------------------


def test_province_page_lists_the_11_new_phuong_with_their_predecessors(reader_client, both_maps):
    response = reader_client.get(f"/tinh/40/?{NEW_MAP}")
    html = response.content.decode()
    table = _table(html, "new-wards")
    assert table.count("data-new-ward=") == 11
    thanh_vinh = _row(table, f'data-new-ward="{THANH_VINH}"')
    assert thanh_vinh.startswith(f"{THANH_VINH} Phường Thành Vinh Chưa đăng ký")
    for code, name in COHORT_IN_THANH_VINH.items():
        assert f"{name} ({code})" in thanh_vinh
        assert f'href="/phuong/{code}/?year=2023&amp;map=2023"' in table
    assert "Xã Hưng Chính (18013)" in thanh_vinh
    assert f'href="/phuong/{THANH_VINH}/?year=2023&amp;map=2025"' in table
    # Registered and met on the new map: none until carried over.
    assert re.findall(r'<dd id="registered">(\d+)</dd>', html) == ["0"]
    assert "chưa có phường nào đăng ký" in html


def test_province_page_counts_what_was_carried_over(reader_client, officer_client, both_maps):
    html = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode()
    form = _confirm_form(html)
    officer_client.post(form["action"], form["data"])
    html = reader_client.get("/tinh/40/?year=2025&map=2025").content.decode()
    assert re.findall(r'<dd id="registered">(\d+)</dd>', html) == ["1"]
    assert _row(html, f'data-ward="{THANH_VINH}"').startswith("Phường Thành Vinh 21/22")
    assert _row(_table(html, "new-wards"), f'data-new-ward="{THANH_VINH}"').startswith(
        f"{THANH_VINH} Phường Thành Vinh Đang xây dựng, đạt 21/22"
    )


def test_the_2023_pages_stay_as_they_were(reader_client, both_maps):
    html = reader_client.get("/tinh/40/?year=2023").content.decode()
    assert re.findall(r'<dd id="registered">(\d+)</dd>', html) == ["16"]
    assert 'id="new-wards"' not in html
    assert "map=" not in html.replace('name="map"', "").replace('id="map-select"', "")
    assert html.count('<td class="num completion">21/22</td>') == 16
    ward = reader_client.get("/phuong/16663/?year=2023").content.decode()
    assert re.findall(r'id="ward-completion">([^<]*)<', ward) == ["21/22"]
    assert 'id="predecessors"' not in ward and 'id="carry-over"' not in ward
    # Choosing the 2023 map by name gives the same figures, and links keep the choice.
    chosen = reader_client.get("/tinh/40/?year=2023&map=2023").content.decode()
    assert re.findall(r'<dd id="registered">(\d+)</dd>', chosen) == ["16"]
    assert 'href="/phuong/16663/?year=2023&amp;map=2023"' in chosen


# --- The ward page and the carry-over panel --------------------------------------------------


def test_ward_page_shows_the_predecessors_assessments_and_a_proposal(officer_client):
    response = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}")
    html = response.content.decode()
    assertContains(response, "Phường chưa đăng ký xây dựng năm 2023.")
    table = _table(html, "predecessors")
    assert table.count("data-predecessor=") == 8
    for code, name in COHORT_IN_THANH_VINH.items():
        assert _row(table, f'data-predecessor="{code}"').startswith(f"{code} {name}")
        assert _row(table, f'data-predecessor="{code}"').endswith("Đang xây dựng 21/22 —")
        assert f'href="/phuong/{code}/?year=2023&amp;map=2023"' in table
    assert (
        _row(table, 'data-predecessor="18013"')
        == "18013 Xã Hưng Chính toàn bộ Không phải phường — —"
    )
    panel = re.search(r'id="carry-over"(.*?)</section>', html, re.S).group(1)
    assert "Kế thừa từ các đơn vị cũ: đăng ký năm 2025" in panel
    assert re.findall(r'id="proposed-status">([^<]*)<', panel) == ["Đang xây dựng"]
    assert re.findall(r'id="proposed-met">([^<]*)<', panel) == ["21/22"]
    assert _row(panel, 'data-criterion="22"') == (
        "TC22. Xếp loại thi đua của Đảng ủy và UBND phường Chưa đạt "
        "Chưa đạt: 16663, 16669, 16672, 16678, 16681, 16684, 16687"
    )
    assert "Xã Hưng Chính (18013): không có đánh giá năm 2023" in _text(panel)
    assert "Xác nhận đăng ký năm 2025 như đề xuất" in panel
    assert not new_assessments().exists()


def test_readers_see_the_proposal_without_a_confirm_button(client, both_maps, account):
    for user in [account("xem40", Role.VIEWER, province="40"), account("xemtq", Role.VIEWER)]:
        client.force_login(user)
        response = client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}")
        assertContains(response, 'id="proposed-met">21/22<')
        assertNotContains(response, "Xác nhận đăng ký")
        assertContains(response, "Chỉ Công an tỉnh và Bộ Công an xác nhận được đề xuất này.")


def test_confirming_creates_the_assessment_and_its_history_says_where_values_came_from(
    officer_client, officer
):
    html = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode()
    form = _confirm_form(html)
    assert form["action"] == f"/phuong/{THANH_VINH}/ke-thua/?year=2023&map=2025"
    response = officer_client.post(form["action"], form["data"], follow=True)
    assert response.redirect_chain[-1][0] == f"/phuong/{THANH_VINH}/?year=2025&map=2025"
    assert _messages(response) == [
        "Đã đăng ký Phường Thành Vinh năm 2025 trên Bản đồ hành chính sau 01/7/2025 (34 tỉnh): "
        "Đang xây dựng, đạt 21/22."
    ]
    assessment = new_assessments().get()
    assert (assessment.ward.code, assessment.year, assessment.status) == (
        THANH_VINH,
        2025,
        "dang_xay_dung",
    )
    page = response.content.decode()
    assert re.findall(r'id="ward-completion">([^<]*)<', page) == ["21/22"]
    history = _table(page, "history")
    tc1 = [r for r in re.findall(r"<tr>(.*?)</tr>", history, re.S) if "<td>TC1</td>" in r]
    assert len(tc1) == 2  # registered at Chưa đánh giá, then carried over to Đạt
    carried = _text(tc1[0])
    assert "Chưa đánh giá Đạt" in carried
    assert "Kế thừa từ Phường Đông Vĩnh (16663), 2023: Đạt; Phường Lê Lợi (16669), 2023: Đạt" in (
        carried
    )
    assert "Phường Lê Mao (16687), 2023: Đạt" in carried
    assert "Đăng ký kế thừa từ đánh giá năm 2023 của đơn vị cũ" in _text(tc1[1])
    assert "Cán bộ" in carried or officer.username in carried
    # The panel is gone for 2025: the new assessment is shown instead.
    assert 'id="carry-over"' not in page
    # The old map's results stay as they were.
    assert (
        CriterionResult.objects.get(
            assessment__ward__edition__code="2023",
            assessment__ward__code="16663",
            criterion__number=1,
        ).status
        == ResultStatus.MET
    )


def test_a_second_confirmation_is_refused_with_a_message(officer_client):
    html = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode()
    form = _confirm_form(html)
    officer_client.post(form["action"], form["data"])
    response = officer_client.post(form["action"], form["data"], follow=True)
    assert _messages(response)[-1] == (
        "Chưa xác nhận kế thừa cho Phường Thành Vinh, chưa ghi gì: "
        "Phường Thành Vinh đã đăng ký năm 2025."
    )
    assert new_assessments().count() == 1
    # The 2023 view of the new map now says the start is registered, and links to it.
    page = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode()
    assert "Phường Thành Vinh đã đăng ký năm 2025." in page
    assert f'href="/phuong/{THANH_VINH}/?year=2025&amp;map=2025">Xem đăng ký năm 2025' in page
    assert "Xác nhận đăng ký" not in page


def test_a_stale_proposal_is_refused_and_nothing_is_written(officer_client):
    html = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode()
    form = _confirm_form(html)
    old = CriterionResult.objects.get(
        assessment__ward__edition__code="2023", assessment__ward__code="16663", criterion__number=1
    )
    criterion_result_set_status(result=old, user=None, status=ResultStatus.NOT_MET)
    response = officer_client.post(form["action"], form["data"], follow=True)
    assert _messages(response) == [
        "Chưa xác nhận kế thừa cho Phường Thành Vinh, chưa ghi gì: "
        "Dữ liệu của các đơn vị cũ đã thay đổi sau khi lập đề xuất; "
        "hãy xem lại đề xuất."
    ]
    assert not new_assessments().exists()
    # A forged or missing token is stale too.
    response = officer_client.post(form["action"], {**form["data"], "token": "x"}, follow=True)
    assert "đã thay đổi sau khi lập đề xuất" in _messages(response)[0]
    assert not new_assessments().exists()


def test_a_user_without_the_right_gets_a_message_and_nothing_is_written(
    officer_client, client, account
):
    form = _confirm_form(officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode())
    for user in [account("xem40", Role.VIEWER, province="40"), account("xemtq", Role.VIEWER)]:
        client.force_login(user)
        response = client.post(form["action"], form["data"], follow=True)
        assert response.status_code == 200
        assert _messages(response) == [
            "Bạn không có quyền xác nhận kế thừa: cần quyền đăng ký của Công an tỉnh hoặc Bộ."
        ]
    assert not new_assessments().exists()


def test_users_outside_the_scope_are_refused(officer_client, client, account):
    form = _confirm_form(officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode())
    units_load(edition="2023", only_provinces={"01"})
    for user in [
        account("tinh01", Role.PROVINCE, province="01"),
        account("xem01", Role.VIEWER, province="01"),
    ]:  # the old map's Đông Vĩnh follows its ward here: tests/rounds/test_ward_succession.py
        client.force_login(user)
        assert client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").status_code == 403
        assert client.post(form["action"], form["data"]).status_code == 403
    assert not new_assessments().exists()


def test_the_confirm_address_takes_only_post(officer_client):
    assert officer_client.get(f"/phuong/{THANH_VINH}/ke-thua/?{NEW_MAP}").status_code == 405
    assert not new_assessments().exists()


def test_a_source_year_can_be_chosen_and_a_ward_without_assessed_predecessors_starts_empty(
    officer_client,
):
    html = officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}&from=2023").content.decode()
    assert '<option value="2023" selected>2023</option>' in html
    cua_lo = officer_client.get(f"/phuong/{CUA_LO}/?{NEW_MAP}").content.decode()
    assert re.findall(r'id="proposed-status">([^<]*)<', cua_lo) == ["Đăng ký"]
    assert re.findall(r'id="proposed-met">([^<]*)<', cua_lo) == ["0/22"]
    assert "Các đơn vị cũ chưa có đánh giá nào" in cua_lo
    form = _confirm_form(cua_lo)
    assert form["data"]["from_year"] == ""
    officer_client.post(form["action"], form["data"])
    assert new_assessments().get().ward.code == CUA_LO


# --- The criterion page ----------------------------------------------------------------------


def test_criterion_page_on_the_2025_map_shows_the_predecessors_results(reader_client, both_maps):
    tc22 = Criterion.objects.get(number=22).pk
    for suffix in ["&tinh=40", ""]:
        html = reader_client.get(f"/tieu-chi/{tc22}/?{NEW_MAP}{suffix}").content.decode()
        assert re.findall(r'id="criterion-met">([^<]*)<', html) == ["0/0"]
        table = _table(html, "predecessor-results")
        assert table.count("data-predecessor=") == 16
        assert _row(table, 'data-predecessor="16663"').startswith("Phường Thành Vinh") and _row(
            table, 'data-predecessor="16663"'
        ).endswith("Phường Đông Vĩnh (16663) Chưa đạt")
        assert 'href="/phuong/16663/?year=2023&amp;map=2023#tc22"' in table
    html_2023 = reader_client.get(f"/tieu-chi/{tc22}/?year=2023&tinh=40").content.decode()
    assert 'id="predecessor-results"' not in html_2023
    assert re.findall(r'id="criterion-met">([^<]*)<', html_2023) == ["0/16"]


# --- Workbooks -------------------------------------------------------------------------------


def test_workbooks_on_the_2025_map(reader_client, officer_client, both_maps):
    response = reader_client.get(f"/toan-quoc.xlsx?{NEW_MAP}")
    assert 'filename="toan-quoc-2023-ban-do-2025.xlsx"' in response["Content-Disposition"]
    sheet = _workbook(response)["Toàn quốc"]
    assert sheet["A2"].value == "Bản đồ hành chính: Bản đồ hành chính sau 01/7/2025 (34 tỉnh)"
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert rows[0][:9] == ("40", "Nghệ An", 11, 0, 0, 0, None, 0.0, 0.0)

    response = reader_client.get(f"/tinh/40/bao-cao.xlsx?{NEW_MAP}")
    assert 'filename="tinh-40-2023-ban-do-2025.xlsx"' in response["Content-Disposition"]
    book = _workbook(response)
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert (summary["Số phường"], summary["Đăng ký"]) == (11, 0)
    old = {r[0]: r for r in book["Đơn vị cũ"].iter_rows(min_row=2, values_only=True)}
    assert len(old) == 11
    assert old[THANH_VINH][:4] == (THANH_VINH, "Phường Thành Vinh", "Chưa đăng ký", None)
    assert old[THANH_VINH][4] == "16663, 16669, 16672, 16678, 16681, 16684, 16687, 18013"

    # The locality template lists the new map's phường (all of them: none registered yet).
    assert officer_client.get(f"/tinh/40/mau-nhap-lieu.xlsx?{NEW_MAP}").status_code == 404
    book = _workbook(officer_client.get(f"/tinh/40/mau-nhap-lieu.xlsx?{NEW_MAP}&all=1"))
    meta = dict(book[META_SHEET].iter_rows(values_only=True))
    codes = [r[0] for r in book[DATA_SHEET].iter_rows(min_row=8, values_only=True) if r[0]]
    assert len(codes) == 11 and THANH_VINH in codes
    assert (meta["map_edition"], meta["province_code"]) == ("2025", "40")


def test_the_2023_workbooks_stay_as_they_were(reader_client, officer_client, both_maps):
    response = reader_client.get("/tinh/40/bao-cao.xlsx?year=2023")
    assert 'filename="tinh-40-2023.xlsx"' in response["Content-Disposition"]
    book = _workbook(response)
    assert "Đơn vị cũ" not in book.sheetnames
    summary = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert (summary["Số phường"], summary["Đăng ký"]) == (32, 16)
    template = _workbook(officer_client.get("/tinh/40/mau-nhap-lieu.xlsx?year=2023"))
    codes = [r[0] for r in template[DATA_SHEET].iter_rows(min_row=8, values_only=True) if r[0]]
    assert len(codes) == 16


def test_progress_command_agrees_with_the_page(reader_client, both_maps):
    out = io.StringIO()
    call_command(
        "progress",
        "--province",
        "40",
        "--map",
        "2025",
        "--all-wards",
        "--format",
        "json",
        "--year",
        "2023",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    html = reader_client.get(f"/tinh/40/?{NEW_MAP}").content.decode()
    table = _table(html, "new-wards")
    for ward in data["wards"]:
        row = _row(table, f'data-new-ward="{ward["code"]}"')
        assert all(f"({code})" in row for code in ward["predecessors"])


def test_a_confirmation_beaten_by_another_is_refused_with_a_message(officer_client, monkeypatch):
    form = _confirm_form(officer_client.get(f"/phuong/{THANH_VINH}/?{NEW_MAP}").content.decode())

    def beaten(**kwargs):
        raise IntegrityError("assessment_once_per_ward_year")

    monkeypatch.setattr("tracker.assessments.views.assessment_carry_over_confirm", beaten)
    response = officer_client.post(form["action"], form["data"], follow=True)
    assert _messages(response) == [
        "Chưa xác nhận kế thừa cho Phường Thành Vinh, chưa ghi gì: "
        "Phường Thành Vinh đã đăng ký năm 2025."
    ]
