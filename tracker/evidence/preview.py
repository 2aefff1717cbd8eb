"""The first page of a PDF evidence file as a PNG, shown on the ward page in an <img>.

Drawn in a bounded child process (tracker.untrusted), never in the web worker, at
most TRACKER_PREVIEW_SLOTS at once on a server and one drawing of a file at a time.
Each revision is drawn once: the PNG is kept in the evidence storage beside its
file, so every app server finds it, and an empty file there marks a PDF that cannot
be drawn (broken, locked by a password, or past a limit), so no later view tries again.
"""

import logging

from django.core.files.base import ContentFile

from tracker.conf import setting
from tracker.evidence.services import max_file_bytes
from tracker.evidence.storage import evidence_storage
from tracker.untrusted.run import BoundedError, Limits, run_bounded
from tracker.untrusted.slots import Busy, exclusive, slot

logger = logging.getLogger(__name__)

# The view's answer while another request draws the same file or every slot is taken.
BUSY = object()


def first_page_name(blob: str) -> str:
    return f"{blob}.trang-1.png"


def preview_limits() -> Limits:
    return Limits(
        memory_mb=setting("TRACKER_PREVIEW_MEMORY_MB"),
        cpu_seconds=setting("TRACKER_PREVIEW_CPU_SECONDS"),
        wall_seconds=setting("TRACKER_PREVIEW_WALL_SECONDS"),
    )


def render_first_page(data: bytes) -> bytes | None:
    """Page 1 as a PNG drawn by the bounded child, or None when it cannot be drawn."""
    try:
        return run_bounded("pdf-first-page", preview_limits(), data=data) or None
    except BoundedError as error:
        logger.warning("PDF preview refused: %s", error.code)
        return None


def _stored(storage, name: str) -> bytes | None:
    with storage.open(name, "rb") as f:
        return f.read() or None


def first_page_png(revision):
    """The stored PNG of the revision's first page, drawn on first asking; None if it has
    none; BUSY when it is being drawn by another request or the server has no free slot."""
    if revision.size > max_file_bytes():
        return None  # never drawn: larger than any upload may be today
    storage = evidence_storage()
    name = first_page_name(revision.blob)
    if storage.exists(name):
        return _stored(storage, name)
    try:
        with (
            exclusive(f"preview:{revision.blob}"),
            slot("preview", setting("TRACKER_PREVIEW_SLOTS")),
        ):
            if storage.exists(name):  # drawn by the request that held the lock before us
                return _stored(storage, name)
            with storage.open(revision.blob, "rb") as f:
                png = render_first_page(f.read())
            storage.save(name, ContentFile(png or b""))
            return png
    except Busy:
        return BUSY
