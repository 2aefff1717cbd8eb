"""Uploaded workbooks kept for a preview, until their uploader confirms or they expire.

Kept in the database and the configured file storage, so any app server can show
the preview or apply it. Each belongs to the user who uploaded it; the next upload,
or the import_previews_purge command, removes the expired ones and their files.
"""

import hashlib
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tracker.conf import setting
from tracker.imports.models import ImportPreview


def import_preview_create(
    *,
    owner,
    data: bytes,
    file_name: str,
    sha256: str,
    province_code: str | None,
    year: int | None,
    versions: dict[str, int],
) -> ImportPreview:
    now = timezone.now()
    preview = ImportPreview(
        owner=owner,
        file_name=file_name[:255],
        sha256=sha256,
        size=len(data),
        province_code=province_code or "",
        year=year,
        versions=versions,
        created_at=now,
        expires_at=now + timedelta(seconds=setting("TRACKER_IMPORT_PREVIEW_SECONDS")),
    )
    # The file is written first: a row never points to bytes that are not there.
    preview.file.save(preview.pk.hex, ContentFile(data), save=False)
    try:
        preview.save(force_insert=True)
    except BaseException:
        preview.file.storage.delete(preview.file.name)
        raise
    return preview


def import_preview_find(*, token: str, owner) -> tuple[ImportPreview | None, bool]:
    """The owner's preview of this token, and whether the token names anyone else's.

    A token that is not an id, or names a preview that no longer exists, finds nothing.
    """
    try:
        pk = uuid.UUID(str(token))
    except ValueError:
        return None, False
    preview = ImportPreview.objects.filter(pk=pk, owner=owner).first()
    if preview is None:
        return None, ImportPreview.objects.filter(pk=pk).exists()
    return preview, False


def import_preview_read(preview: ImportPreview) -> bytes | None:
    """The stored bytes, or None when the file is gone from the storage or not the one uploaded."""
    try:
        with preview.file.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == preview.sha256 else None


def import_preview_shown(preview: ImportPreview, versions: dict[str, int]) -> None:
    """The preview was shown again, as the data stands now: the confirm expects that."""
    if preview.versions != versions:
        preview.versions = versions
        preview.save(update_fields=["versions"])


def import_preview_spend(preview: ImportPreview) -> bool:
    """Delete the preview and its file; False if another request deleted it first."""
    deleted, _ = ImportPreview.objects.filter(pk=preview.pk).delete()
    return deleted > 0


def import_previews_purge() -> int:
    """Remove the expired previews of every user, and their files; return how many."""
    deleted, _ = ImportPreview.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
