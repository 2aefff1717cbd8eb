"""Bulk recognition steps: each ward through the single-ward service, a failing one named
without stopping the others (issue point 5), and the words of every step's message (point 7)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.accounts.models import AuditAction, AuditEvent, Role
from tracker.assessments.bulk_steps import assessments_last_change, assessments_step
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.assessments.services import assessment_update
from tracker.assessments.step_messages import (
    bulk_done_message,
    bulk_none_message,
    step_refused_message,
)
from tracker.assessments.workflow import assessment_recognize
from tracker.units.models import MapEdition, Province, ProvinceKind

DAY = datetime.date(2026, 12, 5)
NUMBER = "123/QĐ-BCA"
# Đông Vĩnh, Hà Huy Tập, Lê Lợi, Quán Bàu: four of Nghệ An's 2023 cohort.
WARDS = ["16663", "16666", "16669", "16670"]


def at(code: str) -> Assessment:
    return Assessment.objects.select_related("ward__province").get(ward__code=code, year=2023)


def forwarded(*codes: str) -> list[Assessment]:
    """Proposed and forwarded by the province, set directly: the bulk step starts here."""
    Assessment.objects.filter(ward__code__in=codes, year=2023).update(
        status=AssessmentStatus.PROPOSED, forwarded_at=timezone.now()
    )
    return [at(c) for c in codes]


def proposed(*codes: str) -> list[Assessment]:
    Assessment.objects.filter(ward__code__in=codes, year=2023).update(
        status=AssessmentStatus.PROPOSED, forwarded_at=None
    )
    return [at(c) for c in codes]


def recognize(assessments, user, **more):
    return assessments_step(
        assessments=assessments,
        step="recognize",
        user=user,
        decision_number=NUMBER,
        decision_date=DAY,
        **more,
    )


def test_three_recognised_at_once_one_refused_by_name_the_others_done(people):
    wards = [*forwarded("16663", "16666"), *proposed("16669")]  # Lê Lợi not yet forwarded
    outcome = recognize(wards, people["ministry"])
    assert [a.ward.code for a in outcome.done] == ["16663", "16666"]
    assert [(a.ward.name, why) for a, why in outcome.refused] == [
        (
            "Phường Lê Lợi",
            "Đăng ký của Phường Lê Lợi đang ở trạng thái 'Đề nghị công nhận' nên không thể "
            "công nhận.",
        )
    ]
    for code in ("16663", "16666"):
        stored = at(code)
        assert (stored.status, stored.decision_number, stored.decision_date) == (
            AssessmentStatus.RECOGNIZED,
            NUMBER,
            DAY,
        )
    assert at("16669").status == AssessmentStatus.PROPOSED
    assert bulk_done_message("recognize", outcome.done) == (
        "Đã công nhận 2 phường theo Quyết định số 123/QĐ-BCA ngày 05/12/2026: "
        "Phường Đông Vĩnh, Phường Hà Huy Tập."
    )
    ward, why = outcome.refused[0]
    assert step_refused_message("recognize", ward.ward.name, why) == (
        "Chưa công nhận Phường Lê Lợi: Đăng ký của Phường Lê Lợi đang ở trạng thái "
        "'Đề nghị công nhận' nên không thể công nhận."
    )


def _last_step(code: str):
    h = at(code).history.order_by("-history_id").first()
    return (h.history_user, h.status, h.history_change_reason, h.decision_number, h.decision_date)


def _audit(code: str):
    return [
        (e.user, e.action, e.detail)
        for e in AuditEvent.objects.filter(target__startswith=at(code).ward.name).order_by("pk")
    ]


def test_each_wards_history_and_audit_are_those_of_the_step_taken_alone(people):
    alone, together = forwarded("16663", "16666")
    rows_before = {c: at(c).history.count() for c in ("16663", "16666")}
    assessment_recognize(
        assessment=alone, user=people["ministry"], decision_number=NUMBER, decision_date=DAY
    )
    recognize([together], people["ministry"])
    assert _last_step("16663") == _last_step("16666")
    assert _last_step("16663") == (
        people["ministry"],
        AssessmentStatus.RECOGNIZED,
        "Bộ công nhận, quyết định số 123/QĐ-BCA",
        NUMBER,
        DAY,
    )
    assert {c: at(c).history.count() - rows_before[c] for c in rows_before} == {
        "16663": 1,
        "16666": 1,
    }
    assert _audit("16663") == _audit("16666")
    assert [a for _, a, _ in _audit("16666")] == [AuditAction.WORKFLOW]


def test_a_province_cannot_recognise_nor_refuse(people):
    wards = forwarded("16663", "16666")
    outcome = recognize(wards, people["province"])
    assert outcome.done == []
    assert [why for _, why in outcome.refused] == ["Chỉ Bộ Công an được quyết định công nhận."] * 2
    refused = assessments_step(
        assessments=wards, step="refuse", user=people["province"], reason="Chưa đạt"
    )
    assert refused.done == [] and len(refused.refused) == 2
    assert {at(c).status for c in ("16663", "16666")} == {AssessmentStatus.PROPOSED}


@pytest.fixture
def ha_tinh_officer(people, account):
    Province.objects.create(
        edition=MapEdition.objects.get(code="2023"),
        code="42",
        name="Tỉnh Hà Tĩnh",
        kind=ProvinceKind.values[0],
    )
    return account("tinh42", Role.PROVINCE, province="42")


def test_province_a_cannot_forward_province_bs_wards(people, ha_tinh_officer):
    wards = proposed("16663", "16666")
    outcome = assessments_step(assessments=wards, step="forward", user=ha_tinh_officer)
    assert outcome.done == []
    assert [(a.ward.name, why) for a, why in outcome.refused] == [
        (name, "Chỉ Công an tỉnh quản lý phường này được thẩm định đề nghị.")
        for name in ("Phường Đông Vĩnh", "Phường Hà Huy Tập")
    ]
    assert all(at(c).forwarded_at is None for c in ("16663", "16666"))
    # Nghệ An's own officer forwards them both.
    done = assessments_step(assessments=wards, step="forward", user=people["province"])
    assert bulk_done_message("forward", done.done) == (
        "Đã chuyển đề nghị của 2 phường lên Bộ: Phường Đông Vĩnh, Phường Hà Huy Tập."
    )
    assert all(at(c).forwarded_at is not None for c in ("16663", "16666"))


def test_a_ward_changed_since_the_page_was_shown_is_refused_by_name(people):
    wards = forwarded("16663", "16666")
    seen = assessments_last_change(a.pk for a in wards)
    # Meanwhile Hà Huy Tập changes and comes back to the same state: the page showed another.
    assessment_update(
        assessment=wards[1],
        user=people["ministry"],
        reason="Chuyển lại",
        forwarded_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    outcome = recognize(wards, people["ministry"], seen=seen)
    assert [a.ward.code for a in outcome.done] == ["16663"]
    ((ward, why),) = outcome.refused
    assert step_refused_message("recognize", ward.ward.name, why) == (
        "Chưa công nhận Phường Hà Huy Tập: đăng ký đã thay đổi từ khi trang được mở "
        "(nay: Đề nghị công nhận). Hãy tải lại trang và xem lại."
    )
    assert at("16666").status == AssessmentStatus.PROPOSED


def test_nothing_is_written_without_a_ward_a_decision_or_a_reason(people):
    wards = forwarded("16663")
    for step, more, why in [
        ("recognize", {"decision_number": NUMBER}, "Công nhận cần số và ngày"),
        ("recognize", {"decision_number": " ", "decision_date": DAY}, "Công nhận cần số và ngày"),
        ("refuse", {"reason": "  "}, "Cần ghi rõ lý do."),
    ]:
        with pytest.raises(ValidationError) as error:
            assessments_step(assessments=wards, step=step, user=people["ministry"], **more)
        assert why in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        assessments_step(assessments=[], step="forward", user=people["province"])
    assert bulk_none_message("forward", error.value.messages[0]) == (
        "Chưa chuyển đề nghị nào lên Bộ: hãy chọn ít nhất một phường."
    )
    assert at("16663").status == AssessmentStatus.PROPOSED


def test_bulk_refusal_and_return_say_who_and_why(people):
    refused = assessments_step(
        assessments=forwarded("16663", "16666"),
        step="refuse",
        user=people["ministry"],
        reason="Chưa đạt TC22 thực chất",
    )
    assert bulk_done_message("refuse", refused.done) == (
        "Đã không công nhận 2 phường: Phường Đông Vĩnh, Phường Hà Huy Tập. "
        "Lý do: Chưa đạt TC22 thực chất."
    )
    returned = assessments_step(
        assessments=proposed("16669", "16670"),
        step="return",
        user=people["province"],
        reason="Thiếu biên bản TC19",
    )
    assert bulk_done_message("return", returned.done) == (
        "Đã trả lại 2 phường để giải trình: Phường Lê Lợi, Phường Quán Bàu. "
        "Lý do: Thiếu biên bản TC19."
    )
    assert {at(c).status for c in ("16669", "16670")} == {AssessmentStatus.BUILDING}
