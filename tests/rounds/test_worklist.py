"""Each user's work list as the home page, with its count in the navigation bar (points 4, 7).

Everything that waits is listed, grouped by kind: wards with criteria at Chưa đạt or Đang
thực hiện past the due date (with the days late), criteria not assessed, returns
unanswered, proposals unforwarded, decisions pending, provinces late. The year is the
programme calendar's (today's), with last year's open acts.
"""

import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD
from tests.rounds.conftest import all_met
from tracker.accounts.permissions import user_scope
from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.assessments.workflow import assessment_forward, assessment_propose, assessment_return
from tracker.rounds.services import province_round_set, round_set
from tracker.rounds.worklist import work_list
from tracker.units.models import Province

TODAY = datetime.date(2023, 11, 10)
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOON = datetime.datetime(2023, 11, 10, 12, tzinfo=HANOI)
UNMET = (ResultStatus.NOT_MET, ResultStatus.IN_PROGRESS)


def _kinds(user, today=TODAY):
    return [(i.kind, i.url) for i in work_list(user, today=today).items]


def _assessment(code, year=2023):
    return Assessment.objects.get(ward__code=code, year=year)


def _set(code, number, status):
    criterion_result_set_status(
        result=_assessment(code).results.get(criterion__number=number), user=None, status=status
    )


def _unmet(code) -> int:
    return CriterionResult.objects.filter(assessment=_assessment(code), status__in=UNMET).count()


@pytest.fixture
def dues(nghe_an_2023):
    """The Ministry's date 30/11/2023, Nghệ An's for its wards 01/11/2023."""
    round_set(year=2023, due=datetime.date(2023, 11, 30), user=None)
    province_round_set(
        province=Province.objects.get(code="40"),
        year=2023,
        due=datetime.date(2023, 11, 1),
        user=None,
    )


def test_a_ward_sees_its_criteria_left_and_not_met_the_due_date_and_a_return(
    dong_vinh, people, dues
):
    for number in (1, 2):
        _set("16663", number, ResultStatus.NOT_ASSESSED)
    _set("16663", 22, ResultStatus.NOT_MET)
    work = work_list(people["ward"], today=TODAY)
    unmet, left = work.items
    assert unmet.kind == "unmet"
    assert unmet.text == (
        f"Phường Đông Vĩnh: {_unmet('16663')} tiêu chí Chưa đạt hoặc Đang thực hiện, "
        "hạn 01/11/2023 (trễ 9 ngày)"
    )
    assert left.text == (
        "Phường Đông Vĩnh: còn 2 tiêu chí chưa đánh giá, hạn 01/11/2023 (trễ 9 ngày)"
    )
    assert left.url == "/phuong/16663/?year=2023&map=2023"
    assert (work.year, work.due, left.late_days) == (2023, datetime.date(2023, 11, 1), 9)
    for number in (1, 2, 22):
        _set("16663", number, ResultStatus.MET)
    for r in dong_vinh.results.filter(status__in=UNMET):
        criterion_result_set_status(result=r, user=None, status=ResultStatus.MET)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    assessment_return(assessment=dong_vinh, user=people["province"], reason="Thiếu biên bản")
    assert _kinds(people["ward"]) == [
        ("answer", "/phuong/16663/?year=2023&map=2023#workflow-title")
    ]


def test_a_province_sees_wards_not_met_past_the_due_date_with_the_days_late(people, dues):
    """The reported bug: wards at 21/22 past their due date, and "nothing waits"."""
    _set("16663", 5, ResultStatus.NOT_MET)
    _set("16666", 5, ResultStatus.IN_PROGRESS)
    all_met(_assessment("16669"))
    for r in _assessment("16669").results.filter(status__in=UNMET):
        criterion_result_set_status(result=r, user=None, status=ResultStatus.MET)
    items = {i.text: i for i in work_list(people["province"], today=TODAY).items}
    dong_vinh = (
        f"Phường Đông Vĩnh: {_unmet('16663')} tiêu chí Chưa đạt hoặc Đang thực hiện (trễ 9 ngày)"
    )
    assert items[dong_vinh].kind == "unmet"
    assert items[dong_vinh].late_days == 9
    assert items[dong_vinh].url == "/phuong/16663/?year=2023&map=2023"
    assert any(t.startswith(f"{_assessment('16666').ward.name}: ") for t in items)
    assert not any("16669" in i.url for i in items.values())  # every criterion Đạt
    # Every ward with a criterion not met is listed: one entry each.
    not_met = Assessment.objects.filter(year=2023, results__status__in=UNMET).distinct().count()
    assert sum(1 for i in items.values() if i.kind == "unmet") == not_met
    # Before the date the province is not told of criteria still under way.
    before = work_list(people["province"], today=datetime.date(2023, 10, 1))
    assert [i for i in before.items if i.kind == "unmet"] == []


