"""A new ward's starting assessment, from its predecessors', on confirmation (issue 8, point 3)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import CUA_LO, THANH_VINH, VINH_PHU
from tracker.accounts.models import Role
from tracker.assessments.carry_over import (
    assessment_carry_over_confirm,
    assessment_carry_over_propose,
)
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.assessments.predecessors import ward_predecessors_with_assessments
from tracker.assessments.services import assessment_set_status, criterion_result_set_status
from tracker.units.loading import units_load

COHORT_IN_THANH_VINH = ["16663", "16669", "16672", "16678", "16681", "16684", "16687"]


def old_result(code: str, number: int) -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__edition__code="2023",
        assessment__ward__code=code,
        assessment__year=2023,
        criterion__number=number,
    )


def new_assessments():
    return Assessment.objects.filter(ward__edition__code="2025")


def test_shows_the_predecessors_assessments(new_ward):
    shown = ward_predecessors_with_assessments(ward=new_ward(THANH_VINH), year=2023)
    assessed = [p for p in shown if p.status]
    assert [p.code for p in assessed] == COHORT_IN_THANH_VINH
    assert {(p.status_label, p.met, p.total, p.recognized) for p in assessed} == {
        ("Đang xây dựng", 21, 22, False)
    }
    (commune,) = [p for p in shown if not p.status]
    assert (commune.name, commune.is_ward, commune.is_main) == ("Xã Hưng Chính", False, True)


def test_reads_predecessors_in_a_fixed_number_of_queries(new_ward):
    def count(code):
        ward = new_ward(code)
        with CaptureQueriesContext(connection) as queries:
            ward_predecessors_with_assessments(ward=ward, year=2023)
        return len(queries)

    # Seven assessed predecessors, or one: the same three queries.
    assert count(THANH_VINH) == count(VINH_PHU) == 3


def test_proposes_without_creating_anything(new_ward):
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    assert (proposal.from_year, proposal.status) == (2023, AssessmentStatus.BUILDING)
    statuses = {c.number: c.status for c in proposal.criteria}
    assert statuses == {**dict.fromkeys(range(1, 22), ResultStatus.MET), 22: ResultStatus.NOT_MET}
    assert [s.code for s in proposal.criteria[0].sources] == COHORT_IN_THANH_VINH
    assert proposal.criteria[0].reason.startswith(
        "Kế thừa từ Phường Đông Vĩnh (16663), 2023: Đạt; Phường Lê Lợi (16669), 2023: Đạt"
    )
    assert [p.name for p in proposal.not_carried] == ["Xã Hưng Chính"]
    assert not new_assessments().exists()


def test_met_only_where_every_predecessor_assessment_has_it(new_ward):
    criterion_result_set_status(
        result=old_result("16669", 3), user=None, status=ResultStatus.IN_PROGRESS
    )
    criterion_result_set_status(
        result=old_result("16672", 5), user=None, status=ResultStatus.NOT_MET
    )
    criterion_result_set_status(result=old_result("16663", 22), user=None, status=ResultStatus.MET)
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    by_number = {c.number: c for c in proposal.criteria}
    assert by_number[3].status == ResultStatus.IN_PROGRESS
    assert by_number[5].status == ResultStatus.NOT_MET
    assert by_number[22].status == ResultStatus.NOT_MET  # one Đạt among six Chưa đạt
    assert by_number[5].reason.endswith("(lấy mức thấp nhất: Chưa đạt)")
    assert by_number[5].summary == (
        "Đạt: 16663, 16669, 16678, 16681, 16684, 16687; Chưa đạt: 16672"
    )


def test_without_predecessor_assessments_starts_from_nothing(new_ward):
    proposal = assessment_carry_over_propose(ward=new_ward(CUA_LO), year=2025)
    assert (proposal.from_year, proposal.status) == (None, AssessmentStatus.REGISTERED)
    assert {c.status for c in proposal.criteria} == {ResultStatus.NOT_ASSESSED}
    assert len(proposal.predecessors) == 7


@pytest.mark.parametrize(
    ("role", "province", "ward"),
    [(Role.VIEWER, "40", None), (Role.WARD, None, "16663"), (Role.PROVINCE, "01", None)],
)
def test_confirming_needs_the_right_to_register(new_ward, account, role, province, ward):
    units_load(edition="2023", only_provinces={"01"})
    user = account("khac", role, province=province, ward=ward)
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    with pytest.raises(PermissionDenied):
        assessment_carry_over_confirm(proposal=proposal, user=user)
    assert not new_assessments().exists()


def test_confirmed_values_say_where_they_came_from(new_ward, registrar):
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    assessment = assessment_carry_over_confirm(proposal=proposal, user=registrar)
    assert (assessment.ward.code, assessment.ward.edition.code) == (THANH_VINH, "2025")
    assert (assessment.year, assessment.status) == (2025, AssessmentStatus.BUILDING)
    results = {r.criterion.number: r for r in assessment.results.select_related("criterion")}
    assert sum(r.status == ResultStatus.MET for r in results.values()) == 21
    latest = results[1].history.latest()
    assert (latest.status, latest.history_user) == (ResultStatus.MET, registrar)
    assert latest.history_change_reason.startswith("Kế thừa từ Phường Đông Vĩnh (16663), 2023: Đạt")
    assert "Phường Lê Mao (16687), 2023: Đạt" in latest.history_change_reason
    assert "Phường Đông Vĩnh (16663), 2023: Đang xây dựng" in (
        assessment.history.latest().history_change_reason
    )
    # The old map's figures stay as they were.
    assert old_result("16663", 1).status == ResultStatus.MET


def test_a_recognition_is_shown_but_not_carried(new_ward, registrar):
    recognized = Assessment.objects.get(ward__edition__code="2023", ward__code="16666")
    assessment_set_status(
        assessment=recognized,
        user=None,  # the recognition itself is the Ministry's, set here directly
        status=AssessmentStatus.RECOGNIZED,
        decision_number="123/QĐ-BCA",
        decision_date=datetime.date(2024, 3, 1),
    )
    proposal = assessment_carry_over_propose(ward=new_ward(VINH_PHU), year=2025)
    (old,) = proposal.sources
    assert (old.recognized, old.decision_number) == (True, "123/QĐ-BCA")
    assert proposal.status == AssessmentStatus.BUILDING


def test_a_proposal_overtaken_by_a_change_is_refused(new_ward, registrar):
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    criterion_result_set_status(result=old_result("16663", 1), user=None, status="chua_dat")
    with pytest.raises(ValidationError) as error:
        assessment_carry_over_confirm(proposal=proposal, user=registrar)
    assert error.value.code == "stale_proposal"
    assert not new_assessments().exists()


def test_a_ward_registered_for_the_year_gets_no_second_proposal(new_ward, registrar):
    proposal = assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    assessment_carry_over_confirm(proposal=proposal, user=registrar)
    with pytest.raises(ValidationError) as error:
        assessment_carry_over_propose(ward=new_ward(THANH_VINH), year=2025)
    assert error.value.code == "already_registered"


def carry_over(*args) -> str:
    out = io.StringIO()
    call_command("carry_over", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_proposal_and_creates_nothing(new_ward):
    text = carry_over("--ward", THANH_VINH, "--year", "2025")
    assert "Phường Thành Vinh (16681), năm 2025: kế thừa từ đánh giá năm 2023" in text
    assert "16684 Phường Đội Cung: Đang xây dựng, đạt 21/22" in text
    assert "! Xã Hưng Chính: chưa có đánh giá năm 2023, không tính vào đề xuất" in text
    assert "TC22  Chưa đạt" in text
    assert "Chưa tạo gì" in text
    assert not new_assessments().exists()


def test_command_creates_with_confirm(new_ward, registrar):
    text = carry_over(
        "--ward", THANH_VINH, "--year", "2025", "--confirm", "--user", registrar.username
    )
    assert "Đã tạo đăng ký Phường Thành Vinh – 2025" in text
    assert new_assessments().get().ward.code == THANH_VINH


def test_command_refuses_without_the_right(new_ward, account):
    account("xem40", Role.VIEWER, province="40")
    with pytest.raises(CommandError, match="không có quyền"):
        carry_over("--ward", THANH_VINH, "--year", "2025", "--confirm", "--user", "xem40")
    assert not new_assessments().exists()
