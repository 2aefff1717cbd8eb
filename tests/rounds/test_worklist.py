"""Each user's work list as the home page, with its count in the navigation bar (point 4)."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD
from tests.rounds.conftest import all_met
from tracker.assessments.models import Assessment, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.assessments.workflow import assessment_forward, assessment_propose, assessment_return
from tracker.rounds.services import province_round_set, round_set
from tracker.rounds.worklist import work_list
from tracker.units.models import Province

TODAY = datetime.date(2023, 11, 10)


def _kinds(user, today=TODAY):
    return [(i.kind, i.url) for i in work_list(user, today=today).items]


def test_a_ward_sees_its_criteria_left_the_due_date_and_a_return(dong_vinh, people):
    round_set(year=2023, due=datetime.date(2023, 11, 30), user=None)
    province_round_set(
        province=Province.objects.get(code="40"),
        year=2023,
        due=datetime.date(2023, 11, 1),
        user=None,
    )
    for number in (1, 2):
        criterion_result_set_status(
            result=dong_vinh.results.get(criterion__number=number),
            user=None,
            status=ResultStatus.NOT_ASSESSED,
        )
    work = work_list(people["ward"], today=TODAY)
    (item,) = work.items
    assert (
        item.text == "Phường Đông Vĩnh: còn 2 tiêu chí chưa đánh giá, hạn 01/11/2023 (trễ 9 ngày)"
    )
    assert item.url == "/phuong/16663/?year=2023&map=2023"
    assert (work.due, item.late_days) == (datetime.date(2023, 11, 1), 9)
    for number in (1, 2, 22):
        criterion_result_set_status(
            result=dong_vinh.results.get(criterion__number=number),
            user=None,
            status=ResultStatus.MET,
        )
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    assessment_return(assessment=dong_vinh, user=people["province"], reason="Thiếu biên bản")
    assert _kinds(people["ward"]) == [
        ("answer", "/phuong/16663/?year=2023&map=2023#workflow-title")
    ]
    assert _kinds(people["other_ward"]) == []  # nothing left, nothing returned


def test_a_province_and_the_ministry_see_what_waits_for_them(people):
    round_set(year=2023, due=datetime.date(2023, 11, 1), user=None)
    dong_vinh = Assessment.objects.get(ward__code="16663", year=2023)
    hung_binh = Assessment.objects.get(ward__code="16666", year=2023)
    all_met(dong_vinh)
    all_met(hung_binh)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    assessment_propose(assessment=hung_binh, user=people["other_ward"])
    assessment_return(assessment=hung_binh, user=people["province"], reason="Bổ sung")
    criterion_result_set_status(
        result=Assessment.objects.get(ward__code="16669", year=2023).results.first(),
        user=None,
        status=ResultStatus.NOT_ASSESSED,
    )
    kinds = [k for k, _ in _kinds(people["province"])]
    assert sorted(kinds) == ["forward", "incomplete", "returned"]
    assert _kinds(people["ministry"]) == [("province_late", "/tinh/40/?year=2023&map=2023")]
    assessment_forward(assessment=dong_vinh, user=people["province"])
    assert [k for k, _ in _kinds(people["ministry"])] == ["decide", "province_late"]
    # Before the due date no province is late.
    assert [k for k, _ in _kinds(people["ministry"], datetime.date(2023, 10, 1))] == ["decide"]
    assert _kinds(people["viewer"]) == []


def test_login_lands_on_the_work_list_with_its_count_in_the_bar(people, client):
    all_met(Assessment.objects.get(ward__code="16663", year=2023))
    assessment_propose(
        assessment=Assessment.objects.get(ward__code="16663", year=2023), user=people["ward"]
    )
    response = client.post("/dang-nhap/", {"username": "tinh40", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/viec-can-lam/"
    page = response.content.decode()
    assert '<span class="badge" id="nav-work-count">1</span>' in page
    assert 'href="/phuong/16663/?year=2023&amp;map=2023#workflow-title"' in page
    # A viewer has nothing to do: it starts at the reports.
    client.logout()
    response = client.post("/dang-nhap/", {"username": "xem40", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/tinh/40/"
    assert "nav-work-count" not in response.content.decode()


def test_the_bar_count_costs_the_same_queries_whatever_the_number_of_wards(people, client):
    client.force_login(people["province"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/viec-can-lam/").content.decode()
        return len(queries), re.search(r'id="nav-work-count">(\d+)<', page)

    before, _ = count()
    for code in ("16663", "16666", "16669"):
        criterion_result_set_status(
            result=Assessment.objects.get(ward__code=code, year=2023).results.first(),
            user=None,
            status=ResultStatus.NOT_ASSESSED,
        )
    after, badge = count()
    assert badge.group(1) == "3"
    assert after == before
