"""The ward page's cards (tracker/assessments/ward_page.py): each criterion with its full text,
saved alone without losing what is typed in the other cards, its files beside it."""

import re

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.assessments.test_forms import _form_data, _result
from tracker.assessments.forms import EDITABLE
from tracker.assessments.models import ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.assessments.workflow import assessment_propose
from tracker.criteria.models import Criterion

pytestmark = pytest.mark.usefixtures("nghe_an_2023")

URL = "/phuong/16663/?year=2023"
SCRIPT = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def _row_data(page, number: int, changes: dict) -> dict:
    """What the card's script sends: that card's fields and version only, and its button."""
    formset = page.context["formset"]
    index, form = next(
        (i, f)
        for i, f in enumerate(formset.forms)
        if formset.results[f.initial["result"]].criterion.number == number
    )
    data = {"luu": form.initial["result"]}
    for name, value in (dict(form.initial) | changes).items():
        data[f"form-{index}-{name}"] = value
    for name in EDITABLE:
        data[f"initial-form-{index}-{name}"] = form.initial[name]
    return data


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_card_saved_alone_leaves_the_other_cards_untouched_and_answers_in_its_row(
    editor_client,
):
    page = editor_client.get(URL)
    data = _row_data(page, 22, {"status": ResultStatus.MET, "evidence": "QĐ 12"})
    response = editor_client.post(URL, data, **SCRIPT)
    answer = response.json()
    assert response.status_code == 200 and answer["ok"]
    assert answer["message"] == "Đã lưu tiêu chí 22 của Phường Đông Vĩnh: Đạt."
    assert answer["met"] == "22/22"
    assert answer["html"].strip().startswith('<li class="criterion-card status-row-dat')
    assert 'id="tc22"' in answer["html"], answer["html"][:300]
    assert "QĐ 12</textarea>" in answer["html"]
    tc22 = _result(22)
    assert (tc22.status, tc22.evidence, tc22.version) == (ResultStatus.MET, "QĐ 12", 1)
    assert {_result(n).version for n in range(1, 22)} == {0}
    # The history keeps who, when, from and to, and why.
    first = editor_client.get(URL).context["report"].history[0]
    assert (first.criterion.number, first.from_status, first.to_status) == (22, "Chưa đạt", "Đạt")
    assert first.user.username == "tinh40"
    assert first.changed_fields == ["kết quả", "ghi chú về minh chứng"]
    assert first.reason == "Cập nhật trên trang phường"


def test_without_script_a_card_saved_gives_back_the_other_cards_as_typed(editor_client):
    page = editor_client.get(URL)
    data = _form_data(page, {22: {"status": ResultStatus.MET}, 5: {"note": "Chưa kiểm tra"}})
    data["luu"] = _result(22).pk
    response = editor_client.post(URL, data)
    assert response.status_code == 200  # the page again, not a redirect that would lose TC5
    assert _result(22).status == ResultStatus.MET
    assert (_result(5).note, _result(5).version) == ("", 0)  # not saved, but still typed
    assertContains(response, "Chưa kiểm tra</textarea>")
    assert _messages(response) == [
        "Đã lưu tiêu chí 22 của Phường Đông Vĩnh: Đạt.",
        "Các thẻ khác còn thay đổi chưa lưu: chúng vẫn ở nguyên trong trang.",
    ]
    # TC22 now shows its new version, so saving TC5 next is not refused as stale.
    data = _form_data(response, {5: {"note": "Chưa kiểm tra"}})
    data["luu"] = _result(5).pk
    saved = editor_client.post(URL, data)
    assertRedirects(saved, URL, fetch_redirect_response=False)
    assert (_result(5).note, _result(22).status) == ("Chưa kiểm tra", ResultStatus.MET)


