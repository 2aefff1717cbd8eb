"""A bounded load test on loopback: logged-in clients in threads, latencies per page.

Plain http.client, one connection per client, cookies kept by hand: the
server runs with DEBUG off, so its cookies are marked Secure, which a browser
would not send over http://127.0.0.1; these clients send them anyway.
"""

import http.client
import math
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext as _

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for p95) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass
class PageFigures:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0

    def summary(self) -> dict:
        done = self.latencies
        return {
            "requests": len(done) + self.errors,
            "errors": self.errors,
            "p50_ms": percentile(done, 0.50) * 1000 if done else None,
            "p95_ms": percentile(done, 0.95) * 1000 if done else None,
            "max_ms": max(done) * 1000 if done else None,
        }


def report_table(pages: dict[str, dict], *, seconds: float, clients: int) -> str:
    """One line per page: requests, errors, p50, p95 and max latency."""

    def ms(value):
        return "-" if value is None else f"{value:.0f}"

    total = sum(p["requests"] for p in pages.values())
    lines = [
        _("%(total)s yêu cầu từ %(clients)s máy khách trong %(seconds)s s (%(rate)s yêu cầu/s)")
        % {
            "total": total,
            "clients": clients,
            "seconds": f"{seconds:.1f}",
            "rate": f"{total / seconds if seconds else 0:.0f}",
        },
        f"{_('trang'):<24} {_('yêu cầu'):>8} {_('lỗi'):>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{_('tối đa ms'):>9}",
    ]
    for path, p in pages.items():
        lines.append(
            f"{path:<24} {p['requests']:>8} {p['errors']:>6} {ms(p['p50_ms']):>7} "
            f"{ms(p['p95_ms']):>7} {ms(p['max_ms']):>9}"
        )
    return "\n".join(lines)


class Client:
    """One logged-in user on one keep-alive connection (reopened whenever the server closes it)."""

    def __init__(self, host: str, port: int, timeout: float = 30):
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()  # a kept-alive connection the server had closed: once more
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/dang-nhap/")
        token = _CSRF_INPUT.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"trang đăng nhập trả về {status}")
        body = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
        )
        status, _ = self.request("POST", "/dang-nhap/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"đăng nhập không thành công ({status})")


def load_run(
    *,
    host: str,
    port: int,
    username: str,
    password: str,
    paths: list[str],
    clients: int,
    requests: int,
) -> tuple[dict[str, dict], float]:
    """`clients` threads log in, then share `requests` requests, the paths taken in turn."""
    figures = {path: PageFigures() for path in paths}
    lock = threading.Lock()
    counter = iter(range(requests))
    ready = threading.Barrier(clients + 1)
    failures: list[str] = []

    def work() -> None:
        client = Client(host, port)
        try:
            client.login(username, password)
        except Exception as exc:  # counted as errors below
            failures.append(str(exc))
            ready.wait()
            return
        ready.wait()
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            path = paths[index % len(paths)]
            started = time.perf_counter()
            try:
                status, _ = client.request("GET", path)
            except Exception:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    figures[path].latencies.append(elapsed)
                else:
                    figures[path].errors += 1

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    summaries = {path: f.summary() for path, f in figures.items()}
    if failures:
        summaries["(đăng nhập)"] = {
            "requests": len(failures),
            "errors": len(failures),
            "p50_ms": None,
            "p95_ms": None,
            "max_ms": None,
        }
    return summaries, seconds
