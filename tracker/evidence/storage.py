"""Where evidence bytes live: the "evidence" storage (local folder or S3), never a public URL."""

import uuid

from django.core.files.storage import storages

CHUNK = 64 * 1024


def evidence_storage():
    return storages["evidence"]


def blob_name(*, year: int, extension: str) -> str:
    """A generated name: two uploads called scan.pdf never meet, and a name reveals nothing."""
    return f"minh-chung/{year}/{uuid.uuid4().hex}{extension}"


def blob_chunks(name: str, chunk: int = CHUNK):
    """The stored bytes in chunks, never whole in memory."""
    with evidence_storage().open(name, "rb") as f:
        while data := f.read(chunk):
            yield data


def presigned_url(name: str, *, file_name: str, content_type: str) -> str | None:
    """A short-lived link straight to the object store, or None when the storage has none."""
    storage = evidence_storage()
    if not hasattr(storage, "bucket_name"):
        return None
    from django.utils.http import content_disposition_header

    return storage.url(
        name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, file_name),
            "ResponseContentType": content_type,
        },
    )
