"""The load test's arithmetic and its refusal; a full run is documented in the README."""

import pytest
from django.core.management import CommandError, call_command

from benchmarks.loadtest import PageFigures, percentile, report_table


def test_nearest_rank_percentiles():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([0.3], 0.95) == 0.3
    assert percentile([5.0, 1.0, 3.0], 0.5) == 3.0


def test_page_summary_and_table():
    page = PageFigures(latencies=[0.010, 0.020, 0.030, 0.040], errors=1)
    summary = page.summary()
    assert summary == {
        "requests": 5,
        "errors": 1,
        "p50_ms": 20.0,
        "p95_ms": 40.0,
        "max_ms": 40.0,
    }
    table = report_table({"/tinh/40/": summary}, seconds=2.0, clients=20)
    assert "5 yêu cầu từ 20 máy khách trong 2.0 s" in table
    assert table.splitlines()[-1].split() == ["/tinh/40/", "5", "1", "20", "40", "40"]


def test_refuses_to_run_without_postgresql(monkeypatch):
    # Without DATABASE_URL the app runs on SQLite: the test runs on either database.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(CommandError, match="loadtest chỉ chạy trên PostgreSQL"):
        call_command("loadtest")


def _page(p95_ms: float | None, requests: int = 500) -> dict:
    return {"requests": requests, "errors": 0, "p50_ms": p95_ms, "p95_ms": p95_ms, "max_ms": p95_ms}


def test_a_p95_over_its_goal_or_too_few_requests_a_second_is_a_missed_goal():
    from tracker.management.commands.loadtest import goals_missed

    fast = {"/": _page(90), "/tinh/40/": _page(140)}
    assert goals_missed(fast, seconds=5.0, kept=True) == []  # 200 requests/s
    slow = {"/": _page(90), "/tinh/40/": _page(151)}
    assert goals_missed(slow, seconds=5.0, kept=True) == [
        "KHÔNG ĐẠT: /tinh/40/ p95 151 ms, mục tiêu <= 150 ms"
    ]
    assert goals_missed(fast, seconds=10.0, kept=True) == [
        "KHÔNG ĐẠT: 100 yêu cầu/s, mục tiêu >= 150"
    ]
    # Every page computed afresh: 600 ms, whatever the rate.
    computed = {"/": _page(550), "/tinh/40/": _page(601)}
    assert goals_missed(computed, seconds=20.0, kept=False) == [
        "KHÔNG ĐẠT: /tinh/40/ p95 601 ms, mục tiêu <= 600 ms"
    ]
    # A page that answered nothing has missed its goal too.
    assert goals_missed({"/": _page(None, 0)}, seconds=1.0, kept=False) == [
        "KHÔNG ĐẠT: / p95 - ms, mục tiêu <= 600 ms"
    ]
