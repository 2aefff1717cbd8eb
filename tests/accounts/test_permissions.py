"""Every URL of the project, walked as each role with another scope's ids (issue 6, point 1).

A province officer, a provincial viewer, a ward officer and a national viewer each
request every route, GET and POST, with the ids of things outside their scope typed
in by hand. Each must be refused with 403 or 404, and nothing stored may change.
"""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from tracker.accounts.models import AuditEvent, Role
from tracker.api.tokens import api_token_create
from tracker.assessments.models import Assessment, CriterionResult
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet, Criterion
from tracker.documents.models import DocumentTemplate
from tracker.documents.shipped import template_path
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_add
from tracker.imports.models import ImportBatch
from tracker.rounds.models import ProvinceRound, Round
from tracker.rounds.services import province_round_set, round_set
from tracker.targets.models import ProvinceQuota, Target
from tracker.units.loading import units_load
from tracker.units.models import District, MapEdition, Province, UnitSuccession, Ward

# Routes that are not about anyone's data, or that end the session being tested.
SKIP = {"login", "logout", "admin:login", "admin:logout", "admin:", "admin:view_on_site"}
SCOPED_ADMIN = {
    "assessment",
    "criterionresult",
    "importbatch",
    "auditevent",
    "round",
    "provinceround",
    "evidencefile",
}
REFERENCE_ADMIN = {
    "mapedition": MapEdition,
    "province": Province,
    "district": District,
    "ward": Ward,
    "criterion": Criterion,
    "criteriaset": CriteriaSet,
    "target": Target,
    "provincequota": ProvinceQuota,
    "unitsuccession": UnitSuccession,
}
REFUSED = {403, 404}


def routes():
    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name or ''}" if namespace else (p.name or "")
                yield prefix + str(p.pattern), name

    return list(walk(get_resolver().url_patterns))


def snapshot():
    """What must not change: every status, version, note, batch and account."""
    return (
        list(Assessment.objects.order_by("pk").values_list("pk", "status", "decision_number")),
        list(CriterionResult.objects.order_by("pk").values_list("pk", "status", "version", "note")),
        list(ImportBatch.objects.order_by("pk").values_list("pk", "reverted_at")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "is_superuser", "password")),
        [m.objects.count() for m in REFERENCE_ADMIN.values()],
        list(Criterion.objects.order_by("pk").values_list("short_title", flat=True)),
        list(Round.objects.values_list("year", "due")),
        list(ProvinceRound.objects.order_by("pk").values_list("pk", "due")),
        list(DocumentTemplate.objects.order_by("pk").values_list("pk", "kind", "active", "file")),
        list(EvidenceFile.objects.order_by("pk").values_list("pk", "current_id", "removed_at")),
    )


@pytest.fixture
def world(nghe_an_2023, account):
    units_load(edition="2023", only_provinces={"01"})
    units_load(edition="2025", only_provinces={"40"})
    UnitSuccession.objects.create(
        predecessor=Ward.objects.get(edition__code="2023", code="16663"),
        successor=Ward.objects.get(edition__code="2025", code="16681"),
    )
    criteria_set = CriteriaSet.objects.get()
    hanoi_ward = Ward.objects.filter(province__code="01", kind="phuong").order_by("code").first()
    hanoi = assessment_register(ward=hanoi_ward, year=2023, criteria_set=criteria_set, user=None)
    nghe_an = Province.objects.get(edition__code="2023", code="40")
    batches = {
        code: ImportBatch.objects.create(
            file_name=f"{code}.xlsx", sha256="0" * 64, province=province, year=2023
        )
        for code, province in [("01", hanoi_ward.province), ("40", nghe_an)]
    }
    other_ward = Assessment.objects.get(ward__code="16666", year=2023)  # not the ward user's
    # The national round, and each province's date: Hà Nội's is another province's for Nghệ An.
    national_round = round_set(year=2023, due=datetime.date(2023, 11, 30), user=None)
    province_rounds = {
        code: province_round_set(
            province=province, year=2023, due=datetime.date(2023, 10, 31), user=None
        )
        for code, province in [("40", Province.objects.get(edition__code="2023", code="40"))]
        + [("01", hanoi_ward.province)]
    }
    # An evidence file in each foreign scope, so its download, preview and dossier are walked.
    for assessment in (hanoi, other_ward):
        evidence_add(
            result=assessment.results.order_by("criterion__number").first(),
            user=None,
            files=[SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF")],
        )
    # One row in each of the other apps' admin lists, so their pages have an id to refuse.
    Group.objects.create(name="Nhóm thử")
    template = DocumentTemplate(kind="report")
    template.file.save("mau.docx", ContentFile(template_path("report").read_bytes()), save=True)
    row = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "x", "path_info": "/"}
    AccessAttempt.objects.create(**row, failures_since_start=1)
    AccessLog.objects.create(**row)
    AccessFailureLog.objects.create(**row)
    api_token_create(owner=account("xemtq", Role.VIEWER), name="Mã thử")
    return {
        "round": national_round,
        "province_rounds": province_rounds,
        "hanoi": hanoi,
        "other_ward": other_ward,
        "batches": batches,
        "users": {
            Role.PROVINCE: account("tinh40", Role.PROVINCE, province="40"),
            Role.VIEWER: account("xem40", Role.VIEWER, province="40"),
            Role.WARD: account("phuong16663", Role.WARD, ward="16663"),
            "national viewer": get_user_model().objects.get(username="xemtq"),
        },
    }


