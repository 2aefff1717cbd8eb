"""Import previews: kept in the database and the file storage, their uploader's only, expiring."""

import hashlib
import io
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.imports.pages import IMPORTED, IMPORTS, preview_url, upload
from tests.imports.workbooks import workbook_bytes
from tracker.accounts.models import Role
from tracker.assessments.models import CriterionResult
from tracker.imports.models import ImportBatch, ImportPreview
from tracker.imports.previews import import_preview_create


def stored_files(media_root: Path) -> list[str]:
    folder = media_root / "import-previews"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def refusal(client, response) -> list[str]:
    """Where a preview that is gone leads: back to the upload form, with the messages there."""
    assert response.url == IMPORTS
    return [str(m) for m in client.get(response.url).context["page_messages"]]


@pytest.fixture
def officer_client(officer, client):
    client.force_login(officer)
    return client


@pytest.fixture
def token(nghe_an_2023, filled, officer_client):
    return upload(officer_client, workbook_bytes(filled)).context["token"]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for a commit (a deleted preview's file) as production's autocommit does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_upload_is_kept_in_the_storage_for_its_uploader(token, officer, media_root):
    preview = ImportPreview.objects.get()
    assert str(preview.pk) == token
    assert (preview.owner, preview.file_name) == (officer, "nghe-an.xlsx")
    assert (preview.province_code, preview.year) == ("", None)
    assert preview.expires_at - preview.created_at == timedelta(days=1)
    assert preview.file.name == f"import-previews/{preview.pk.hex}"
    assert stored_files(media_root) == [preview.pk.hex]
    data = (media_root / preview.file.name).read_bytes()
    assert data.startswith(b"PK") and preview.size == len(data)
    assert preview.sha256 == hashlib.sha256(data).hexdigest()
    # Nothing in this server's temporary folder, as the previews once were.
    assert not (Path(tempfile.gettempdir()) / "tracker-imports" / token).exists()


def test_another_session_of_the_uploader_shows_and_confirms_the_preview(
    token, officer, media_root, on_commit
):
    # A second browser, or the same one on another app server: only the id travels.
    other = Client()
    other.force_login(officer)
    page = other.get(preview_url(token))
    assert page.status_code == 200
    assert "Phường Đông Vĩnh (16663)" in page.content.decode() and page.context["token"] == token
    assert "0 mới, 1 thay đổi, 351 không đổi, 0 bỏ qua" in page.content.decode()
    when = timezone.localtime(ImportPreview.objects.get().expires_at).strftime("%H:%M %d/%m/%Y")
    assert f"Bản xem trước này được giữ đến {when}." in page.content.decode()
    with on_commit():
        response = other.post(preview_url(token))
    batch = ImportBatch.objects.get()
    assert response.url == IMPORTED and batch.file_name == "nghe-an.xlsx"
    stored = CriterionResult.objects.get(assessment__ward__code="16663", criterion__number=22)
    assert stored.status == "dat"
    # A confirm spends the preview: its row and its file are gone.
    assert not ImportPreview.objects.exists()
    assert stored_files(media_root) == []


def test_any_configured_storage_keeps_the_previews(
    nghe_an_2023, filled, officer, officer_client, media_root, settings, on_commit
):
    # As an S3-compatible store would: nothing on this server's disk.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    token = upload(officer_client, workbook_bytes(filled)).context["token"]
    name = ImportPreview.objects.get().file.name
    assert default_storage.exists(name) and stored_files(media_root) == []
    other = Client()
    other.force_login(officer)
    assert other.get(preview_url(token)).status_code == 200
    with on_commit():
        other.post(preview_url(token))
    assert ImportBatch.objects.count() == 1
    assert not default_storage.exists(name)


def test_another_users_preview_is_not_found(token, account, officer_client, media_root):
    # Another officer of the same province, and the Ministry: neither sees it.
    for name, role, province in (("khac", Role.PROVINCE, "40"), ("bo", Role.NATIONAL, None)):
        other = Client()
        other.force_login(account(name, role, province=province))
        assert other.get(preview_url(token)).status_code == 404
        assert other.post(preview_url(token)).status_code == 404
    assert not ImportBatch.objects.exists()
    # Still there for its uploader.
    assert len(stored_files(media_root)) == 1
    officer_client.post(preview_url(token))
    assert ImportBatch.objects.count() == 1


def test_a_spent_or_unknown_preview_asks_for_the_file_again(token, officer_client):
    officer_client.post(preview_url(token), follow=True)
    for request in (
        lambda: officer_client.post(preview_url(token)),
        lambda: officer_client.get(preview_url(token)),
        lambda: officer_client.get(preview_url("0" * 32)),
        lambda: officer_client.get(preview_url("not-an-id")),
    ):
        assert refusal(officer_client, request()) == [
            "Không còn tệp đã xem trước; hãy tải tệp lên lại."
        ]
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize("view", ["preview", "confirm"])
def test_an_expired_preview_is_refused_and_removed(
    token, officer_client, media_root, on_commit, view
):
    expires_at = timezone.now() - timedelta(seconds=1)
    ImportPreview.objects.update(expires_at=expires_at)
    with on_commit():
        if view == "preview":
            response = officer_client.get(preview_url(token))
        else:
            response = officer_client.post(preview_url(token))
    when = timezone.localtime(expires_at).strftime("%H:%M %d/%m/%Y")
    assert refusal(officer_client, response) == [
        f"Bản xem trước của nghe-an.xlsx đã hết hạn lúc {when}; hãy tải tệp lên lại."
    ]
    assert not ImportBatch.objects.exists()
    assert not ImportPreview.objects.exists() and stored_files(media_root) == []


def test_the_expiry_is_a_setting(nghe_an_2023, filled, officer_client, settings):
    settings.TRACKER_IMPORT_PREVIEW_SECONDS = 90
    token = upload(officer_client, workbook_bytes(filled)).context["token"]
    preview = ImportPreview.objects.get()
    assert preview.expires_at - preview.created_at == timedelta(seconds=90)
    settings.TRACKER_IMPORT_PREVIEW_SECONDS = 0
    token = upload(officer_client, workbook_bytes(filled)).context["token"]
    response = officer_client.post(preview_url(token))
    assert "đã hết hạn" in refusal(officer_client, response)[0]
    assert not ImportBatch.objects.exists()


def _stored_preview(owner, *, expired: bool) -> ImportPreview:
    preview = import_preview_create(
        owner=owner,
        data=b"a,b\n",
        file_name="cu.csv",
        sha256="0" * 64,
        province_code=None,
        year=None,
        versions={},
    )
    if expired:
        preview.expires_at = preview.created_at = timezone.now() - timedelta(days=2)
        preview.save()
    return preview


def test_the_next_upload_by_anyone_removes_the_expired_previews(
    nghe_an_2023, filled, officer, account, officer_client, media_root, on_commit
):
    someone = account("hanoi", Role.PROVINCE, province="40")
    old = [_stored_preview(someone, expired=True), _stored_preview(officer, expired=True)]
    kept = _stored_preview(someone, expired=False)
    assert len(stored_files(media_root)) == 3
    with on_commit():
        token = upload(officer_client, workbook_bytes(filled)).context["token"]
    new = uuid.UUID(token)
    assert set(ImportPreview.objects.values_list("pk", flat=True)) == {kept.pk, new}
    assert stored_files(media_root) == sorted([kept.pk.hex, new.hex])
    assert not any(default_storage.exists(p.file.name) for p in old)


def test_the_purge_command_removes_the_expired_previews_and_says_how_many(
    national_admin, media_root, on_commit
):
    for _ in range(2):
        _stored_preview(national_admin, expired=True)
    kept = _stored_preview(national_admin, expired=False)
    out = io.StringIO()
    with on_commit():
        call_command("import_previews_purge", stdout=out)
    assert out.getvalue() == "Đã xoá 2 bản xem trước hết hạn (giữ 24 giờ sau khi tải lên).\n"
    assert list(ImportPreview.objects.all()) == [kept]
    assert stored_files(media_root) == [kept.pk.hex]


def test_a_file_changed_in_the_storage_is_not_applied(token, officer_client, media_root):
    preview = ImportPreview.objects.get()
    (media_root / preview.file.name).write_bytes(b"something else")
    response = officer_client.post(preview_url(token))
    assert refusal(officer_client, response) == ["Không còn tệp đã xem trước; hãy tải tệp lên lại."]
    assert not ImportBatch.objects.exists()


def test_a_deleted_account_takes_its_previews_and_their_files(
    token, officer, media_root, on_commit
):
    with on_commit():
        officer.delete()
    assert not ImportPreview.objects.exists() and stored_files(media_root) == []
