"""Import batches: what they record, and how they are undone."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.imports.workbooks import cell_of, template_filled, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.assessments.services import criterion_result_set_status
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply, import_batch_revert


def result(code: str, number: int) -> CriterionResult:
    return CriterionResult.objects.get(assessment__ward__code=code, criterion__number=number)


@pytest.fixture
def filled(nghe_an_2023):
    return template_filled()


@pytest.fixture
def two_changes(filled):
    filled["Tiêu chí"][cell_of(filled["Tiêu chí"], "16666", "Y")] = "Đạt"  # Hà Huy Tập TC22
    return workbook_bytes(filled)


def test_batch_records_file_user_counts_and_every_change(nghe_an_2023, two_changes, officer):
    outcome = import_batch_apply(data=two_changes, file_name="nghe-an.xlsx", user=officer)
    batch = ImportBatch.objects.get(pk=outcome.batch_id)
    assert (batch.file_name, batch.imported_by, batch.province.code, batch.year) == (
        "nghe-an.xlsx",
        officer,
        "40",
        2023,
    )
    assert len(batch.sha256) == 64
    assert (batch.created, batch.changed, batch.unchanged, batch.skipped) == (0, 2, 350, 0)
    rows = CriterionResult.history.filter(import_batch=batch)
    assert sorted(r.id for r in rows) == sorted([result("16663", 22).pk, result("16666", 22).pk])
    row = rows.first()
    assert (row.status, row.history_type, row.history_user, row.version) == ("dat", "~", officer, 1)
    assert row.history_change_reason == f"Nhập từ tệp nghe-an.xlsx (lần nhập #{batch.pk})"
    stored = result("16663", 22)
    assert (stored.changed_by, stored.changed_at, stored.version) == (officer, row.history_date, 1)


def test_revert_restores_and_keeps_what_changed_since(nghe_an_2023, two_changes, officer):
    batch = ImportBatch.objects.get(
        pk=import_batch_apply(data=two_changes, file_name="a.xlsx", user=officer).batch_id
    )
    later = criterion_result_set_status(
        result=result("16666", 22), user=officer, status="dang_thuc_hien"
    )
    outcome = import_batch_revert(batch=batch, user=officer)
    assert outcome.restored == 1
    assert [(c.ward_name, c.criterion_number, c.status) for c in outcome.changed_since] == [
        ("Phường Hà Huy Tập", 22, "Đang thực hiện")
    ]
    assert result("16663", 22).status == "chua_dat"
    assert result("16666", 22).version == later.version
    reverted = CriterionResult.history.filter(id=result("16663", 22).pk).first()
    assert reverted.history_change_reason == f"Hoàn tác lần nhập #{batch.pk}"
    batch.refresh_from_db()
    assert (batch.reverted_by, batch.reverted_at is not None) == (officer, True)


def test_reverting_twice_is_refused(nghe_an_2023, two_changes, officer):
    batch = ImportBatch.objects.get(
        pk=import_batch_apply(data=two_changes, file_name="a.xlsx", user=officer).batch_id
    )
    import_batch_revert(batch=batch, user=officer)
    with pytest.raises(ValidationError, match=f"Lần nhập #{batch.pk} đã được hoàn tác lúc"):
        import_batch_revert(batch=batch, user=officer)
    out = io.StringIO()
    with pytest.raises(Exception, match="không hoàn tác lần nữa"):
        call_command("revert_import", str(batch.pk), stdout=out)


def test_revert_command(nghe_an_2023, two_changes):
    batch_id = import_batch_apply(data=two_changes, file_name="a.xlsx", user=None).batch_id
    out = io.StringIO()
    call_command("revert_import", str(batch_id), stdout=out)
    assert out.getvalue() == f"Lần nhập #{batch_id}: đã trả lại 2 kết quả.\n"
    assert result("16666", 22).status == "chua_dat"


def test_query_count_does_not_grow_with_rows(nghe_an_2023, filled):
    def queries(rows: int) -> int:
        ws = filled["Tiêu chí"]
        for row in range(8, 8 + rows):
            ws[f"X{row}"] = "Đang thực hiện"
        with CaptureQueriesContext(connection) as captured:
            outcome = import_batch_apply(data=workbook_bytes(filled), file_name="a.xlsx", user=None)
        assert outcome.ok
        return len(captured)

    assert queries(2) == queries(16)
