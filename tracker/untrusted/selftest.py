"""Tasks that misbehave on purpose, so the tests see each limit hold (no Django here)."""

import time


def run(*, action: str, size: int = 0) -> bytes:
    if action == "echo":
        return b"x" * size
    if action == "allocate":  # past the memory limit
        blocks = [bytearray(1024 * 1024) for _ in range(size)]
        return str(len(blocks)).encode()
    if action == "spin":  # past the CPU limit
        while True:
            pass
    if action == "sleep":  # past the wall time, using no CPU
        time.sleep(size)
        return b""
    if action == "crash":
        import os
        import signal

        os.kill(os.getpid(), signal.SIGSEGV)
    raise ValueError(action)
