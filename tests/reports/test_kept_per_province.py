"""A write invalidates only what it changes: kept pages per province, whatever the write's path.

Hà Nội (01) and Nghệ An (40) each with registered wards. A write to Hà Nội's data, through
a form, the admin, the import's SQL, QuerySet.update, an evidence file or a workflow step,
leaves Nghệ An's kept page valid and the national page's other rows kept. These tests
commit (transaction=True): a page is kept only from committed data.
"""

import datetime
import re
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.test_report_cache import KEPT_PAGE_QUERIES
from tracker.accounts.models import Role
from tracker.assessments.forms import EDITABLE
from tracker.assessments.models import Assessment, CriterionResult, ResultStatus
from tracker.assessments.services import ResultUpdate, criterion_results_bulk_set_status
from tracker.assessments.workflow import (
    assessment_forward,
    assessment_propose,
    assessment_recognize,
)
from tracker.data_version import DataVersion
from tracker.evidence.services import evidence_add
from tracker.units.models import Province

pytestmark = pytest.mark.django_db(transaction=True)

HA_NOI, NGHE_AN = "/tinh/01/?year=2023", "/tinh/40/?year=2023"
OVERVIEW = "/?year=2023"
# A ward page's status form as an officer sends it back.
HA_NOI_WARD = "/phuong/01000/?year=2023"


def _get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    main = re.search(r"<main\b[^>]*>.*</main>", response.content.decode(), re.S).group(0)
    # The due date's form carries a CSRF token masked afresh on every page.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main), len(queries)


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _overview_row(page: str, code: str) -> list[str]:
    row = re.search(rf'<tr[^>]*data-province="{code}">.*?</tr>', page, re.S).group(0)
    return re.findall(r'<td class="num">([^<]*)</td>', row)


def _result(code: str, number: int) -> CriterionResult:
    return CriterionResult.objects.get(assessment__ward__code=code, criterion__number=number)


def _by_form(user):
    client = _logged_in(user)
    page = client.get(HA_NOI_WARD)
    formset = page.context["formset"]
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for i, form in enumerate(formset.forms):
        values = dict(form.initial)
        if formset.results[form.initial["result"]].criterion.number == 22:
            values["status"] = ResultStatus.MET
        for name, value in values.items():
            data[f"{formset.prefix}-{i}-{name}"] = value
        for name in EDITABLE:
            data[f"initial-{formset.prefix}-{i}-{name}"] = form.initial[name]
    assert client.post(HA_NOI_WARD, data).status_code == 302


def _by_admin(user):
    client = _logged_in(user)
    result = _result("01000", 22)
    url = reverse("admin:tracker_criterionresult_change", args=[result.pk])
    form = {"status": ResultStatus.MET, "evidence": "", "note": "", "seen_version": result.version}
    assert client.post(url, form).status_code == 302


def _by_import(user):
    result = _result("01000", 22)
    criterion_results_bulk_set_status(
        updates=[ResultUpdate(result.pk, ResultStatus.MET, result.version)], user=user
    )


def _by_update(user):
    CriterionResult.objects.filter(pk=_result("01000", 22).pk).update(status=ResultStatus.MET)


def _by_evidence(user):
    pdf = b"%PDF-1.4\n%\n" + b"0" * 200 + b"\n%%EOF"
    evidence_add(
        result=_result("01000", 3),
        user=user,
        files=[SimpleUploadedFile("bien-ban.pdf", pdf, content_type="application/pdf")],
    )


def _by_workflow(user, national_admin, ward_user):
    """01001 proposed by its ward, forwarded by the province, recognised by the Ministry."""
    assessment = Assessment.objects.get(ward__code="01001")
    assessment_propose(assessment=assessment, user=ward_user)
    assessment_forward(assessment=assessment, user=user)
    assessment_recognize(
        assessment=assessment,
        user=national_admin,
        decision_number="12/QĐ-BCA",
        decision_date=datetime.date(2023, 12, 1),
    )


def _ward_row(page: str, code: str) -> str:
    return re.search(rf'<tr data-ward="{code}">.*?</tr>', page, re.S).group(0)


def _all_met(page: str) -> bool:
    return "22/22" in _ward_row(page, "01000")


def _with_evidence(page: str) -> bool:
    return "has-evidence" in _ward_row(page, "01000")


def _recognized(page: str) -> bool:
    return "Đã công nhận</dt><dd>1<" in page


