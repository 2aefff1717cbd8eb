"""Several app servers share the kept pages through Redis (REDIS_URL); one server keeps its own.

The shared path runs against the Redis on 127.0.0.1:6379 under a key prefix of this
test's own, removed afterwards. These tests commit (transaction=True): a page is kept
only from committed data.
"""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from tests.reports.test_report_cache import KEPT_PAGE_QUERIES
from tracker.assessments.models import CriterionResult, ResultStatus

REDIS = "redis://127.0.0.1:6379/0"
ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "/tinh/01/?year=2023"


def _caches(prefix: str) -> dict:
    def redis_cache(name: str) -> dict:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"{prefix}:{name}",
        }

    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "reports": redis_cache("reports"),
        "report_parts": redis_cache("report_parts"),
    }


@pytest.fixture
def shared():
    """The report caches on Redis, as every app server configured with REDIS_URL has them."""
    prefix = f"tracker-test-{uuid.uuid4().hex}"
    server = redis.Redis.from_url(REDIS)
    with override_settings(CACHES=_caches(prefix)):
        yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    server.close()


def _another_server(prefix: str):
    """Settings as another app server has them: the same Redis, a cache client of its own."""
    return override_settings(CACHES=_caches(prefix))


def _queries(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.django_db(transaction=True)
def test_a_page_computed_by_one_server_is_kept_for_the_others(shared, client, reader, build):
    server, prefix = shared
    build(code="01", phuong=3, registered=2)
    client.force_login(reader)
    first, computed = _queries(client, PROVINCE)
    assert computed > KEPT_PAGE_QUERIES
    # The rendered page and its parts are in Redis, not in this process's memory.
    assert list(server.scan_iter(f"{prefix}:reports:*"))
    assert list(server.scan_iter(f"{prefix}:report_parts:*"))
    with _another_server(prefix):
        _page, kept = _queries(client, PROVINCE)
        assert kept == KEPT_PAGE_QUERIES
        # A write through any server is seen by every other at its next view.
        CriterionResult.objects.filter(assessment__ward__code="01000", criterion__number=22).update(
            status=ResultStatus.MET
        )
        after, queries = _queries(client, PROVINCE)
    assert queries > KEPT_PAGE_QUERIES
    assert "21/22" in _ward_row(first, "01000")
    assert "22/22" in _ward_row(after, "01000")


def _ward_row(page: str, code: str) -> str:
    return re.search(rf'<tr data-ward="{code}">.*?</tr>', page, re.S).group(0)


def _cache_backends(**env) -> str:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    run = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(*(settings.CACHES[n]['BACKEND'] for n in ('reports', 'report_parts')))",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip().splitlines()[-1]


def test_redis_url_selects_the_shared_cache_and_its_absence_the_process_memory():
    shared = "django.core.cache.backends.redis.RedisCache"
    own = "django.core.cache.backends.locmem.LocMemCache"
    assert _cache_backends(REDIS_URL=REDIS) == f"{shared} {shared}"
    assert _cache_backends() == f"{own} {own}"
