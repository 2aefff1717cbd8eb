"""Running a task of `child.py` in a child process with memory, CPU and wall-time limits.

The child runs in a process group of its own and is killed with its group when
its time is up, so nothing it started outlives the request.
"""

import json
import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings

from tracker.untrusted.child import FAILED, OK


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: float


class BoundedError(Exception):
    """The task did not finish within its limits, or refused its input.

    `code` is "memory", "cpu", "time" or "crashed" for a limit or a crash, else the
    task's own code with its message and details (`extra`).
    """

    def __init__(self, code: str, message: str = "", **extra):
        super().__init__(message or code)
        self.code, self.message, self.extra = code, message or code, extra


def kill_group(process: subprocess.Popen) -> None:
    """The child and everything it started (its own session), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def run_bounded(task: str, limits: Limits, **args) -> bytes:
    """What the task returns, or BoundedError; never more than its limits cost this server."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker.untrusted.child",
            task,
            str(limits.memory_mb),
            str(limits.cpu_seconds),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(pickle.dumps(args), timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise BoundedError("time") from None
    if process.returncode == -signal.SIGXCPU or process.returncode == -signal.SIGKILL:
        raise BoundedError("cpu")
    if out.startswith(OK) and process.returncode == 0:
        return out[1:]
    if out.startswith(FAILED):
        detail = json.loads(out[1:])
        raise BoundedError(detail.pop("code"), detail.pop("message"), **detail)
    # A MemoryError raised where the task could not catch it, or a C library that
    # aborted when an allocation failed: both end here, as does a plain crash.
    if b"MemoryError" in err or process.returncode in (-signal.SIGABRT, -signal.SIGSEGV):
        raise BoundedError("memory" if b"MemoryError" in err else "crashed")
    raise BoundedError("crashed", err.decode("utf-8", "replace")[-500:])
