"""One stale rule for every screen that saves a result: the version shown must still be current.

A save of criteria nobody else changed goes through whatever happened to the
ward's other criteria; a save based on an old or missing version is refused with
the current value, and nothing of the form is kept.
"""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.assessments.test_admin import results_post_data
from tracker.accounts.models import AuditEvent, Role
from tracker.assessments.forms import EDITABLE
from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status

pytestmark = pytest.mark.usefixtures("nghe_an_2023")

WARD_URL = "/phuong/16663/?year=2023"


def _result(number: int) -> CriterionResult:
    return CriterionResult.objects.select_related("criterion").get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=number
    )


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ward_form(page, changes: dict[int, dict] | None = None, drop: tuple = ()) -> dict:
    """The ward page's form as the browser sends it back, with the values it was shown."""
    formset = page.context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for i, form in enumerate(formset.forms):
        number = formset.results[form.initial["result"]].criterion.number
        for name, value in (dict(form.initial) | (changes or {}).get(number, {})).items():
            data[f"{formset.prefix}-{i}-{name}"] = value
        for name in EDITABLE:
            data[f"initial-{formset.prefix}-{i}-{name}"] = form.initial[name]
    for key in drop:
        del data[key]
    return data


@pytest.fixture
def two_editors(account):
    return (
        _logged_in(account("tinh40a", Role.PROVINCE, province="40")),
        _logged_in(account("tinh40b", Role.PROVINCE, province="40")),
    )


def test_a_save_of_other_criteria_goes_through_after_a_colleagues_save(two_editors):
    a, b = two_editors
    page_a, page_b = a.get(WARD_URL), b.get(WARD_URL)
    assert (
        a.post(WARD_URL, _ward_form(page_a, {1: {"status": ResultStatus.IN_PROGRESS}})).status_code
        == 302
    )
    # B's form was opened before A saved TC1; B changes TC2 only.
    response = b.post(WARD_URL, _ward_form(page_b, {2: {"note": "Đã kiểm tra"}}))
    assert response.status_code == 302
    assert (_result(1).status, _result(1).changed_by.username) == (
        ResultStatus.IN_PROGRESS,
        "tinh40a",
    )
    assert (_result(2).note, _result(2).changed_by.username) == ("Đã kiểm tra", "tinh40b")
    assertContains(b.get(WARD_URL), "Đã lưu 1 thay đổi của Phường Đông Vĩnh.")


def test_a_save_of_the_same_criterion_is_refused_with_the_current_value(two_editors):
    a, b = two_editors
    page_a, page_b = a.get(WARD_URL), b.get(WARD_URL)
    a.post(WARD_URL, _ward_form(page_a, {1: {"status": ResultStatus.IN_PROGRESS}}))
    response = b.post(
        WARD_URL,
        _ward_form(page_b, {1: {"status": ResultStatus.NOT_MET}, 2: {"note": "kèm theo"}}),
    )
    assert response.status_code == 200
    errors = " ".join(response.context["formset"].forms[0].errors["status"])
    assert "TC1 vừa được người khác thay đổi (tinh40a" in errors
    assert "giá trị hiện tại là 'Đang thực hiện'" in errors
    assert _result(1).status == ResultStatus.IN_PROGRESS
    assert _result(2).note == ""  # the whole form is one change: nothing of it is kept
    assert _result(1).history.count() == 2  # the creation and A's change only


def test_an_edit_without_its_version_counts_as_stale(two_editors):
    a, _ = two_editors
    data = _ward_form(
        a.get(WARD_URL), {22: {"status": ResultStatus.MET}}, drop=("form-21-version",)
    )
    response = a.post(WARD_URL, data)
    assert response.status_code == 200
    assert "thiếu phiên bản" in " ".join(response.context["formset"].forms[21].errors["status"])
    assert _result(22).version == 0


@pytest.mark.parametrize(
    "post",
    [
        {},
        {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0", "form-0-status": "dat"},
        {"form-TOTAL_FORMS": "x"},
    ],
    ids=["empty", "truncated", "garbled"],
)
def test_a_malformed_ward_page_post_gets_a_message_not_an_error(two_editors, post):
    a, _ = two_editors
    response = a.post(WARD_URL, post)
    assert response.status_code == 200
    assertContains(response, "Chưa lưu gì")
    assert len(response.context["formset"].forms) == 22  # the stored values, shown again
    assert not CriterionResult.objects.filter(version__gt=0).exists()


def test_admin_change_page_refuses_an_old_or_missing_version(client, national_admin):
    client.force_login(national_admin)
    result = _result(22)
    url = reverse("admin:tracker_criterionresult_change", args=[result.pk])
    form = {"status": ResultStatus.MET, "evidence": "", "note": "", "seen_version": 0}
    criterion_result_set_status(result=result, user=None, status=ResultStatus.IN_PROGRESS)
    for data in (form, {k: v for k, v in form.items() if k != "seen_version"}):
        response = client.post(url, data)
        assert response.status_code == 200
        assertContains(response, "vừa được người khác thay đổi")
        assertContains(response, "giá trị hiện tại là &#x27;Đang thực hiện&#x27;")
    assert _result(22).status == ResultStatus.IN_PROGRESS
    # With the current version the same save goes through.
    assert client.post(url, form | {"seen_version": 1}).status_code == 302
    assert (_result(22).status, _result(22).version) == (ResultStatus.MET, 2)


def _inline_form(assessment: Assessment, changes: dict[int, str], drop_version: int | None = None):
    """The assessment's change page as posted, without one criterion's version if asked."""
    data = results_post_data(assessment, changes)
    if drop_version is not None:
        numbers = list(
            assessment.results.order_by("criterion__number").values_list(
                "criterion__number", flat=True
            )
        )
        del data[f"results-{numbers.index(drop_version)}-seen_version"]
    return data


def test_admin_inline_refuses_an_edit_without_its_version(client, national_admin):
    client.force_login(national_admin)
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    url = reverse("admin:tracker_assessment_change", args=[assessment.pk])
    response = client.post(url, _inline_form(assessment, {22: ResultStatus.MET}, drop_version=22))
    assert response.status_code == 200
    assertContains(response, "vừa được người khác thay đổi")
    assert _result(22).version == 0


def test_province_officer_edits_through_the_inline_and_it_is_kept(client, officer):
    client.force_login(officer)
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    url = reverse("admin:tracker_assessment_change", args=[assessment.pk])
    page = client.get(url)
    assertContains(page, 'name="results-21-status"')  # editable: the officer may save it
    response = client.post(url, _inline_form(assessment, {22: ResultStatus.MET}))
    assert response.status_code == 302
    assert (_result(22).status, _result(22).changed_by) == (ResultStatus.MET, officer)
    assert _result(22).history.first().history_user == officer


def test_province_viewer_sees_the_inline_read_only(client, account):
    viewer = account("xem40", Role.VIEWER, province="40")
    client.force_login(viewer)
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    page = client.get(reverse("admin:tracker_assessment_change", args=[assessment.pk]))
    assert page.status_code == 200
    assertContains(page, "Chưa đạt")  # the results are shown
    assert 'name="results-21-status"' not in page.content.decode()


def test_a_save_that_changes_nothing_is_not_audited(client, officer):
    client.force_login(officer)
    assessment = Assessment.objects.get(ward__code="16663", year=2023)
    before = AuditEvent.objects.count()
    url = reverse("admin:tracker_assessment_change", args=[assessment.pk])
    assert client.post(url, _inline_form(assessment, {})).status_code == 302
    assert AuditEvent.objects.count() == before
    assert not CriterionResult.objects.filter(version__gt=0).exists()
