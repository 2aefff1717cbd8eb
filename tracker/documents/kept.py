"""Documents kept by the key of what made them: a PDF converted once, a failure said once.

In the default storage (a folder of the server, or the object store every app server
shares), under van-ban/: `<key>.pdf` for a converted PDF, `<key>.error` for why a
document could not be made from the same template and data.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "van-ban"


def _name(key: str, suffix: str) -> str:
    return f"{FOLDER}/{key}.{suffix}"


def kept_read(key: str, suffix: str) -> bytes | None:
    name = _name(key, suffix)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def kept_write(key: str, suffix: str, data: bytes) -> None:
    name = _name(key, suffix)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
