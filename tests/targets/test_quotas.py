"""The Ministry sets each province's quota for a year from the overview (issue 26, point 2)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from tracker.accounts.models import AuditAction, AuditEvent
from tracker.targets.models import ProvinceQuota
from tracker.targets.quotas import province_quotas_set
from tracker.units.loading import units_load
from tracker.units.models import MapEdition

URL = "/chi-tieu/"


@pytest.fixture
def two_provinces(nghe_an_both_maps, people):
    """Nghệ An and Hà Nội on the 2025 map, and an account of each role."""
    units_load(edition="2025", only_provinces={"01"})
    return people


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def quotas(year=2026) -> dict[str, int]:
    return dict(
        ProvinceQuota.objects.filter(year=year, province__edition__code="2025").values_list(
            "province__code", "quota"
        )
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def audits() -> list[str]:
    return sorted(
        f"{e.target}: {e.detail}" for e in AuditEvent.objects.filter(action=AuditAction.QUOTA)
    )


def set_quotas(values: dict, user, year=2026):
    return province_quotas_set(
        edition=MapEdition.objects.get(code="2025"),
        year=year,
        quotas=values,
        user=user,
        reason="Thử",
    )


def test_each_changed_quota_is_kept_in_the_history_and_the_audit(two_provinces):
    admin = two_provinces["ministry"]
    set_quotas({"40": "3", "01": "12"}, admin)
    set_quotas({"40": "5", "01": "12"}, admin)
    assert quotas() == {"40": 5, "01": 12}
    nghe_an = ProvinceQuota.objects.get(year=2026, province__code="40")
    assert [(h.quota, h.history_user, h.history_type) for h in nghe_an.history.order_by("pk")] == [
        (3, admin, "+"),
        (5, admin, "~"),
    ]
    # The unchanged quota of Hà Nội is not written or audited a second time.
    assert audits() == [
        "Chỉ tiêu năm 2026 của Nghệ An: 3 → 5. Thử",
        "Chỉ tiêu năm 2026 của Nghệ An: — → 3. Thử",
        "Chỉ tiêu năm 2026 của Thành phố Hà Nội: — → 12. Thử",
    ]


def test_an_emptied_quota_is_removed_with_its_history(two_provinces):
    admin = two_provinces["ministry"]
    set_quotas({"40": "3"}, admin)
    set_quotas({"40": ""}, admin)
    assert quotas() == {}
    assert "Chỉ tiêu năm 2026 của Nghệ An: 3 → —. Thử" in audits()
    assert ProvinceQuota.history.filter(history_type="-").get().history_user == admin


@pytest.mark.parametrize("value", ["-1", "abc", "2.5", "40000"])
def test_a_value_not_a_whole_number_is_refused_naming_the_province(two_provinces, value):
    with pytest.raises(ValidationError) as error:
        set_quotas({"01": "7", "40": value}, two_provinces["ministry"])
    assert f"Chỉ tiêu của Nghệ An ('{value}') phải là số nguyên từ 0" in error.value.messages[0]
    # Nothing half-done: Hà Nội's valid quota is not saved either.
    assert quotas() == {}
    assert audits() == []


@pytest.mark.parametrize("who", ["province", "viewer", "ward"])
def test_only_the_ministry_sets_quotas(two_provinces, who):
    with pytest.raises(PermissionDenied):
        set_quotas({"40": "3"}, two_provinces[who])
    assert quotas() == {}


def test_a_year_outside_the_programme_is_refused(two_provinces):
    with pytest.raises(ValidationError) as error:
        set_quotas({"40": "3"}, two_provinces["ministry"], year=2031)
    assert "Năm 2031 ngoài chương trình" in error.value.messages[0]


# --- The page ---


def test_the_page_lists_the_provinces_of_the_years_map_with_their_quota(two_provinces):
    set_quotas({"40": "4"}, two_provinces["ministry"])
    response = client_of(two_provinces["ministry"]).get(f"{URL}?year=2026")
    html = response.content.decode()
    assert re.findall(r'data-quota="(\d+)"', html) == ["01", "40"]
    assertContains(response, 'name="quota-40" value="4"')
    assertContains(response, 'name="quota-01" value=""')


def test_saving_shows_the_quota_on_the_overview(two_provinces):
    client = client_of(two_provinces["ministry"])
    response = client.post(f"{URL}?year=2026", {"quota-40": "6", "quota-01": ""}, follow=True)
    assert response.redirect_chain == [("/?year=2026", 302)]
    assert "Đã lưu chỉ tiêu năm 2026 của 1 tỉnh: Nghệ An: — → 6." in messages_of(response)
    row = re.search(r'<tr[^>]*data-province="40"[^>]*>(.*?)</tr>', response.content.decode(), re.S)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells[4] == "6"  # wards, registered, meeting all, recognised, quota
    event = AuditEvent.objects.get(action=AuditAction.QUOTA)
    assert (event.user, event.province.code) == (two_provinces["ministry"], "40")


def test_a_bad_value_is_refused_on_the_page_and_nothing_saved(two_provinces):
    response = client_of(two_provinces["ministry"]).post(
        f"{URL}?year=2026", {"quota-40": "-2", "quota-01": "9"}
    )
    assert response.status_code == 200
    assert "Chưa lưu chỉ tiêu nào: Chỉ tiêu của Nghệ An ('-2')" in messages_of(response)
    # The values typed are shown again, to be corrected.
    assertContains(response, 'name="quota-40" value="-2"')
    assert quotas() == {}


@pytest.mark.parametrize("who", ["province", "viewer", "ward"])
def test_the_page_is_the_ministrys_only(two_provinces, who):
    client = client_of(two_provinces[who])
    assert client.get(f"{URL}?year=2026").status_code == 403
    assert client.post(f"{URL}?year=2026", {"quota-40": "3"}).status_code == 403
    assert quotas() == {}


def test_the_overview_links_to_it_for_the_ministry_only(two_provinces, reader):
    link = 'href="/chi-tieu/?year=2026"'
    assertContains(client_of(two_provinces["ministry"]).get("/?year=2026"), link)
    # A national viewer sees the overview and sets nothing.
    assertNotContains(client_of(reader).get("/?year=2026"), link)
