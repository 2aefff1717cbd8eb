"""Results locked once decided, as one rule every write path asks (point 3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.imports.workbooks import cell_of, template_filled, workbook_bytes
from tests.rounds.conftest import all_met, fresh
from tracker.assessments.models import AssessmentStatus, ResultStatus
from tracker.assessments.services import (
    ResultLockedError,
    ResultUpdate,
    assessment_set_status,
    criterion_result_set_status,
    criterion_results_bulk_set_status,
)
from tracker.assessments.workflow import (
    assessment_forward,
    assessment_propose,
    assessment_recognize,
    assessment_reopen,
    assessment_return,
    workflow_steps,
)
from tracker.imports.services import import_batch_apply


def _try(assessment, user, number=1) -> str | None:
    """The lock's message if the user may not change criterion `number`, else None (changed)."""
    result = assessment.results.get(criterion__number=number)
    new = ResultStatus.IN_PROGRESS if result.status != ResultStatus.IN_PROGRESS else "dat"
    try:
        criterion_result_set_status(result=result, user=user, status=new)
    except ResultLockedError as error:
        return error.messages[0]
    return None


@pytest.fixture
def proposed(dong_vinh, people):
    all_met(dong_vinh)
    return assessment_propose(assessment=dong_vinh, user=people["ward"])


def test_each_step_locks_more_people_out(proposed, people):
    assert "Phường đã gửi đề nghị công nhận" in _try(proposed, people["ward"])
    assert _try(proposed, people["province"], 2) is None
    all_met(proposed)
    forwarded = assessment_forward(assessment=proposed, user=people["province"])
    assert "Tỉnh đã chuyển đề nghị lên Bộ" in _try(forwarded, people["province"])
    assert "Tỉnh đã chuyển" in _try(forwarded, people["ward"])
    assert _try(forwarded, people["ministry"], 2) is None
    all_met(forwarded)
    decided = assessment_recognize(
        assessment=forwarded,
        user=people["ministry"],
        decision_number="123/QĐ-BCA",
        decision_date=datetime.date(2023, 12, 1),
    )
    for who in (people["ministry"], people["province"], None):  # the command line too
        assert "Bộ đã quyết định (Đã công nhận)" in _try(decided, who)


def test_the_bulk_path_refuses_a_locked_result_whole(proposed, people):
    result = proposed.results.get(criterion__number=1)
    with pytest.raises(ResultLockedError) as error:
        criterion_results_bulk_set_status(
            updates=[ResultUpdate(result_id=result.pk, status=ResultStatus.NOT_MET)],
            user=people["ward"],
        )
    assert error.value.messages[0].startswith("Phường Đông Vĩnh: Phường đã gửi đề nghị")
    assert fresh(proposed).results.get(criterion__number=1).status == ResultStatus.MET


def _decide(proposed, people):
    assessment_forward(assessment=proposed, user=people["province"])
    return assessment_recognize(
        assessment=proposed,
        user=people["ministry"],
        decision_number="9/QĐ",
        decision_date=datetime.date(2023, 12, 1),
    )


def test_an_import_is_refused_naming_the_cell_and_the_reason(proposed, people):
    _decide(proposed, people)
    workbook = template_filled()
    cell = cell_of(workbook["Tiêu chí"], "16663", "Y")  # Đông Vĩnh TC22
    workbook["Tiêu chí"][cell] = "Chưa đạt"
    outcome = import_batch_apply(
        data=workbook_bytes(workbook), file_name="nghe-an.xlsx", user=people["province"]
    )
    assert not outcome.ok
    (message,) = [e.message for e in outcome.cell_errors]
    assert message.startswith(
        f"nghe-an.xlsx, sheet Tiêu chí, ô {cell}: Phường Đông Vĩnh, tiêu chí 22"
    )
    assert "Bộ đã quyết định" in message
    assert fresh(proposed).results.get(criterion__number=22).status == ResultStatus.MET


