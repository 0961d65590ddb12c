"""Before the tests: does PostgreSQL (and Redis) answer? If not, say how to get them."""

import os
import sys
from urllib.parse import urlparse

HELP = (
    "Jalankan layanannya: `cp .env.example .env` (isi POSTGRES_PASSWORD), lalu "
    "`docker compose up -d db redis` dan setel "
    "DATABASE_URL=postgres://ekinerja:<POSTGRES_PASSWORD>@127.0.0.1:5432/ekinerja; "
    "atau di Debian `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
    "dan `redis-server --daemonize yes`."
)


def main() -> int:
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(f"Tes butuh PostgreSQL; DATABASE_URL={url!r} bukan PostgreSQL.", file=sys.stderr)
        return 2
    try:
        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        where = urlparse(url)
        print(
            f"PostgreSQL di {where.hostname}:{where.port or 5432} tidak menjawab: {exc}",
            file=sys.stderr,
        )
        print(HELP, file=sys.stderr)
        return 2
    broker = os.environ.get("CELERY_TEST_BROKER_URL")
    if broker:
        import redis

        try:
            redis.Redis.from_url(broker, socket_connect_timeout=5).ping()
        except redis.RedisError as exc:
            print(f"Redis di {broker} tidak menjawab: {exc}", file=sys.stderr)
            print(HELP, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
