"""The child process: limits itself, runs one task on what it reads, writes the result.

Run as `python -m tracker.untrusted.child TASK MEMORY_MB CPU_SECONDS`. It imports no
Django: the task gets plain data (pickled by the parent, which is trusted) and its
answer goes back as bytes behind one status byte, never as a pickle, so a child
subverted by what it parsed cannot make the parent run anything.
"""

import importlib
import json
import pickle
import resource
import sys

# Imported by its full name: run as __main__, this module's own classes would be others.
from tracker.untrusted.errors import TaskError

# What a child may run, by name: "module:function". Looked up by name so that this
# package depends on none of the packages whose content it bounds.
TASKS = {
    "pdf-first-page": "tracker.evidence.first_page:render_first_page",
    "docx-render": "tracker.documents.bounded:docx_render_bounded",
    "selftest": "tracker.untrusted.selftest:run",
}

OK, FAILED = b"K", b"E"


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # The soft limit sends SIGXCPU, the hard one a second later SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _fail(code: str, message: str, **extra) -> None:
    sys.stdout.buffer.write(
        FAILED + json.dumps({"code": code, "message": message, **extra}).encode()
    )


def main(argv: list[str]) -> int:
    task, memory_mb, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    _limit(memory_mb, cpu_seconds)
    args = pickle.loads(sys.stdin.buffer.read())
    module, _, name = TASKS[task].partition(":")
    try:
        result = getattr(importlib.import_module(module), name)(**args)
    except TaskError as error:
        _fail(error.code, error.message, **error.extra)
    except MemoryError:
        _fail("memory", "memory limit")
    else:
        sys.stdout.buffer.write(OK + result)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
