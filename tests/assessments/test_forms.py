"""Status entry on the ward page (tracker/assessments/forms.py): one form, one transaction,
one history."""

import re

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from tracker.assessments.forms import EDITABLE
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status

# Nghệ An first: the editor fixture would otherwise make its province before the copy.
pytestmark = pytest.mark.usefixtures("nghe_an_2023")

URL = "/phuong/16663/?year=2023"


def _form_data(response, changes: dict[int, dict] | None = None) -> dict:
    """What the browser sends back untouched, changes as {criterion number: {field: value}}."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()
    }
    for i, form in enumerate(formset.forms):
        number = formset.results[form.initial["result"]].criterion.number
        values = dict(form.initial) | (changes or {}).get(number, {})
        for name, value in values.items():
            data[f"{formset.prefix}-{i}-{name}"] = value
        # The browser also sends the values it was shown, from the hidden inputs.
        for name in EDITABLE:
            data[f"initial-{formset.prefix}-{i}-{name}"] = form.initial[name]
    return data


def _result(number: int) -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__code="16663", assessment__year=2023, criterion__number=number
    )


def test_editor_changes_status_evidence_and_note_and_finds_it_in_the_history(
    editor_client, nghe_an_2023
):
    page = editor_client.get(URL)
    data = _form_data(
        page,
        {
            22: {"status": ResultStatus.MET, "evidence": "QĐ 12/QĐ-UBND\r\nxếp loại tốt"},
            5: {"note": "Đã kiểm tra lại"},
        },
    )
    response = editor_client.post(URL, data)
    assertRedirects(response, URL, fetch_redirect_response=False)
    tc22 = _result(22)
    assert (tc22.status, tc22.evidence, tc22.version) == (
        ResultStatus.MET,
        "QĐ 12/QĐ-UBND\nxếp loại tốt",
        1,
    )
    assert _result(5).note == "Đã kiểm tra lại"
    assert _result(1).version == 0  # untouched rows are not rewritten
    page = editor_client.get(URL)
    assertContains(page, "Đã lưu 2 thay đổi của Phường Đông Vĩnh.")
    assert re.findall(r'id="ward-completion">([^<]*)<', page.content.decode()) == ["22/22"]
    first = page.context["report"].history[0]
    assert (first.criterion.number, first.from_status, first.to_status) == (22, "Chưa đạt", "Đạt")
    assert first.user.username == "tinh40"
    assert first.changed_fields == ["kết quả", "ghi chú về minh chứng"]
    assert first.reason == "Cập nhật trên trang phường"
    history = re.search(r'id="history">(.*?)</table>', page.content.decode(), re.S).group(1)
    assert "Cán bộ tỉnh" in history


def test_invalid_status_is_shown_at_its_field_and_nothing_is_saved(editor_client, nghe_an_2023):
    data = _form_data(
        editor_client.get(URL),
        {22: {"status": ResultStatus.MET}, 3: {"status": "gan_dat"}},
    )
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assertContains(response, "Chưa lưu gì")
    form = response.context["formset"].forms[2]
    assert form.errors["status"]
    assert _result(22).status == ResultStatus.NOT_MET
    assert _result(22).version == 0


def test_a_result_changed_meanwhile_is_refused_and_no_row_is_kept(
    editor_client, editor, nghe_an_2023
):
    page = editor_client.get(URL)
    criterion_result_set_status(result=_result(21), user=editor, status=ResultStatus.NOT_MET)
    data = _form_data(
        page, {22: {"status": ResultStatus.MET}, 21: {"status": ResultStatus.IN_PROGRESS}}
    )
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    form = response.context["formset"].forms[20]
    message = " ".join(form.errors["status"])
    assert "TC21 vừa được người khác thay đổi (tinh40" in message
    assert "giá trị hiện tại là 'Chưa đạt'" in message
    # TC22 was valid, but the whole form is one change: it is not kept either.
    assert _result(22).status == ResultStatus.NOT_MET
    assert _result(21).status == ResultStatus.NOT_MET


def test_untouched_form_with_browser_line_endings_changes_nothing(editor_client, nghe_an_2023):
    result = _result(22)
    assert "\n" not in result.note
    result.note = "dòng 1\ndòng 2"
    result.save()
    data = _form_data(editor_client.get(URL), {22: {"note": "dòng 1\r\ndòng 2"}})
    assertRedirects(editor_client.post(URL, data), URL)
    assert _result(22).version == 0


def test_reader_without_the_right_gets_no_form_and_cannot_post(reader_client, nghe_an_2023):
    page = reader_client.get(URL)
    assert page.context["formset"] is None
    assert reader_client.post(URL, {}).status_code == 403


def test_a_result_of_another_ward_is_refused(editor_client, nghe_an_2023):
    data = _form_data(editor_client.get(URL), {22: {"status": ResultStatus.MET}})
    other = CriterionResult.objects.get(
        assessment__ward__code="16666", assessment__year=2023, criterion__number=22
    )
    data["form-21-result"] = other.pk
    response = editor_client.post(URL, data)
    assertContains(response, "Biểu mẫu không khớp")
    other.refresh_from_db()
    assert other.status == ResultStatus.NOT_MET
