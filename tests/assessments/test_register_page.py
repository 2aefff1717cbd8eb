"""The province's registration page /tinh/<code>/dang-ky/ (issue 26, point 2)."""

import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from tests.conftest import CUA_LO, THANH_VINH, TRUONG_VINH, VINH_HUNG, VINH_PHU
from tracker.accounts.models import AuditAction, AuditEvent, Role
from tracker.assessments.models import Assessment, AssessmentStatus, ResultStatus
from tracker.units.loading import units_load

URL = "/tinh/40/dang-ky/"
HOANG_MAI = "17110"
QUE_PHONG = "16738"
# Nghệ An's phường on the 2025 map.
NEW_PHUONG = {
    CUA_LO, "17110", "17125", "17128", "16994", "16939", THANH_VINH, TRUONG_VINH, VINH_HUNG,
    "16708", VINH_PHU,
}  # fmt: skip


@pytest.fixture
def maps_and_people(nghe_an_both_maps, people):
    return people


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed(html: str) -> set[str]:
    return set(re.findall(r'data-registrable="(\d+)"', html))


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def registered(year=2026):
    return sorted(Assessment.objects.filter(year=year).values_list("ward__code", flat=True))


def test_lists_the_provinces_unregistered_phuong_of_the_years_map(maps_and_people):
    client = client_of(maps_and_people["province"])
    client.post(f"{URL}?year=2026", {"ward": [HOANG_MAI]})
    response = client.get(f"{URL}?year=2026")
    assert response.status_code == 200
    html = response.content.decode()
    # The 2025 map's phường (no xã, no unit of the 2023 map), without the one registered.
    assert listed(html) == NEW_PHUONG - {HOANG_MAI}
    assert QUE_PHONG not in listed(html)
    assertContains(response, "Đăng ký phường năm 2026 – Nghệ An")


def test_on_the_2023_map_the_years_phuong_of_that_map(maps_and_people):
    response = client_of(maps_and_people["province"]).get(f"{URL}?year=2023")
    html = response.content.decode()
    # 32 phường on the 2023 map, 16 registered in 2023 by the fixtures.
    assert len(listed(html)) == 16
    assert "16663" not in listed(html)  # Đông Vĩnh, registered in 2023
    assertContains(response, "<td>Thị xã Cửa Lò</td>")  # the district column


def test_another_years_map_is_refused_on_the_page(maps_and_people):
    client = client_of(maps_and_people["province"])
    response = client.get(f"{URL}?year=2026&map=2023")
    assertContains(response, "Năm 2026 không đăng ký trên")
    assert listed(response.content.decode()) == set()
    response = client.post(f"{URL}?year=2026&map=2023", {"ward": ["16666"]})
    assert (
        "Chưa đăng ký phường nào của Tỉnh Nghệ An năm 2026: Năm 2026 không đăng ký trên"
        in messages_of(response)
    )
    assert registered() == []


def test_search_by_code_or_name_without_diacritics(maps_and_people):
    client = client_of(maps_and_people["province"])
    by_name = client.get(f"{URL}?year=2026&q=cua lo").content.decode()
    assert listed(by_name) == {CUA_LO}
    by_code = client.get(f"{URL}?year=2026&q=1669").content.decode()
    assert listed(by_code) == {TRUONG_VINH}
    nothing = client.get(f"{URL}?year=2026&q=khong co")
    assertContains(nothing, "Không có phường chưa đăng ký nào khớp với")


def test_registers_the_chosen_wards_and_says_which(maps_and_people):
    client = client_of(maps_and_people["province"])
    response = client.post(f"{URL}?year=2026", {"ward": [CUA_LO, HOANG_MAI]}, follow=True)
    assert response.redirect_chain == [("/tinh/40/?year=2026", 302)]
    assert (
        "Đã đăng ký 2 phường năm 2026: Phường Cửa Lò (16732), Phường Hoàng Mai (17110)."
        in messages_of(response)
    )
    assert registered() == [CUA_LO, HOANG_MAI]
    event = AuditEvent.objects.get(target="Phường Cửa Lò – 2026")
    assert (event.action, event.user) == (AuditAction.ASSESSMENT, maps_and_people["province"])


def test_a_stale_form_is_refused_and_nothing_registered(maps_and_people):
    client = client_of(maps_and_people["province"])
    form = client.get(f"{URL}?year=2026").content.decode()
    assert {CUA_LO, HOANG_MAI} <= listed(form)
    # Someone registers Hoàng Mai after the form was opened.
    client_of(maps_and_people["ministry"]).post(f"{URL}?year=2026", {"ward": [HOANG_MAI]})
    response = client.post(f"{URL}?year=2026", {"ward": [CUA_LO, HOANG_MAI]})
    assert response.status_code == 200
    assert (
        "Chưa đăng ký phường nào của Nghệ An năm 2026: "
        "Phường Hoàng Mai (17110) đã đăng ký năm 2026." in messages_of(response)
    )
    assert registered() == [HOANG_MAI]
    # The choice is kept on the page shown again, without the ward now registered.
    assertContains(response, f'value="{CUA_LO}" id="ward-{CUA_LO}" checked')