def foreign(world, role):
    """The things outside the role's scope: Hà Nội's for Nghệ An, another ward's for a ward."""
    if role == Role.WARD:
        assessment, batch = world["other_ward"], world["batches"]["40"]
    else:
        assessment, batch = world["hanoi"], world["batches"]["01"]
    result = assessment.results.order_by("criterion__number").first()
    event = (
        AuditEvent.objects.filter(province=assessment.ward.province).first()
        or AuditEvent.objects.first()
    )
    evidence = EvidenceFile.objects.get(result__assessment=assessment)
    return {
        # The national round is the Ministry's: no other role may open it in the admin.
        "round": world["round"],
        "provinceround": world["province_rounds"][assessment.ward.province.code],
        "assessment": assessment,
        "criterionresult": result,
        "evidencefile": evidence,
        "evidencerevision": evidence.current,
        "importbatch": batch,
        "auditevent": event,
        "province_code": assessment.ward.province.code,
        "ward_code": assessment.ward.code,
    }


def fill(pattern: str, name: str, things: dict):
    """A concrete URL for a route, with the foreign ids typed in; None if it takes none."""
    if pattern.startswith("api/"):
        # The API takes no session: tests/api walks it with tokens and another province's ids.
        return None
    if name == "criterion":
        criterion = Criterion.objects.get(number=22).pk
        return f"tieu-chi/{criterion}/?tinh={things['province_code']}"
    # The evidence routes, with the foreign result, file or revision typed in.
    ids = {
        "<int:result_id>": things["criterionresult"].pk,
        "<int:file_id>": things["evidencefile"].pk,
        "<int:revision_id>": things["evidencerevision"].pk,
        "<int:batch_id>": things["importbatch"].pk,
    }
    if any(key in pattern for key in ids):
        for key, pk in ids.items():
            pattern = pattern.replace(key, str(pk))
        return pattern.replace("<str:code>", things["ward_code"]) + "?year=2023"
    found = re.match(r"admin/(\w+)/(\w+)/", pattern)
    app, model = found.groups() if found else (None, None)
    if "<path:object_id>" in pattern or "<int:pk>" in pattern:
        if app == "tracker" and model in SCOPED_ADMIN:
            pk = things[model].pk
        else:
            registered = apps.get_model(app, model)
            pk = registered.objects.order_by("pk").last().pk
        return re.sub(r"<(path:object_id|int:pk)>", str(pk), pattern)
    if "history/([^/]+)" in pattern:
        obj = things[model]
        history_id = obj.history.order_by("history_id").values_list("history_id", flat=True)[0]
        return f"admin/tracker/{model}/{obj.pk}/history/{history_id}/"
    if "<str:code>" in pattern:
        code = things["ward_code"] if name.startswith("ward") else things["province_code"]
        return pattern.replace("<str:code>", code) + ("?year=2023" if "dossier" in name else "")
    return None


def expand(pattern: str) -> str:
    return pattern.replace("^(?P<app_label>auth|axes|tracker)/$", "tracker/")


@pytest.mark.parametrize("role", [Role.PROVINCE, Role.VIEWER, Role.WARD, "national viewer"])
def test_every_url_refuses_what_lies_outside_the_scope(world, client, role):
    user = world["users"][role]
    things = foreign(world, role)
    before = snapshot()
    foreign_name = things["assessment"].ward.name
    checked = 0
    for pattern, name in routes():
        if name in SKIP:
            continue
        url = fill(pattern, name, things)
        national_viewer = role == "national viewer"
        for method in ("get", "post"):
            client.force_login(user)
            if url is not None:
                response = getattr(client, method)("/" + url)
                model = re.match(r"admin/tracker/(\w+)/", pattern)
                reference = bool(model) and model.group(1) in REFERENCE_ADMIN
                writes = method == "post" and name.endswith(("_change", "_delete", "revert"))
                if national_viewer or reference:
                    # Reading the whole country (or the shared reference data) is theirs to do;
                    # writing it is not.
                    if writes:
                        assert response.status_code in REFUSED, (url, method)
                    else:
                        assert response.status_code < 500, (url, method)
                else:
                    assert response.status_code in REFUSED, (url, method, response.status_code)
            else:
                url_plain = "/" + expand(pattern)
                if "<" in url_plain:
                    continue
                data = {"ward": things["assessment"].ward_id, "year": 2023, "token": "x"}
                response = getattr(client, method)(url_plain, data if method == "post" else None)
                assert response.status_code < 500, (url_plain, method)
                scoped_list = re.match(r"admin/tracker/(\w+)/", pattern)
                scoped_list = not scoped_list or scoped_list.group(1) in SCOPED_ADMIN
                if method == "get" and response.status_code == 200 and not national_viewer:
                    if scoped_list:
                        assert foreign_name not in response.content.decode(), url_plain
            checked += 1
    if role == Role.WARD:
        client.force_login(user)
        criterion = Criterion.objects.get(number=22).pk
        assert client.get(f"/tieu-chi/{criterion}/").status_code in REFUSED
    assert checked > 200
    assert snapshot() == before
