"""Throw-away databases for the benchmark and the load test, and running Django inside them.

The settings read the database from the environment when Django starts, so a
command that needs another database runs its work in a child process whose
environment names it: a temporary SQLite file, or a database created for the
occasion on the PostgreSQL server of DATABASE_URL and dropped afterwards.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connections


def postgres_url() -> str | None:
    """DATABASE_URL if the default database is PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if url and connections["default"].vendor == "postgresql":
        return url
    return None


def _admin_connection():
    import psycopg

    params = connections["default"].get_connection_params()
    wanted = ("dbname", "user", "password", "host", "port")
    return psycopg.connect(**{k: params[k] for k in wanted if params.get(k)}, autocommit=True)


@contextlib.contextmanager
def throwaway_database(suffix: str):
    """The environment of a child process that works on a database of its own.

    SQLite: a file in a temporary directory. PostgreSQL: `<name>_<suffix>` on
    the server of DATABASE_URL, created empty (dropped first if a crashed run
    left it) and dropped at the end.
    """
    env = dict(os.environ)
    url = postgres_url()
    if url is None:
        with tempfile.TemporaryDirectory(prefix=f"tracker-{suffix}-") as directory:
            env.pop("DATABASE_URL", None)
            env["SQLITE_PATH"] = str(Path(directory) / f"{suffix}.sqlite3")
            yield env, f"SQLite {env['SQLITE_PATH']}"
        return
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_{suffix}"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        yield env, f"PostgreSQL {parts.hostname}:{parts.port or 5432}/{name}"
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_command(*args: str) -> list[str]:
    """The command line that runs a management command in a new interpreter."""
    return [sys.executable, "-m", "django", *args]


def run_child(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=settings.BASE_DIR, check=True, **kwargs)
