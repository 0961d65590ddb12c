"""What every benchmark shares: a throwaway PostgreSQL database and a query counter.

Benchmarks are scripts that print their figures; they never run inside the test suite.
"""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def use_production_settings() -> None:
    """Measure what production runs (DEBUG off, no manifest lookups, quiet logs); call before
    Django is set up. A fresh secret per run: nothing is signed for later."""
    import secrets

    os.environ.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="False",
        STATIC_MANIFEST="False",
        LOG_LEVEL="WARNING",
    )


@contextmanager
def throwaway_database(name: str):
    """Create database `name` on DATABASE_URL's server, point Django at it, migrate; drop after."""
    import psycopg

    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not base.startswith(("postgres://", "postgresql://")):
        sys.exit("Benchmarks run on PostgreSQL: set DATABASE_URL to a postgres:// URL")
    server = base.replace("postgres://", "postgresql://", 1)
    admin_url = server.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    try:
        yield
    finally:
        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class QueryCounter:
    """Count the queries Django sends, including those of bulk_create and raw cursors."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    @contextmanager
    def counting(self):
        from django.db import connection

        with connection.execute_wrapper(self):
            yield self


def timed(fn, *, repeat: int, warmup: int = 3) -> float:
    """Median seconds of `fn()` over `repeat` runs after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
