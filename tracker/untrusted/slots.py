"""How many bounded children run at once on a server, and one drawing per thing at a time.

File locks (flock) in a folder of the server, so they hold across the workers of a
gunicorn server and are let go by the kernel if a worker dies holding one.
A caller that finds no free slot is told at once (`Busy`), never queued: a web
worker waiting for a slot is a worker the log-in page does not get.
"""

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.conf import setting


class Busy(Exception):
    """Every slot is taken, or this very thing is being worked on: try again shortly."""


def _folder() -> Path:
    folder = Path(setting("TRACKER_UNTRUSTED_LOCK_DIR") or tempfile.gettempdir()) / "tracker-locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _try_lock(path: Path) -> int | None:
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    return handle


def _release(handle: int) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    os.close(handle)


@contextmanager
def slot(pool: str, size: int) -> Iterator[None]:
    """One of `size` places of `pool` on this server, or Busy."""
    folder = _folder()
    for number in range(max(1, size)):
        handle = _try_lock(folder / f"{pool}-{number}.lock")
        if handle is not None:
            try:
                yield
            finally:
                _release(handle)
            return
    raise Busy(pool)


@contextmanager
def exclusive(key: str) -> Iterator[None]:
    """Only one worker of this server on `key` at a time (e.g. one PDF's preview), or Busy."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    handle = _try_lock(_folder() / f"one-{digest}.lock")
    if handle is None:
        raise Busy(key)
    try:
        yield
    finally:
        _release(handle)
