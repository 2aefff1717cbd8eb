"""A bounded load test of the report pages, on loopback, against gunicorn on PostgreSQL.

    DATABASE_URL=postgres://... python manage.py loadtest [--requests 1000] [--clients 20]
        [--no-cache]

Creates `<name>_loadtest` on the server of DATABASE_URL, loads the 2023 map,
the fixtures and the national data set (generate_national --year 2024 --seed 1)
and a user into it, starts gunicorn on 127.0.0.1 at a free port with DEBUG
off, lets the clients log in through the login page and share the requests
to the national page and a province page, then stops the server, drops the
database and prints p50/p95/max latency and errors per page. Exits non-zero
if any request failed or a goal was missed: with the pages kept, p95 at most
150 ms on each page and at least 150 requests/s; with --no-cache, p95 at most
600 ms. The pages are served as in production: kept per data version once
computed (the data do not change during the run); --no-cache computes every
page afresh, the cost of the first view after a write.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from benchmarks.databases import django_command, postgres_url, run_child, throwaway_database
from benchmarks.loadtest import Client, load_run, report_table

HOST = "127.0.0.1"  # loopback only
USERNAME = "loadtest"
# The goals on the 2-core development machine, clients and server sharing it.
P95_GOAL_MS = {"kept": 150, "computed": 600}
RATE_GOAL = 150  # requests/s at least, with the pages kept
MAX_REQUESTS = 5000
YEAR = 2024  # the national data set's year (generate_national)
MAX_CLIENTS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn đã dừng (mã {server.returncode}).")
        try:
            status, _ = Client(HOST, port, timeout=5).request("GET", "/dang-nhap/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise CommandError(f"gunicorn không trả lời sau {timeout:.0f} s.")


def goals_missed(pages: dict[str, dict], *, seconds: float, kept: bool) -> list[str]:
    """What the run missed, one line each: a page's p95 over its goal, too few requests/s."""
    goal = P95_GOAL_MS["kept" if kept else "computed"]
    missed = []
    for path, page in pages.items():
        p95 = page["p95_ms"]
        if p95 is None or p95 > goal:
            missed.append(
                _("KHÔNG ĐẠT: %(path)s p95 %(p95)s ms, mục tiêu <= %(goal)s ms")
                % {"path": path, "p95": "-" if p95 is None else f"{p95:.0f}", "goal": goal}
            )
    rate = sum(p["requests"] for p in pages.values()) / seconds if seconds else 0
    if kept and rate < RATE_GOAL:
        missed.append(
            _("KHÔNG ĐẠT: %(rate)s yêu cầu/s, mục tiêu >= %(goal)s")
            % {"rate": f"{rate:.0f}", "goal": RATE_GOAL}
        )
    return missed