# Each write to Hà Nội, how Hà Nội's page shows it, and what it changes in its overview
# row (the columns: wards, registered, meeting every criterion, recognised, ...).
WRITES = {
    "form": (_by_form, _all_met, (2, "2")),
    "admin": (_by_admin, _all_met, (2, "2")),
    "import": (_by_import, _all_met, (2, "2")),
    "QuerySet.update": (_by_update, _all_met, (2, "2")),
    "evidence file": (_by_evidence, _with_evidence, None),
    "workflow step": (_by_workflow, _recognized, (3, "1")),
}


@pytest.fixture
def two_provinces(build, account):
    build(code="01", phuong=3, registered=2)
    build(code="40", phuong=3, registered=2)
    # 01001 meets every criterion, so its ward may propose it.
    CriterionResult.objects.filter(assessment__ward__code="01001").update(status=ResultStatus.MET)
    return {
        "officer": account("tinh01", Role.PROVINCE, province="01"),
        "nghe_an": account("tinh40", Role.PROVINCE, province="40"),
        "ward": account("phuong01001", Role.WARD, ward="01001"),
    }


@pytest.mark.parametrize("path", WRITES)
def test_a_write_in_ha_noi_leaves_nghe_an_kept(two_provinces, national_admin, account, path):
    write, shown, overview_change = WRITES[path]
    nghe_an, ministry = _logged_in(two_provinces["nghe_an"]), _logged_in(national_admin)
    viewers = {
        "Nghệ An's officer": (nghe_an, NGHE_AN),
        "the Ministry": (ministry, NGHE_AN),
    }
    before = {}
    for who, (client, url) in viewers.items():
        before[who], _ = _get(client, url)
        assert _get(client, url)[1] == KEPT_PAGE_QUERIES, who
    ha_noi_before, _ = _get(ministry, HA_NOI)
    overview_before, _ = _get(ministry, OVERVIEW)
    assert not shown(ha_noi_before)
    # Nghệ An's data changed without its version moving: only a recomputed row would show it.
    nghe_an_id = Province.objects.get(code="40").pk
    number = DataVersion.objects.get(pk=nghe_an_id).number
    CriterionResult.objects.filter(assessment__ward__province_id=nghe_an_id).update(
        status=ResultStatus.MET
    )
    DataVersion.objects.filter(pk=nghe_an_id).update(number=number)

    if path == "workflow step":
        write(two_provinces["officer"], national_admin, two_provinces["ward"])
    else:
        write(two_provinces["officer"])

    # Nghệ An's officer, whose work list reads Nghệ An only, is served the kept page as is.
    page, queries = _get(nghe_an, NGHE_AN)
    assert (page, queries) == (before["Nghệ An's officer"], KEPT_PAGE_QUERIES)
    # The Ministry gets the same kept page; its work list spans Hà Nội, so it is counted again.
    assert _get(ministry, NGHE_AN)[0] == before["the Ministry"]
    ha_noi, queries = _get(ministry, HA_NOI)
    assert shown(ha_noi) and queries > KEPT_PAGE_QUERIES
    # The overview computes Hà Nội's row again and keeps Nghệ An's (0 meeting all, as kept).
    overview, _ = _get(ministry, OVERVIEW)
    assert _overview_row(overview, "40") == _overview_row(overview_before, "40")
    assert _overview_row(overview, "40")[2] == "0"
    if overview_change is not None:
        column, value = overview_change
        assert _overview_row(overview_before, "01")[column] != value
        assert _overview_row(overview, "01")[column] == value


@pytest.mark.parametrize("who", ["ministry", "officer", "viewer", "province viewer"])
def test_a_kept_page_costs_three_queries_whatever_the_role(
    two_provinces, national_admin, account, who, clock
):
    # In 2023: the work list reads the programme calendar's year, today's.
    clock(datetime.datetime(2023, 11, 10, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")))
    users = {
        "ministry": national_admin,
        "officer": two_provinces["officer"],
        "viewer": account("xem", Role.VIEWER),
        "province viewer": account("xem01", Role.VIEWER, province="01"),
    }
    # A ward left with a criterion not assessed: the officer's work list is not empty, so
    # the navigation shows its count.
    CriterionResult.objects.filter(pk=_result("01000", 5).pk).update(
        status=ResultStatus.NOT_ASSESSED
    )
    client = _logged_in(users[who])
    for url in (HA_NOI, OVERVIEW) if who in ("ministry", "viewer") else (HA_NOI,):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert len(queries) == KEPT_PAGE_QUERIES, (url, [q["sql"] for q in queries])
        badge = re.findall(rb'id="nav-work-count">(\d+)<', again.content)
        assert badge == re.findall(rb'id="nav-work-count">(\d+)<', first.content)
        if who == "officer":
            assert badge == [b"1"]