def test_the_ward_page_shows_why_and_offers_no_field(proposed, people, client):
    client.force_login(people["ward"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'id="lock-reason"' in page and "Phường đã gửi đề nghị công nhận" in page
    assert 'name="form-0-status"' not in page
    client.force_login(people["province"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'id="lock-reason"' not in page and 'name="form-0-status"' in page


def test_the_admin_shows_a_locked_result_read_only(proposed, people, client):
    _decide(proposed, people)
    client.force_login(people["ministry"])
    result = proposed.results.get(criterion__number=1)
    url = f"/admin/tracker/criterionresult/{result.pk}/change/"
    assert 'name="status"' not in client.get(url).content.decode()
    client.post(url, {"status": "chua_dat", "evidence": "", "note": "", "seen_version": 0})
    assert fresh(proposed).results.get(criterion__number=1).status == ResultStatus.MET
    page = client.get(f"/admin/tracker/assessment/{proposed.pk}/change/").content.decode()
    assert 'name="results-0-status"' not in page


def test_the_ministry_reopens_with_a_reason_and_the_ward_answers(proposed, people):
    decided = _decide(proposed, people)
    assert workflow_steps(user=people["province"], assessment=decided) == []
    with pytest.raises(ValidationError):
        assessment_reopen(assessment=decided, user=people["ministry"], reason=" ")
    reopened = assessment_reopen(
        assessment=decided, user=people["ministry"], reason="Sai số liệu TC7"
    )
    assert (reopened.status, reopened.decision_number, reopened.review_note) == (
        AssessmentStatus.BUILDING,
        "",
        "Sai số liệu TC7",
    )
    assert _try(reopened, people["ward"]) is None  # open for the ward again
    assert _try(reopened, people["ward"]) is None  # and back to Đạt
    with pytest.raises(ValidationError) as error:
        assessment_propose(assessment=reopened, user=people["ward"])
    assert error.value.code == "answer_required"
    again = assessment_propose(
        assessment=reopened, user=people["ward"], answer="Đã bổ sung biên bản TC7"
    )
    assert (again.status, again.answer_note) == (
        AssessmentStatus.PROPOSED,
        "Đã bổ sung biên bản TC7",
    )
    reasons = list(
        again.history.order_by("-history_date").values_list("history_change_reason", flat=True)
    )[:3]
    assert reasons == [
        "Phường đề nghị công nhận lại, giải trình: Đã bổ sung biên bản TC7",
        "Bộ mở lại quyết định (Đã công nhận): Sai số liệu TC7",
        "Bộ công nhận, quyết định số 9/QĐ",
    ]


def test_a_return_for_explanation_reopens_for_the_ward(proposed, people, client):
    returned = assessment_return(
        assessment=proposed, user=people["province"], reason="Giải trình TC19"
    )
    assert _try(returned, people["ward"]) is None
    assert _try(returned, people["ward"]) is None
    client.force_login(people["ward"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'name="answer"' in page and "Giải trình và gửi lại đề nghị" in page
    client.post(
        "/phuong/16663/cong-nhan/?year=2023",
        {"step": "propose", "answer": "Đã có biên bản TC19"},
    )
    stored = fresh(returned)
    assert (stored.status, stored.review_note, stored.answer_note) == (
        AssessmentStatus.PROPOSED,
        "Giải trình TC19",
        "Đã có biên bản TC19",
    )
    client.force_login(people["province"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'id="answer-note">Đã có biên bản TC19<' in page


def test_a_decision_is_not_undone_by_setting_the_status(proposed, people):
    decided = _decide(proposed, people)
    with pytest.raises(ValidationError) as error:
        assessment_set_status(assessment=decided, user=None, status=AssessmentStatus.BUILDING)
    assert error.value.code == "decided"
    assert fresh(decided).status == AssessmentStatus.RECOGNIZED


def test_the_ward_page_offers_the_ministry_a_reopening(proposed, people, client):
    _decide(proposed, people)
    client.force_login(people["ministry"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'value="reopen"' in page and "Bộ đã quyết định (Đã công nhận)" in page
    client.post("/phuong/16663/cong-nhan/?year=2023", {"step": "reopen", "reason": "Kiểm tra lại"})
    assert (fresh(proposed).status, fresh(proposed).review_note) == (
        AssessmentStatus.BUILDING,
        "Kiểm tra lại",
    )
    client.force_login(people["ward"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'id="lock-reason"' not in page and 'name="answer"' in page