class Command(BaseCommand):
    help = (
        "Kiểm thử tải có giới hạn (chỉ trên 127.0.0.1): gunicorn trên PostgreSQL với dữ liệu "
        "toàn quốc, các người dùng đã đăng nhập gọi trang toàn quốc và trang tỉnh."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=1000, help="tổng số yêu cầu")
        parser.add_argument("--clients", type=int, default=20, help="số người dùng đồng thời")
        parser.add_argument("--workers", type=int, default=3, help="số worker của gunicorn")
        parser.add_argument("--province", default="40", help="mã tỉnh của trang tỉnh")
        parser.add_argument("--json", dest="json_file", help="ghi kết quả ra tệp JSON")
        parser.add_argument(
            "--no-cache",
            action="store_true",
            help="không giữ trang báo cáo đã dựng: mỗi yêu cầu tính lại từ dữ liệu",
        )
        parser.add_argument("--worker", choices=["setup"], help=argparse.SUPPRESS)

    def handle(self, *args, worker, **options):
        if worker == "setup":
            return self._setup()
        if postgres_url() is None:
            raise CommandError(
                "loadtest chỉ chạy trên PostgreSQL: hãy đặt DATABASE_URL "
                "(ví dụ postgres://postgres@127.0.0.1:5432/postgres). Một CSDL dùng một lần "
                "sẽ được tạo trên máy chủ đó rồi xoá đi khi xong."
            )
        requests, clients = options["requests"], options["clients"]
        if not (1 <= requests <= MAX_REQUESTS and 1 <= clients <= MAX_CLIENTS):
            raise CommandError(
                f"Giới hạn: 1-{MAX_REQUESTS} yêu cầu, 1-{MAX_CLIENTS} người dùng đồng thời."
            )
        # The year the data set fills: the pages' default is today's year, empty here.
        paths = [f"/?year={YEAR}", f"/tinh/{options['province']}/?year={YEAR}"]
        started = time.perf_counter()
        password = secrets.token_urlsafe(16)
        with throwaway_database("loadtest") as (env, where):
            self.stderr.write(f"CSDL dùng một lần: {where}; nạp dữ liệu toàn quốc…")
            env.update(
                DEBUG="0",
                SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
                ALLOWED_HOSTS=HOST,
                # Plain HTTP on loopback: no redirect to HTTPS, no HSTS.
                SECURE_SSL_REDIRECT="0",
                SECURE_HSTS_SECONDS="0",
                TRACKER_LOADTEST_PASSWORD=password,
            )
            if options["no_cache"]:
                env["TRACKER_REPORT_CACHE_SECONDS"] = "0"
            run_child(django_command("loadtest", "--worker", "setup"), env)
            env.pop("TRACKER_LOADTEST_PASSWORD")
            port = _free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "tracker.wsgi"]
                + ["--bind", f"{HOST}:{port}", "--workers", str(options["workers"])]
                + ["--log-level", "warning"],
                env=env,
                cwd=settings.BASE_DIR,
            )
            try:
                _wait_ready(port, server)
                self.stderr.write(
                    f"gunicorn {options['workers']} worker tại {HOST}:{port}; "
                    f"{clients} người dùng, {requests} yêu cầu…"
                )
                # Each worker's first requests fill its caches: not counted.
                load_run(
                    host=HOST,
                    port=port,
                    username=USERNAME,
                    password=password,
                    paths=paths,
                    clients=options["workers"],
                    requests=4 * options["workers"],
                )
                pages, seconds = load_run(
                    host=HOST,
                    port=port,
                    username=USERNAME,
                    password=password,
                    paths=paths,
                    clients=clients,
                    requests=requests,
                )
            finally:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        self.stdout.write(report_table(pages, seconds=seconds, clients=clients))
        errors = sum(p["errors"] for p in pages.values())
        missed = goals_missed(pages, seconds=seconds, kept=not options["no_cache"])
        for line in missed or [_("mọi mục tiêu đạt")]:
            self.stdout.write(line)
        self.stdout.write(
            _("lỗi: %(errors)s; tổng thời gian %(seconds)s s.")
            % {"errors": errors, "seconds": f"{time.perf_counter() - started:.0f}"}
        )
        if options["json_file"]:
            figures = {
                "pages": pages,
                "seconds": seconds,
                "clients": clients,
                "workers": options["workers"],
                "errors": errors,
                "report_cache": not options["no_cache"],
                "goals_missed": missed,
                "total_seconds": time.perf_counter() - started,
            }
            Path(options["json_file"]).write_text(json.dumps(figures, indent=2))
        if errors:
            raise CommandError(f"{errors} yêu cầu lỗi.")
        if missed:
            raise CommandError(_("%(count)s mục tiêu không đạt.") % {"count": len(missed)})

    def _setup(self):
        import io

        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from benchmarks.measure import statistics_refresh
        from tracker.units.loading import units_load

        call_command("migrate", verbosity=0, interactive=False)
        units_load(edition="2023")
        call_command("load_fixtures", stdout=io.StringIO())
        call_command("generate_national", "--year", str(YEAR), "--seed", "1", stdout=io.StringIO())
        get_user_model().objects.create_superuser(
            username=USERNAME, password=os.environ["TRACKER_LOADTEST_PASSWORD"]
        )
        statistics_refresh()
