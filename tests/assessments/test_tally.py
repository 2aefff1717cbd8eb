"""Each assessment's tally (tracker.assessments.tally) equals a recount after every write path."""

import datetime

import pytest
from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from tests.assessments.test_forms import URL, _form_data
from tests.imports.workbooks import cell_of, template_filled, workbook_bytes
from tracker.assessments.models import Assessment, AssessmentTally, CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply, import_batch_revert

pytestmark = pytest.mark.usefixtures("nghe_an_2023")


def _recount() -> dict[int, tuple]:
    """(total, assessed, met, last first-assessed moment) per assessment, from the results."""
    first = (
        CriterionResult.history.model.objects.filter(id=OuterRef("pk"))
        .exclude(status=ResultStatus.NOT_ASSESSED)
        .order_by()
        .values("id")
        .annotate(at=Min("history_date"))
        .values("at")
    )
    counted = {
        a: (total, assessed, met, last)
        for a, total, assessed, met, last in CriterionResult.objects.order_by()
        .values("assessment_id")
        .annotate(
            total=Count("pk"),
            assessed=Count("pk", filter=~Q(status=ResultStatus.NOT_ASSESSED)),
            met=Count("pk", filter=Q(status=ResultStatus.MET)),
            last=Max(Coalesce(Subquery(first), F("changed_at"))),
        )
        .values_list("assessment_id", "total", "assessed", "met", "last")
    }
    for a in Assessment.objects.values_list("pk", flat=True):
        counted.setdefault(a, (0, 0, 0, None))
    return counted


def _kept() -> dict[int, tuple]:
    kept = {
        a: (total, assessed, met, last)
        for a, total, assessed, met, last in AssessmentTally.objects.values_list(
            "assessment_id", "total", "assessed", "met", "last_first_at"
        )
    }
    for a in Assessment.objects.values_list("pk", flat=True):
        kept.setdefault(a, (0, 0, 0, None))
    return kept


def _assert_kept():
    recount = _recount()
    assert sum(t[0] for t in recount.values()) > 0
    assert _kept() == recount


def _result(code="16663", number=22) -> CriterionResult:
    return CriterionResult.objects.get(
        assessment__ward__code=code, assessment__year=2023, criterion__number=number
    )


def test_the_copied_data_set_is_tallied():
    _assert_kept()


def test_the_service_and_the_ward_page_form_keep_it(editor_client):
    for status in (ResultStatus.NOT_ASSESSED, ResultStatus.MET, ResultStatus.IN_PROGRESS):
        criterion_result_set_status(result=_result(number=3), user=None, status=status)
        _assert_kept()
    page = editor_client.get(URL)
    data = _form_data(page, {22: {"status": ResultStatus.MET}, 4: {"status": "chua_danh_gia"}})
    assert editor_client.post(URL, data).status_code == 302
    _assert_kept()


def test_an_import_and_its_revert_keep_it(officer):
    filled = template_filled()
    sheet = filled["Tiêu chí"]
    for column in ("C", "D", "Y"):
        sheet[cell_of(sheet, "16666", column)] = "Chưa đánh giá"
    sheet[cell_of(sheet, "16669", "Y")] = "Đạt"
    outcome = import_batch_apply(data=workbook_bytes(filled), file_name="x.xlsx", user=officer)
    _assert_kept()
    import_batch_revert(batch=ImportBatch.objects.get(pk=outcome.batch_id), user=officer)
    _assert_kept()


def test_queryset_updates_inserts_and_deletes_keep_it():
    results = CriterionResult.objects.filter(assessment__ward__code="16666")
    results.filter(criterion__number__lte=5).update(status=ResultStatus.NOT_ASSESSED)
    _assert_kept()
    later = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    results.filter(criterion__number=6).update(status=ResultStatus.MET, changed_at=later)
    _assert_kept()
    earlier = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
    CriterionResult.objects.update(changed_at=earlier)
    _assert_kept()
    # A history row dated earlier, then moved, then gone.
    history = CriterionResult.history.model.objects.filter(id=_result("16669", 7).pk)
    history.update(history_date=earlier)
    _assert_kept()
    history.update(status=ResultStatus.NOT_ASSESSED)
    _assert_kept()
    history.delete()
    _assert_kept()
    one = _result("16663", 9)
    criterion, assessment = one.criterion, one.assessment
    one.delete()
    _assert_kept()
    CriterionResult.objects.create(
        assessment=assessment, criterion=criterion, status=ResultStatus.MET, changed_at=later
    )
    _assert_kept()
    gone = Assessment.objects.get(ward__code="16669", year=2023)
    gone.results.all().delete()
    _assert_kept()
    gone_id = gone.pk
    gone.delete()
    assert not AssessmentTally.objects.filter(assessment_id=gone_id).exists()
    _assert_kept()
