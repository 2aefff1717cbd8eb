"""The Vietnamese admin a provincial officer opens (issue 3, points 4 and 7)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import assessment_register, criterion_result_set_status
from tracker.criteria.models import CriteriaSet
from tracker.targets.models import ProvinceQuota
from tracker.units.loading import units_load
from tracker.units.models import Ward


@pytest.fixture
def admin_client(client, national_admin, nghe_an_2023):
    client.force_login(national_admin)
    return client


def results_post_data(assessment: Assessment, changes: dict[int, str] | None = None) -> dict:
    """The change form as the browser posts it, with `changes` {criterion number: status}."""
    changes = changes or {}
    results = list(assessment.results.order_by("criterion__number"))
    data = {
        "status": assessment.status,
        "decision_number": assessment.decision_number,
        "decision_date": "",
        "results-TOTAL_FORMS": len(results),
        "results-INITIAL_FORMS": len(results),
        "results-MIN_NUM_FORMS": 0,
        "results-MAX_NUM_FORMS": 1000,
    }
    for i, r in enumerate(results):
        data |= {
            f"results-{i}-id": r.pk,
            f"results-{i}-assessment": assessment.pk,
            f"results-{i}-status": changes.get(r.criterion.number, r.status),
            f"results-{i}-evidence": r.evidence,
            f"results-{i}-note": r.note,
            f"results-{i}-seen_version": r.version,
        }
    return data


def test_admin_speaks_vietnamese_by_default(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Theo dõi Công an phường điển hình, kiểu mẫu" in page
    assert "Thoát" in page and 'lang="vi"' in page


def test_an_english_browser_still_gets_vietnamese(admin_client):
    page = admin_client.get(reverse("admin:index"), headers={"accept-language": "en-US,en"})
    assert 'lang="vi"' in page.content.decode()


def test_english_is_available_when_chosen(admin_client):
    response = admin_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'lang="en"' in page and "Log out" in page
    assert "Model ward police" in page  # our own strings are translated too


@pytest.mark.parametrize(
    "name",
    [
        "admin:tracker_province_changelist",
        "admin:tracker_district_changelist",
        "admin:tracker_ward_changelist",
        "admin:tracker_assessment_changelist",
        "admin:tracker_criterionresult_changelist",
        "admin:tracker_criteriaset_changelist",
        "admin:tracker_target_changelist",
        "admin:tracker_provincequota_changelist",
        "admin:tracker_mapedition_changelist",
        "admin:tracker_assessment_add",
        "admin:tracker_criterion_changelist",
        "admin:tracker_criterion_import",
        "admin:tracker_criteriaset_export",
        "admin:tracker_ward_export",
        "admin:tracker_criterionresult_export",
        "admin:tracker_unitsuccession_changelist",
        "admin:tracker_auditevent_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_pages_open(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 200


def test_change_and_history_pages_open(admin_client):
    assessment = Assessment.objects.first()
    result = assessment.results.first()
    ward = assessment.ward
    for url in [
        reverse("admin:tracker_assessment_change", args=[assessment.pk]),
        reverse("admin:tracker_assessment_history", args=[assessment.pk]),
        reverse("admin:tracker_criterionresult_change", args=[result.pk]),
        reverse("admin:tracker_criterionresult_history", args=[result.pk]),
        reverse("admin:tracker_ward_change", args=[ward.pk]),
        reverse("admin:tracker_criteriaset_change", args=[assessment.criteria_set_id]),
    ]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("term", ["dong vinh", "Đông Vĩnh", "ĐÔNG VĨNH", "16663"])
def test_ward_search_with_or_without_diacritics(admin_client, term):
    page = admin_client.get(reverse("admin:tracker_ward_changelist"), {"q": term})
    rows = page.context["cl"].result_list
    assert [w.name for w in rows] == ["Phường Đông Vĩnh"]


def test_assessment_list_shows_completion_and_filters(admin_client):
    url = reverse("admin:tracker_assessment_changelist")
    page = admin_client.get(url)
    assert page.content.decode().count("21/22") == 16
    # The province by its code, on the map shown (here the only one loaded).
    filtered = admin_client.get(url, {"province": "40", "year": 2023, "status": "dang_xay_dung"})
    assert filtered.context["cl"].result_count == 16
    assert admin_client.get(url, {"year": 2024}).context["cl"].result_count == 0


def changelist_queries(client, name, query) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse(name), query)
    assert page.status_code == 200
    return len(queries), len(page.context["cl"].result_list)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("admin:tracker_assessment_changelist", {}),
        ("admin:tracker_criterionresult_changelist", {"criterion__number": 1}),
        ("admin:tracker_ward_changelist", {}),
        ("admin:tracker_provincequota_changelist", {}),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(client, national_admin, name, query):
    """Pinned with 2 rows shown and with 50 (issue 3, point 7)."""
    units_load(edition="2023", only_provinces={"01"})
    call_command("load_fixtures", "criteria_2023.json", stdout=io.StringIO())
    client.force_login(national_admin)
    criteria_set = CriteriaSet.objects.get()
    wards = list(Ward.objects.filter(kind="phuong").order_by("code")[:50])
    for ward in wards[:2]:
        assessment_register(ward=ward, year=2023, criteria_set=criteria_set, user=national_admin)
    ProvinceQuota.objects.create(province=wards[0].province, year=2023, quota=1)
    ProvinceQuota.objects.create(province=wards[0].province, year=2024, quota=2)
    Ward.objects.exclude(pk__in=[w.pk for w in wards[:2]]).delete()
    small, small_rows = changelist_queries(client, name, query)
    units_load(edition="2023", only_provinces={"01"})
    for ward in Ward.objects.filter(kind="phuong").order_by("code")[2:50]:
        assessment_register(ward=ward, year=2023, criteria_set=criteria_set, user=national_admin)
    for year in range(2025, 2073):
        ProvinceQuota.objects.create(province=wards[0].province, year=year, quota=1)
    large, large_rows = changelist_queries(client, name, query)
    assert small_rows == 2 and large_rows >= 50
    assert small == large


def test_inline_edit_goes_through_the_service_and_lands_in_history(admin_client, national_admin):
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    url = reverse("admin:tracker_assessment_change", args=[assessment.pk])
    response = admin_client.post(url, results_post_data(assessment, {22: ResultStatus.MET}))
    assert response.status_code == 302
    result = assessment.results.get(criterion__number=22)
    assert (result.status, result.changed_by, result.version) == (
        ResultStatus.MET,
        national_admin,
        1,
    )
    latest, before = result.history.all()[:2]
    assert (before.status, latest.status, latest.history_user) == (
        ResultStatus.NOT_MET,
        ResultStatus.MET,
        national_admin,
    )
    assert latest.history_change_reason == "Cập nhật trong trang quản trị"
    history_page = admin_client.get(
        reverse("admin:tracker_criterionresult_history", args=[result.pk])
    ).content.decode()
    assert "chua_dat" in history_page and "dat" in history_page


def test_stale_inline_edit_is_refused_and_nothing_is_saved(admin_client, officer):
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    form = results_post_data(assessment, {22: ResultStatus.MET, 1: ResultStatus.IN_PROGRESS})
    # Someone else saves criterion 22 after the page was opened.
    other = assessment.results.get(criterion__number=22)
    criterion_result_set_status(result=other, user=officer, status=ResultStatus.IN_PROGRESS)
    response = admin_client.post(
        reverse("admin:tracker_assessment_change", args=[assessment.pk]), form
    )
    assert response.status_code == 200
    assert "vừa được người khác thay đổi" in response.content.decode()
    assert "Đang thực hiện" in response.content.decode()
    statuses = dict(assessment.results.values_list("criterion__number", "status"))
    assert (statuses[1], statuses[22]) == (ResultStatus.MET, ResultStatus.IN_PROGRESS)


def test_registering_in_the_admin_creates_the_results(admin_client):
    ward = Ward.objects.get(edition__code="2023", code="16717")
    response = admin_client.post(
        reverse("admin:tracker_assessment_add"),
        {
            "ward": ward.pk,
            "year": 2024,
            "criteria_set": CriteriaSet.objects.get().pk,
            "status": "dang_ky",
            "decision_number": "",
            "decision_date": "",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(ward=ward, year=2024)
    assert assessment.results.count() == 22
    assert assessment.history.count() == 1


def test_registering_a_commune_is_refused_at_the_field(admin_client):
    commune = Ward.objects.filter(edition__code="2023", province__code="40", kind="xa").first()
    response = admin_client.post(
        reverse("admin:tracker_assessment_add"),
        {"ward": commune.pk, "year": 2024, "criteria_set": CriteriaSet.objects.get().pk},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ward"]
    assert not Assessment.objects.filter(ward=commune).exists()


def test_ward_autocomplete_offers_only_phuong(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "nghi", "app_label": "tracker", "model_name": "assessment", "field_name": "ward"},
    )
    names = [r["text"] for r in response.json()["results"]]
    assert names and all(n.startswith("Phường") for n in names)


def test_status_and_decision_are_not_editable_in_the_admin(admin_client):
    """Recognition is a decision taken in steps on the ward page, not a field (issue 6)."""
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    data = results_post_data(assessment)
    data |= {"status": "da_cong_nhan", "decision_number": "1/QĐ", "decision_date": "2024-01-02"}
    response = admin_client.post(
        reverse("admin:tracker_assessment_change", args=[assessment.pk]), data
    )
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.status, stored.decision_number) == ("dang_xay_dung", "")
    assert CriterionResult.objects.filter(assessment=assessment, version__gt=0).count() == 0


def test_admin_pages_load_nothing_from_the_internet(admin_client):
    assessment = Assessment.objects.first()
    for url in [
        reverse("admin:index"),
        reverse("admin:tracker_assessment_changelist"),
        reverse("admin:tracker_assessment_change", args=[assessment.pk]),
        reverse("admin:tracker_ward_changelist"),
    ]:
        page = admin_client.get(url).content.decode()
        for attribute in ('src="http', "src='http", 'href="http', "href='http", "url(http"):
            assert attribute not in page, (url, attribute)
