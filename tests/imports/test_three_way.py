"""A returned template against what it was exported with: cells left as exported change nothing,
a cell changed in both the file and the app is a conflict, and a confirm applies what its preview
showed."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tests.imports.pages import preview_url
from tests.imports.pages import upload as upload_page
from tests.imports.workbooks import template_bytes, workbook_bytes
from tracker.assessments.models import CriterionResult
from tracker.assessments.services import criterion_result_set_status
from tracker.imports.models import ImportBatch
from tracker.imports.services import import_batch_apply


def stored(code: str, number: int) -> CriterionResult:
    return CriterionResult.objects.get(assessment__ward__code=code, criterion__number=number)


def app_change(code: str, number: int, status: str, user) -> None:
    """A ward records a result on its page."""
    criterion_result_set_status(result=stored(code, number), user=user, status=status)


def returned(template: bytes, cells: dict[str, str]) -> bytes:
    """The exported template with some cells filled in, as the locality sends it back."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    for cell, value in cells.items():
        book["Tiêu chí"][cell] = value
    return workbook_bytes(book)


@pytest.fixture
def exported(nghe_an_2023) -> bytes:
    return template_bytes()


def test_a_returned_template_does_not_undo_a_change_made_since_the_export(exported, officer):
    """Defect: the file restated Hà Huy Tập's exported Chưa đạt over the Đạt recorded since."""
    assert stored("16666", 22).status == "chua_dat"
    app_change("16666", 22, "dat", officer)  # the ward's page, after the export
    data = returned(exported, {"Y11": "Đạt"})  # only Đông Vĩnh filled
    result = import_batch_apply(data=data, file_name="nghe-an.xlsx", user=officer)
    assert result.messages() == []
    assert [(c.ward_code, c.criterion_number) for c in result.changes] == [("16663", 22)]
    assert (result.changed, result.unchanged, result.conflicts) == (1, 351, [])
    assert stored("16666", 22).status == "dat"
    assert stored("16663", 22).status == "dat"


def test_a_cell_changed_in_both_places_is_a_conflict_refused_by_default(exported, officer):
    app_change("16663", 22, "dang_thuc_hien", officer)
    data = returned(exported, {"Y11": "Đạt"})
    result = import_batch_apply(data=data, file_name="nghe-an.xlsx", user=officer)
    assert [e.code for e in result.sheet_errors] == ["conflicts", "conflict"]
    line = result.sheet_errors[1].message
    assert line.startswith(
        "nghe-an.xlsx, sheet Tiêu chí, ô Y11: Phường Đông Vĩnh, TC22: lúc xuất mẫu là 'Chưa đạt', "
        f"trong tệp là 'Đạt', hiện nay là 'Đang thực hiện' ({officer.username} đổi lúc "
    )
    assert not ImportBatch.objects.exists()
    assert stored("16663", 22).status == "dang_thuc_hien"


@pytest.mark.parametrize(("choice", "after"), [("keep", "dang_thuc_hien"), ("file", "dat")])
def test_the_command_resolves_every_conflict_as_asked(exported, officer, tmp_path, choice, after):
    app_change("16663", 22, "dang_thuc_hien", officer)
    path = tmp_path / "nghe-an.xlsx"
    path.write_bytes(returned(exported, {"Y11": "Đạt", "Y12": "Đạt"}))
    with pytest.raises(CommandError, match="lúc xuất mẫu là 'Chưa đạt'"):
        call_command("import_workbook", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_workbook", str(path), "--on-conflict", choice, stdout=out)
    assert "Xung đột: nghe-an.xlsx, sheet Tiêu chí, ô Y11" in out.getvalue()
    assert stored("16663", 22).status == after
    assert stored("16666", 22).status == "dat"  # no conflict: applied either way


def test_a_note_edited_in_the_app_since_the_export_is_no_conflict(exported, officer):
    """The version moved, the status did not: the file's change still applies."""
    criterion_result_set_status(result=stored("16663", 22), user=officer, note="Đã họp")
    result = import_batch_apply(
        data=returned(exported, {"Y11": "Đạt"}), file_name="nghe-an.xlsx", user=officer
    )
    assert (result.messages(), result.conflicts, result.changed) == ([], [], 1)
    assert (stored("16663", 22).status, stored("16663", 22).note) == ("dat", "Đã họp")


def test_a_file_without_the_export_record_treats_every_cell_as_an_entry(exported, officer):
    """The record's rows removed, as a file made by hand: the old comparison, file wins."""
    app_change("16666", 22, "dat", officer)
    book = openpyxl.load_workbook(io.BytesIO(returned(exported, {"Y11": "Đạt"})))
    meta = book["_meta"]
    meta.delete_rows(7, meta.max_row)
    result = import_batch_apply(
        data=workbook_bytes(book), file_name="nghe-an.xlsx", user=officer, dry_run=True
    )
    assert sorted((c.ward_code, c.new_status) for c in result.changes) == [
        ("16663", "dat"),
        ("16666", "chua_dat"),
    ]


def upload(client, data: bytes):
    return upload_page(client, data)


def test_confirm_refuses_a_result_changed_since_the_preview(exported, officer, client):
    """Defect: the confirm read the database again and overwrote the change made meanwhile."""
    client.force_login(officer)
    token = upload(client, returned(exported, {"Y11": "Đạt"})).context["token"]
    app_change("16663", 22, "dang_thuc_hien", officer)  # between preview and confirm
    response = client.post(preview_url(token), follow=True)
    shown = response.context["refusal"]
    assert shown[0].startswith("nghe-an.xlsx: 1 kết quả đã được thay đổi sau khi xem trước")
    assert shown[1].startswith(
        "nghe-an.xlsx, sheet Tiêu chí, ô Y11: Phường Đông Vĩnh, TC22 nay là 'Đang thực hiện' "
        f"({officer.username} đổi lúc "
    )
    assert not ImportBatch.objects.exists()
    assert stored("16663", 22).status == "dang_thuc_hien"


def test_the_upload_page_resolves_conflicts_one_by_one(exported, officer, client):
    client.force_login(officer)
    app_change("16663", 22, "dang_thuc_hien", officer)
    app_change("16666", 22, "dang_thuc_hien", officer)
    response = upload(client, returned(exported, {"Y11": "Đạt", "Y12": "Đạt"}))
    page = response.content.decode()
    assert "Xung đột" in page and "lúc xuất mẫu là &#x27;Chưa đạt&#x27;" in page
    ids = {c.ward_code: c.result_id for c, _text in response.context["conflicts"]}
    response = client.post(
        preview_url(response.context["token"]),
        {
            f"conflict-{ids['16663']}": "file",
            f"conflict-{ids['16666']}": "keep",
        },
    )
    assert ImportBatch.objects.count() == 1
    assert (stored("16663", 22).status, stored("16666", 22).status) == ("dat", "dang_thuc_hien")


def test_a_conflict_left_unchosen_refuses_the_confirm(exported, officer, client):
    client.force_login(officer)
    app_change("16663", 22, "dang_thuc_hien", officer)
    token = upload(client, returned(exported, {"Y11": "Đạt"})).context["token"]
    client.post(preview_url(token))
    assert not ImportBatch.objects.exists()