def test_without_script_a_card_alone_changed_comes_back_to_the_page_with_its_message(
    editor_client,
):
    data = _form_data(editor_client.get(URL), {22: {"status": ResultStatus.IN_PROGRESS}})
    data["luu"] = _result(22).pk
    response = editor_client.post(URL, data, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert _messages(response) == ["Đã lưu tiêu chí 22 của Phường Đông Vĩnh: Đang thực hiện."]


def test_a_stale_card_is_refused_in_its_row_only(editor_client, editor):
    page = editor_client.get(URL)
    stale = _row_data(page, 22, {"status": ResultStatus.MET})
    other = _row_data(page, 5, {"note": "Đã xem"})
    # Someone else saves TC22 after the page was shown.
    criterion_result_set_status(result=_result(22), user=editor, note="của người khác")
    response = editor_client.post(URL, stale, **SCRIPT)
    assert response.status_code == 409
    answer = response.json()
    assert not answer["ok"]
    assert answer["message"] == "Chưa lưu tiêu chí 22: hãy sửa lỗi được đánh dấu trong thẻ."
    assert 'class="errors" role="alert"' in answer["html"]
    assert (_result(22).status, _result(22).note) == (ResultStatus.NOT_MET, "của người khác")
    assert editor_client.post(URL, other, **SCRIPT).json()["ok"]
    assert _result(5).note == "Đã xem"


def test_a_card_with_an_error_keeps_the_other_cards_typed_without_script(editor_client):
    data = _form_data(editor_client.get(URL), {3: {"status": "gan_dat"}, 5: {"note": "Giữ"}})
    data["luu"] = _result(3).pk
    response = editor_client.post(URL, data)
    assert response.status_code == 200
    assert _messages(response) == ["Chưa lưu tiêu chí 3: hãy sửa lỗi được đánh dấu trong thẻ."]
    assertContains(response, "Giữ</textarea>")
    assert re.search(r'id="tc3".*?class="errors" role="alert"', response.content.decode(), re.S)
    assert {_result(n).version for n in range(1, 23)} == {0}


def test_a_ward_cannot_save_a_card_of_another_ward_nor_a_locked_card(client, people, dong_vinh):
    other = Client()
    other.force_login(people["other_ward"])
    page_of_mine = Client()
    page_of_mine.force_login(people["ward"])
    data = _row_data(page_of_mine.get(URL), 22, {"status": ResultStatus.MET})
    assert other.post(URL, data, **SCRIPT).status_code in (403, 404)
    # A result of Đông Vĩnh posted on another ward's page is not found among its cards.
    foreign = dict(data)
    own_page = "/phuong/16666/?year=2023"
    refused = other.post(own_page, foreign, **SCRIPT)
    assert refused.status_code == 400
    assert "không thuộc phường này" in refused.json()["message"]
    assert _result(22).version == 0
    # Proposed: the ward's results are locked, its card posts are refused.
    criterion_result_set_status(result=_result(22), user=None, status=ResultStatus.MET)
    data = _row_data(page_of_mine.get(URL), 22, {"status": ResultStatus.IN_PROGRESS})
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    locked_page = page_of_mine.get(URL)
    assert locked_page.context["formset"] is None
    assertContains(locked_page, 'id="lock-reason"')
    response = page_of_mine.post(URL, data, **SCRIPT)
    assert response.status_code == 403
    assert _result(22).status == ResultStatus.MET


def test_each_card_shows_the_full_text_and_the_renamed_note_on_the_evidence(editor_client):
    page = editor_client.get(URL)
    html = page.content.decode()
    criteria_set = page.context["report"].assessment.criteria_set_id
    for criterion in Criterion.objects.filter(criteria_set=criteria_set):
        card = re.search(rf'<li [^>]*id="tc{criterion.number}"[^>]*>(.*?)</li>', html, re.S)
        card = card.group(1)
        assert criterion.full_text.split("\n")[0] in card
        assert f'id="minh-chung-tc{criterion.number}"' in card  # its files sit in its card
        assert f"Thêm tệp minh chứng TC{criterion.number}" in card
    assert html.count('Ghi chú về minh chứng<span class="sr-only"> TC') == 22
    assertNotContains(page, ">Minh chứng<")
    assert html.count('<button type="submit" name="luu"') == 22
    assertContains(page, "Lưu tất cả thay đổi")


def test_a_reader_sees_the_note_on_the_evidence_under_its_new_name(reader_client, editor):
    criterion_result_set_status(result=_result(7), user=editor, evidence="Biên bản 3/2023")
    page = reader_client.get(URL)
    assertContains(page, "Ghi chú về minh chứng:</span> Biên bản 3/2023")
    assertNotContains(page, 'name="luu"')
    assertContains(page, "ghi chú về minh chứng")  # the history's column of changed fields
