"""Two users save the same thing at the same moment, through each screen (the ward page, the
admin's change page and inline, the workflow, the import's confirm): exactly one wins.

Each try releases two real POSTs together against the live server. The winner's
answer is the screen's success, the other is told the value changed meanwhile,
and the history gains exactly one row: the winning change. Tried TRIES times per
screen; a lost update would show as two successes or two history rows.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.races.conftest import Session, together
from tracker.accounts.models import Role
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult, ResultStatus
from tracker.imports.models import ImportBatch

pytestmark = [pytest.mark.races, pytest.mark.usefixtures("nghe_an_live")]

TRIES = 10
WARD = "16663"
STALE = "vừa được người khác thay đổi"


def _tc22() -> CriterionResult:
    return CriterionResult.objects.select_related("changed_by").get(
        assessment__ward__code=WARD, assessment__year=2023, criterion__number=22
    )


def _reset(result: CriterionResult) -> None:
    CriterionResult.objects.filter(pk=result.pk).update(status=ResultStatus.NOT_MET, version=0)


@pytest.fixture
def editors(live_server, account):
    return [
        Session(live_server.url, account(name, Role.PROVINCE, province="40"))
        for name in ("tinh40a", "tinh40b")
    ]


def _assert_one_winner(answers, stale_text=STALE):
    """Exactly one success, and the other was told; the index of the winner."""
    won = [i for i, (code, _) in enumerate(answers) if code == 302]
    assert len(won) == 1, [code for code, _ in answers]
    loser = 1 - won[0]
    assert answers[loser][0] == 200 and stale_text in answers[loser][1]
    return won[0]


def _race_results(sessions, path, build, wanted):
    """TRIES races of two saves of TC22 to different values through the screen at `path`."""
    result = _tc22()
    for _ in range(TRIES):
        _reset(result)
        forms = [build(s, wanted[i]) for i, s in enumerate(sessions)]
        start = result.history.count()
        answers = together(
            *(lambda s=s, f=f: s.post(path, f) for s, f in zip(sessions, forms, strict=True))
        )
        winner = _assert_one_winner(answers)
        stored = _tc22()
        assert (stored.status, stored.version) == (wanted[winner], 1)
        assert stored.changed_by.username == ("tinh40a", "tinh40b")[winner]
        new_rows = list(result.history.all()[: result.history.count() - start])
        assert [(h.status, h.history_user.username) for h in new_rows] == [
            (wanted[winner], ("tinh40a", "tinh40b")[winner])
        ]


WANTED = (ResultStatus.MET, ResultStatus.IN_PROGRESS)


def test_ward_page(editors):
    path = f"/phuong/{WARD}/?year=2023"

    def build(session, status):
        fields = session.form(path, lambda a, f: "results-form" in a.get("class", ""))
        index = next(k for k, v in fields.items() if k.endswith("-result") and v == str(_tc22().pk))
        fields[index.replace("-result", "-status")] = status
        return fields

    _race_results(editors, path, build, WANTED)


def test_admin_change_page(editors):
    path = reverse("admin:tracker_criterionresult_change", args=[_tc22().pk])

    def build(session, status):
        fields = session.form(path, lambda a, f: "seen_version" in f)
        return fields | {"status": status, "_save": "Lưu"}

    _race_results(editors, path, build, WANTED)


def test_admin_inline(editors):
    assessment = Assessment.objects.get(ward__code=WARD, year=2023)
    path = reverse("admin:tracker_assessment_change", args=[assessment.pk])

    def build(session, status):
        fields = session.form(path, lambda a, f: "results-TOTAL_FORMS" in f)
        index = next(k for k, v in fields.items() if k.endswith("-id") and v == str(_tc22().pk))
        return fields | {index.replace("-id", "-status"): status, "_save": "Lưu"}

    _race_results(editors, path, build, WANTED)


def test_workflow_forward_against_return(editors):
    """Two province officers decide the same proposal at once: forward and return."""
    assessment = Assessment.objects.get(ward__code=WARD, year=2023)
    path = f"/phuong/{WARD}/cong-nhan/?year=2023"
    page = f"/phuong/{WARD}/?year=2023"
    for _ in range(TRIES):
        Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.PROPOSED, forwarded_at=None, forwarded_by=None
        )
        start = assessment.history.count()
        forms = [s.form(page, lambda a, f: "workflow-form" in a.get("class", "")) for s in editors]
        steps = [{"step": "forward"}, {"step": "return", "reason": "Bổ sung minh chứng TC22"}]
        answers = together(
            *(
                lambda s=s, f=f, x=x: s.post(path, f | x)
                for s, f, x in zip(editors, forms, steps, strict=True)
            )
        )
        assert [code for code, _ in answers] == [302, 302]  # both are sent back to the page
        pages = [s.get(page) for s in editors]
        told = ["nên không thể" in p for p in pages]
        assert told.count(True) == 1, told
        winner = told.index(False)
        current = Assessment.objects.get(pk=assessment.pk)
        if winner == 0:
            assert (current.status, current.forwarded_by.username) == (
                AssessmentStatus.PROPOSED,
                "tinh40a",
            )
        else:
            assert (current.status, current.review_note) == (
                AssessmentStatus.BUILDING,
                "Bổ sung minh chứng TC22",
            )
        assert assessment.history.count() == start + 1


def test_import_confirm_against_the_ward_page(editors):
    """A province confirms a file that sets TC22 while a colleague saves TC22 on the ward page."""
    importer = Client()
    importer.force_login(get_user_model().objects.get(username="tinh40a"))
    a, b = editors
    page = f"/phuong/{WARD}/?year=2023"
    result = _tc22()
    outcomes = []
    for _ in range(TRIES):
        _reset(result)
        upload = importer.post(
            reverse("imports"),
            {
                "file": SimpleUploadedFile("nghe-an.csv", f"Mã phường,TC22\n{WARD},Đạt\n".encode()),
                "province": "",
                "year": "2023",
            },
        )
        token = upload.context["token"]
        assert token, upload.content.decode()[:2000]
        confirm = reverse("import-preview", args=[token])
        confirm_form = a.form(confirm, lambda attrs, fields: attrs.get("id") == "confirm-form")
        ward_form = b.form(page, lambda attrs, f: "results-form" in attrs.get("class", ""))
        index = next(
            k for k, v in ward_form.items() if k.endswith("-result") and v == str(result.pk)
        )
        ward_form[index.replace("-result", "-status")] = ResultStatus.IN_PROGRESS
        start = result.history.count()
        (code_a, body_a), (code_b, body_b) = together(
            lambda f=confirm_form, c=confirm: a.post(c, f), lambda f=ward_form: b.post(page, f)
        )
        # Imported: back to the list; refused: the preview shown again, with why.
        assert code_a in (302, 200)
        imported = code_a == 302 and a.location.endswith(reverse("imports") + "?year=2023")
        saved = code_b == 302
        assert imported != saved, (a.location, code_b)  # exactly one wins
        if imported:
            assert STALE in body_b  # the ward page tells its user
            wanted = (ResultStatus.MET, "tinh40a")
        else:
            assert "xem trước lại" in body_a
            wanted = (ResultStatus.IN_PROGRESS, "tinh40b")
        stored = _tc22()
        assert (stored.status, stored.changed_by.username) == wanted
        new_rows = list(result.history.all()[: result.history.count() - start])
        assert [(h.status, h.history_user.username) for h in new_rows] == [wanted]
        outcomes.append(imported)
    print(f"import won {sum(outcomes)} of {TRIES}, the ward page {TRIES - sum(outcomes)}")


def test_two_confirms_of_one_preview(live_server, account):
    """Two tabs of one officer confirm the same preview at once: the confirm spends the preview
    in the transaction that applies it, so one batch is written and the other tab is told the
    preview is gone; the file is never applied twice."""
    officer = account("tinh40c", Role.PROVINCE, province="40")
    importer = Client()
    importer.force_login(officer)
    tabs = [Session(live_server.url, officer) for _ in range(2)]
    result = _tc22()
    for _ in range(TRIES):
        _reset(result)
        batches = ImportBatch.objects.count()
        upload = importer.post(
            reverse("imports"),
            {
                "file": SimpleUploadedFile("nghe-an.csv", f"Mã phường,TC22\n{WARD},Đạt\n".encode()),
                "year": "2023",
            },
        )
        confirm = reverse("import-preview", args=[upload.context["token"]])
        forms = [t.form(confirm, lambda attrs, f: attrs.get("id") == "confirm-form") for t in tabs]
        start = result.history.count()
        answers = together(
            *(lambda t=t, f=f, c=confirm: t.post(c, f) for t, f in zip(tabs, forms, strict=True))
        )
        assert [code for code, _body in answers] == [302, 302]
        assert ImportBatch.objects.count() == batches + 1
        assert result.history.count() == start + 1
        assert _tc22().status == ResultStatus.MET
        told = [t.get(reverse("imports")) for t in tabs]
        assert sum("Đã nhập tệp nghe-an.csv" in page for page in told) == 1
        assert sum("Không còn tệp đã xem trước" in page for page in told) == 1