def test_nothing_chosen_says_what_to_do(maps_and_people):
    response = client_of(maps_and_people["province"]).post(f"{URL}?year=2026", {})
    assert "Hãy chọn ít nhất một phường để đăng ký." in messages_of(response)


def test_offers_the_carry_over_for_wards_whose_predecessors_have_results(maps_and_people):
    response = client_of(maps_and_people["province"]).get(f"{URL}?year=2026")
    html = response.content.decode()
    offered = set(re.findall(r'data-carry-over="(\d+)"', html))
    assert offered == {THANH_VINH, TRUONG_VINH, VINH_HUNG, VINH_PHU}
    assertContains(response, f'href="/phuong/{THANH_VINH}/?year=2026&amp;map=2025#carry-over"')
    assertContains(response, "Có kết quả năm 2023: xem đề xuất kế thừa")
    assertContains(response, "Kế thừa kết quả của đơn vị cũ")


def test_the_ward_page_linked_shows_the_carry_over_proposal(maps_and_people):
    response = client_of(maps_and_people["province"]).get(
        f"/phuong/{THANH_VINH}/?year=2026&map=2025"
    )
    assertContains(response, 'id="carry-over"')
    assertContains(response, "Xác nhận đăng ký năm 2026 như đề xuất")


def test_the_checkbox_carries_the_predecessors_results_over(maps_and_people):
    response = client_of(maps_and_people["province"]).post(
        f"{URL}?year=2026",
        {"ward": [THANH_VINH, CUA_LO], "carry_over_shown": "1", "carry_over": "1"},
        follow=True,
    )
    assert "Kế thừa kết quả của đơn vị cũ: Phường Thành Vinh." in messages_of(response)
    thanh_vinh = Assessment.objects.get(year=2026, ward__code=THANH_VINH)
    assert thanh_vinh.status == AssessmentStatus.BUILDING
    assert thanh_vinh.results.filter(status=ResultStatus.MET).count() == 21


def test_unticked_registers_afresh_and_says_so(maps_and_people):
    response = client_of(maps_and_people["province"]).post(
        f"{URL}?year=2026", {"ward": [THANH_VINH], "carry_over_shown": "1"}, follow=True
    )
    assert "Đăng ký mới, không kế thừa kết quả của đơn vị cũ: Phường Thành Vinh." in (
        messages_of(response)
    )
    thanh_vinh = Assessment.objects.get(year=2026, ward__code=THANH_VINH)
    assert thanh_vinh.results.filter(status=ResultStatus.MET).count() == 0


def test_a_form_that_did_not_offer_the_carry_over_asks_to_choose(maps_and_people):
    # Predecessors' results appeared after the form was shown without the checkbox.
    response = client_of(maps_and_people["province"]).post(
        f"{URL}?year=2026", {"ward": [THANH_VINH]}
    )
    assert "hãy chọn kế thừa kết quả của đơn vị cũ hoặc đăng ký mới" in messages_of(response)
    assert registered() == []
    assertContains(response, 'id="carry-over-choice"')


@pytest.mark.parametrize("who", ["viewer", "ward", "other_province"])
def test_who_does_not_manage_the_province_gets_403(maps_and_people, account, who):
    if who == "other_province":
        units_load(edition="2023", only_provinces={"01"})
        user = account("tinh01", Role.PROVINCE, province="01")
    else:
        user = maps_and_people[who]
    client = client_of(user)
    assert client.get(f"{URL}?year=2026").status_code == 403
    assert client.post(f"{URL}?year=2026", {"ward": [CUA_LO]}).status_code == 403
    assert registered() == []


def test_the_ministry_registers_too(maps_and_people):
    client = client_of(maps_and_people["ministry"])
    assert client.get(f"{URL}?year=2026").status_code == 200
    client.post(f"{URL}?year=2026", {"ward": [CUA_LO]})
    assert registered() == [CUA_LO]


def test_an_anonymous_visitor_is_sent_to_log_in(maps_and_people):
    response = Client().get(f"{URL}?year=2026")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_the_post_needs_the_csrf_token(maps_and_people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(maps_and_people["province"])
    assert client.post(f"{URL}?year=2026", {"ward": [CUA_LO]}).status_code == 403
    assert registered() == []


def test_the_province_page_links_to_it_for_who_manages_the_province(maps_and_people):
    link = 'href="/tinh/40/dang-ky/?year=2026"'
    response = client_of(maps_and_people["province"]).get("/tinh/40/?year=2026")
    assertContains(response, link)
    assertContains(response, "Đăng ký phường năm 2026")
    assertNotContains(client_of(maps_and_people["viewer"]).get("/tinh/40/?year=2026"), link)
