"""No page answers 500 to control characters in a code, an id, a year or a map (issue 23).

Every URL pattern of the site and of the admin is walked: each converter or group filled
with values holding NUL (which PostgreSQL refuses in text) and other control characters,
then each page's query parameters (?year=, ?map=, ... and the admin's search and filters)
given such values behind a path that exists. A 400 or a 404 is the answer, never a 500.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.evidence.conftest import pdf, upload
from tests.rounds.conftest import all_met
from tracker.assessments.models import Assessment, AssessmentStatus
from tracker.assessments.workflow import assessment_propose
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_add

BAD = ["16663\x00", "40\x1b\r\n\x7f\x85"]
# What the pages read from the query string (tracker's views and period_from_request).
SITE_PARAMETERS = ["tinh", "from", "trang", "sort", "all", "province", "q", "model_name"]
_PLACEHOLDER = re.compile(r"<(?:(\w+):)?\w+>|\((?:\?P<\w+>)?[^()]*\)")


def routes() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return list(walk(get_resolver().url_patterns))


def fill(pattern: str, value) -> str:
    """The pattern as a path: each converter or regex group replaced by value(converter)."""
    path = _PLACEHOLDER.sub(lambda m: quote(value(m.group(1) or "str"), safe=""), pattern)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def existing(pattern: str):
    """A value the converter takes and the site knows: the page behind it exists."""
    ward = pattern.startswith("phuong/")
    return lambda converter: "1" if converter in ("int", "path") else ("16663" if ward else "40")


def admin_parameters(pattern: str) -> list[str]:
    """A changelist's search, ordering and page, and the parameter of each of its filters."""
    found = re.fullmatch(r"admin/(\w+)/(\w+)/", pattern)
    if not found:
        return []
    admins = {m._meta.label_lower: a for m, a in admin.site._registry.items()}
    model_admin = admins.get(".".join(found.groups()))
    names = ["q", "o", "p"]
    for spec in getattr(model_admin, "list_filter", ()):
        if isinstance(spec, str):
            names += [f"{spec}__exact", f"{spec}__id__exact", f"{spec}__gte"]
        elif isinstance(spec, tuple):
            names += [f"{spec[0]}__id__exact"]
        else:
            names.append(spec.parameter_name)
    return names


@pytest.fixture
def walker(client, nghe_an_2023, national_admin):
    client.force_login(national_admin)
    client.raise_request_exception = False  # every answer collected, then the 500s listed
    assert Assessment.objects.filter(ward__code="16663", year=2023).exists()
    answers = {}

    def get(url: str) -> int:
        status = client.get(url).status_code
        answers[url] = status
        return status

    return get, answers


def test_no_url_answers_500_to_control_characters(walker):
    get, answers = walker
    for pattern in routes():
        if _PLACEHOLDER.search(pattern):
            for bad in BAD:
                get(fill(pattern, lambda converter, bad=bad: bad))
        if pattern.startswith("admin/"):
            queries = [{name: bad} for name in admin_parameters(pattern) for bad in BAD]
        else:
            queries = [
                *({"year": bad} for bad in BAD),
                *({"year": "2023", "map": bad} for bad in BAD),
                *({"year": "2023", "map": "2023", **dict.fromkeys(SITE_PARAMETERS, bad)}
                  for bad in BAD),
            ]  # fmt: skip
        path = fill(pattern, existing(pattern))
        for query in queries:
            get(f"{path}?{urlencode(query)}")
    failed = {url: status for url, status in answers.items() if status >= 500}
    assert not failed, "\n".join(f"{status} {url}" for url, status in failed.items())
    # Walked indeed: the site's and the admin's pages, with their codes and filters.
    assert len(answers) > 500
    assert (
        "/tinh/16663%00/" in answers and "/admin/tracker/assessment/?province=16663%00" in answers
    )
    # Every answer to a control character is a refusal, whatever the route.
    assert {s for s in answers.values()} <= {400, 404}


def test_the_refusal_says_where_and_what_to_do_and_clean_addresses_pass(walker, client):
    get, _ = walker
    response = client.get("/phuong/16663/", {"year": "2023", "map": "2023\t"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page
    assert "Yêu cầu có ký tự điều khiển (như NUL, xuống dòng hoặc tab) trong tham số " in page
    assert "&#x27;map&#x27;" in page and "thường do dán từ tệp khác" in page
    assert "trong đường dẫn" in client.get("/tinh/40%00/").content.decode()
    # Vietnamese letters and spaces are no control characters.
    assert get("/phuong/16663/?year=2023&map=2023") == 200
    assert get("/admin/tracker/assessment/?q=%C4%90%C3%B4ng+V%C4%A9nh") == 200


def test_a_bad_request_of_django_itself_gets_the_same_page(client, settings):
    settings.ALLOWED_HOSTS = ["camau.example"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Trang không hiểu được yêu cầu này." in response.content.decode()


def test_a_session_cookie_with_nul_is_as_no_cookie(client, national_admin):
    client.cookies["sessionid"] = "abcdefgh\x00ijk"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_nul_in_a_posted_text_is_refused_and_nothing_written(client, people, dong_vinh):
    """A reason typed into a form is free text (line breaks welcome), but never holds NUL."""
    all_met(dong_vinh)
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=3), user=None, files=[upload("a.pdf", pdf())]
    )
    client.force_login(people["province"])
    workflow = "/phuong/16663/cong-nhan/?year=2023&map=2023"
    response = client.post(workflow, {"step": "return", "reason": "Thiếu\x00 hồ sơ"})
    assert response.status_code == 400 and "ô &#x27;reason&#x27;" in response.content.decode()
    response = client.post(f"/minh-chung/{evidence.pk}/go/", {"reason": "Trùng\r\n\x00"})
    assert response.status_code == 400
    dong_vinh.refresh_from_db()
    assert dong_vinh.status == AssessmentStatus.PROPOSED
    assert EvidenceFile.objects.get().removed_at is None
    # Line breaks and tabs in free text are kept as typed.
    response = client.post(workflow, {"step": "return", "reason": "Thiếu hồ sơ:\r\n\t- TC3"})
    dong_vinh.refresh_from_db()
    assert response.status_code == 302 and dong_vinh.status != AssessmentStatus.PROPOSED
