"""Recognition in steps, each step to its role only (issue 6, point 2)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tracker.accounts.models import AuditAction, AuditEvent
from tracker.assessments.models import Assessment, AssessmentStatus, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.assessments.workflow import (
    assessment_forward,
    assessment_propose,
    assessment_recognize,
    assessment_refuse,
    assessment_return,
)


def all_met(assessment, user):
    result = assessment.results.get(criterion__number=22)
    criterion_result_set_status(result=result, user=user, status=ResultStatus.MET)


def status(assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_propose_needs_every_criterion_met(dong_vinh, people):
    with pytest.raises(ValidationError) as error:
        assessment_propose(assessment=dong_vinh, user=people["ward"])
    assert error.value.code == "criteria_not_met"
    assert "các tiêu chí chưa Đạt: TC22" in error.value.messages[0]
    assert status(dong_vinh) == AssessmentStatus.BUILDING


def test_the_whole_way_to_recognition(dong_vinh, people):
    all_met(dong_vinh, people["ward"])
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    assert status(dong_vinh) == AssessmentStatus.PROPOSED
    assessment_forward(assessment=dong_vinh, user=people["province"])
    assessment_recognize(
        assessment=dong_vinh,
        user=people["ministry"],
        decision_number="1234/QĐ-BCA",
        decision_date=datetime.date(2024, 3, 1),
    )
    stored = Assessment.objects.get(pk=dong_vinh.pk)
    assert (stored.status, stored.decision_number) == (AssessmentStatus.RECOGNIZED, "1234/QĐ-BCA")
    steps = [
        (h.history_user, h.status, h.history_change_reason)
        for h in stored.history.order_by("history_id")
    ][1:]
    assert steps == [
        (people["ward"], AssessmentStatus.PROPOSED, "Phường đề nghị công nhận"),
        (people["province"], AssessmentStatus.PROPOSED, "Tỉnh thẩm định và chuyển Bộ Công an"),
        (
            people["ministry"],
            AssessmentStatus.RECOGNIZED,
            "Bộ công nhận, quyết định số 1234/QĐ-BCA",
        ),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.WORKFLOW).count() == 3


@pytest.mark.parametrize("who", ["other_ward", "province", "viewer", "ministry"])
def test_only_the_ward_itself_proposes(dong_vinh, people, who):
    all_met(dong_vinh, people["ward"])
    with pytest.raises(PermissionDenied):
        assessment_propose(assessment=dong_vinh, user=people[who])
    assert status(dong_vinh) == AssessmentStatus.BUILDING


@pytest.fixture
def proposed(dong_vinh, people):
    all_met(dong_vinh, people["ward"])
    return assessment_propose(assessment=dong_vinh, user=people["ward"])


@pytest.mark.parametrize("who", ["ward", "viewer", "ministry"])
def test_only_the_province_reviews(proposed, people, who):
    with pytest.raises(PermissionDenied):
        assessment_forward(assessment=proposed, user=people[who])
    with pytest.raises(PermissionDenied):
        assessment_return(assessment=proposed, user=people[who], reason="thiếu hồ sơ")
    assert Assessment.objects.get(pk=proposed.pk).forwarded_at is None


def test_return_needs_a_reason_and_sends_the_ward_back(proposed, people):
    with pytest.raises(ValidationError) as error:
        assessment_return(assessment=proposed, user=people["province"], reason="  ")
    assert error.value.code == "reason_required"
    assessment_return(assessment=proposed, user=people["province"], reason="Thiếu biên bản TC19")
    stored = Assessment.objects.get(pk=proposed.pk)
    assert (stored.status, stored.review_note) == (AssessmentStatus.BUILDING, "Thiếu biên bản TC19")
    assert (
        stored.history.first().history_change_reason
        == "Tỉnh trả lại để giải trình: Thiếu biên bản TC19"
    )


@pytest.mark.parametrize("who", ["ward", "province", "viewer"])
def test_only_the_ministry_decides(proposed, people, who):
    assessment_forward(assessment=proposed, user=people["province"])
    with pytest.raises(PermissionDenied):
        assessment_recognize(
            assessment=proposed, user=people[who], decision_number="1", decision_date="2024-01-01"
        )
    with pytest.raises(PermissionDenied):
        assessment_refuse(assessment=proposed, user=people[who], reason="x")
    assert status(proposed) == AssessmentStatus.PROPOSED


def test_ministry_cannot_decide_before_the_province_forwards(proposed, people):
    with pytest.raises(ValidationError) as error:
        assessment_recognize(
            assessment=proposed,
            user=people["ministry"],
            decision_number="1",
            decision_date="2024-01-01",
        )
    assert error.value.code == "wrong_status"
    assert "Đề nghị công nhận" in error.value.messages[0]


def test_recognition_needs_the_decision_and_refusal_a_reason(proposed, people):
    assessment_forward(assessment=proposed, user=people["province"])
    with pytest.raises(ValidationError) as error:
        assessment_recognize(
            assessment=proposed, user=people["ministry"], decision_number="", decision_date=None
        )
    assert error.value.code == "decision_required"
    with pytest.raises(ValidationError):
        assessment_refuse(assessment=proposed, user=people["ministry"], reason="")
    assessment_refuse(
        assessment=proposed, user=people["ministry"], reason="Chưa đạt TC22 thực chất"
    )
    stored = Assessment.objects.get(pk=proposed.pk)
    assert (stored.status, stored.review_note) == (
        AssessmentStatus.REFUSED,
        "Chưa đạt TC22 thực chất",
    )


def test_steps_on_the_ward_page(dong_vinh, people, client):
    all_met(dong_vinh, people["ward"])
    client.force_login(people["ward"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'value="propose"' in page
    response = client.post("/phuong/16663/cong-nhan/?year=2023", {"step": "propose"})
    assert response.status_code == 302
    assert status(dong_vinh) == AssessmentStatus.PROPOSED
    client.force_login(people["province"])
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert 'value="forward"' in page and 'value="return"' in page
    client.post("/phuong/16663/cong-nhan/?year=2023", {"step": "return", "reason": ""})
    assert status(dong_vinh) == AssessmentStatus.PROPOSED
    page = client.get("/phuong/16663/?year=2023").content.decode()
    assert "Cần ghi rõ lý do." in page
    client.force_login(people["viewer"])
    assert client.post("/phuong/16663/cong-nhan/?year=2023", {"step": "forward"}).status_code == 403
    assert 'value="forward"' not in client.get("/phuong/16663/?year=2023").content.decode()