def test_a_province_and_the_ministry_see_returns_proposals_and_decisions(people):
    round_set(year=2023, due=datetime.date(2023, 11, 1), user=None)
    dong_vinh, ha_huy_tap = _assessment("16663"), _assessment("16666")
    for a in (dong_vinh, ha_huy_tap):
        for r in a.results.exclude(status=ResultStatus.MET):
            criterion_result_set_status(result=r, user=None, status=ResultStatus.MET)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    assessment_propose(assessment=ha_huy_tap, user=people["other_ward"])
    assessment_return(assessment=ha_huy_tap, user=people["province"], reason="Bổ sung")
    _set("16669", 1, ResultStatus.NOT_ASSESSED)
    kinds = {k for k, _ in _kinds(people["province"])}
    assert {"forward", "incomplete", "returned"} <= kinds
    texts = [i.text for i in work_list(people["province"], today=TODAY).items]
    assert "Phường Đông Vĩnh đề nghị công nhận: thẩm định, chuyển Bộ hoặc trả lại" in texts
    assert f"{ha_huy_tap.ward.name}: đã trả lại để giải trình, chờ phường trả lời" in texts
    assert _kinds(people["other_ward"]) == [
        ("answer", "/phuong/16666/?year=2023&map=2023#workflow-title")
    ]
    ministry = work_list(people["ministry"], today=TODAY)
    assert [i.kind for i in ministry.items] == ["province_late"]
    assert ministry.items[0].url == "/tinh/40/?year=2023&map=2023"
    assert ministry.items[0].text.startswith("Tỉnh Nghệ An trễ hạn 9 ngày: ")
    assessment_forward(assessment=dong_vinh, user=people["province"])
    assert [k for k, _ in _kinds(people["ministry"])] == ["decide", "province_late"]
    assert "forward" not in {k for k, _ in _kinds(people["province"])}
    # Before the due date no province is late.
    assert [k for k, _ in _kinds(people["ministry"], datetime.date(2023, 10, 1))] == ["decide"]
    assert _kinds(people["viewer"]) == []


def test_the_year_is_the_calendars_with_last_years_open_acts(people, dues):
    """In January 2024 the 2023 proposal still waits; the 2023 criteria no longer do."""
    dong_vinh = _assessment("16663")
    for r in dong_vinh.results.exclude(status=ResultStatus.MET):
        criterion_result_set_status(result=r, user=None, status=ResultStatus.MET)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    january = datetime.date(2024, 1, 15)
    work = work_list(people["province"], today=january)
    assert work.year == 2024
    assert [(i.kind, i.text) for i in work.items] == [
        (
            "forward",
            "Phường Đông Vĩnh (năm 2023) đề nghị công nhận: thẩm định, chuyển Bộ hoặc trả lại",
        )
    ]
    assessment_forward(assessment=dong_vinh, user=people["province"])
    assert [i.kind for i in work_list(people["ministry"], today=january).items] == ["decide"]
    assert work_list(people["other_ward"], today=january).items == []
    # Two years on, 2023 is no longer this year's or last year's.
    assert work_list(people["ministry"], today=datetime.date(2025, 3, 1)).items == []


def _queries(user, today=TODAY) -> int:
    user = type(user).objects.get(pk=user.pk)  # as a new request: nothing read yet
    user_scope(user)  # read once per request (kept), before the list
    with CaptureQueriesContext(connection) as queries:
        work_list(user, today=today)
    return len(queries)


def test_a_fixed_number_of_queries_whatever_the_number_of_wards(people, dues):
    # The dues (1), the assessments with their tallies (1); a ward's successors (1); the
    # Ministry's decisions (1) and, past its date, the provinces late (1).
    late = datetime.date(2023, 12, 5)
    fixed = {"ward": 3, "province": 2, "ministry": 2, "ministry_late": 3}

    def counts():
        return {
            **{who: _queries(people[who]) for who in ("ward", "province", "ministry")},
            "ministry_late": _queries(people["ministry"], late),
        }

    assert counts() == fixed
    for code in ("16663", "16666", "16669", "16672"):
        _set(code, 1, ResultStatus.NOT_ASSESSED)
        _set(code, 2, ResultStatus.NOT_MET)
    assert counts() == fixed
    assert work_list(people["province"], today=TODAY).count > 4


def test_login_lands_on_the_work_list_grouped_with_its_count_in_the_bar(people, client, clock):
    clock(NOON)
    dong_vinh = _assessment("16663")
    for r in dong_vinh.results.exclude(status=ResultStatus.MET):
        criterion_result_set_status(result=r, user=None, status=ResultStatus.MET)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    response = client.post("/dang-nhap/", {"username": "tinh40", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/viec-can-lam/"
    page = response.content.decode()
    assert 'href="/phuong/16663/?year=2023&amp;map=2023#workflow-title"' in page
    assert re.search(r'<h2 id="work-forward">[^<]*<span class="badge work-group-count">1<', page)
    listed = page.count('<li class="work-')
    assert f'<span class="badge" id="nav-work-count">{listed}</span>' in page
    # Another page counts the same, from what the bar keeps.
    other = client.get("/tinh/40/").content.decode()
    assert f'<span class="badge" id="nav-work-count">{listed}</span>' in other
    assert "worklist-empty" not in page
    # A viewer has nothing to do: it starts at the reports.
    client.logout()
    response = client.post("/dang-nhap/", {"username": "xem40", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/tinh/40/"
    assert "nav-work-count" not in response.content.decode()


def test_the_empty_message_only_when_nothing_waits(people, client, clock):
    clock(NOON)
    ha_huy_tap = _assessment("16666")
    client.force_login(people["other_ward"])
    page = client.get("/viec-can-lam/").content.decode()
    waiting = work_list(people["other_ward"]).count
    assert ("worklist-empty" in page) == (waiting == 0)
    for r in ha_huy_tap.results.exclude(status=ResultStatus.MET):
        criterion_result_set_status(result=r, user=None, status=ResultStatus.MET)
    page = client.get("/viec-can-lam/").content.decode()
    assert 'id="worklist-empty"' in page
    assert "nav-work-count" not in page


def test_the_bar_count_costs_the_same_queries_whatever_the_number_of_wards(people, client, clock):
    clock(NOON)
    client.force_login(people["province"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/viec-can-lam/").content.decode()
        return len(queries), re.search(r'id="nav-work-count">(\d+)<', page)

    before, _ = count()
    for code in ("16663", "16666", "16669"):
        _set(code, 1, ResultStatus.NOT_ASSESSED)
    after, badge = count()
    assert int(badge.group(1)) == work_list(people["province"]).count
    assert after == before
