"""The deployment files agree with each other and with the settings.

Docker does not run on the development and CI machines, so these read docker-compose.yml, the
Dockerfile and .env.example; the web healthcheck is run for real against gunicorn.
"""

import os
import re
import secrets
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")

# Every way settings.py reads a variable: os.getenv("X"), os.environ["X"], envbool("X", ...).
SETTINGS_VARIABLE = re.compile(
    r"""(?:os\.getenv|os\.environ\.get|envbool|envint|envlist)\(\s*"([A-Z][A-Z0-9_]*)"
        |os\.environ\[\s*"([A-Z][A-Z0-9_]*)"\s*\]""",
    re.VERBOSE,
)
# A variable in .env.example, set or commented out: `NAME=value` or `# NAME=value`.
ENV_EXAMPLE_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", re.MULTILINE)
# ${NAME}, ${NAME:-default}, ${NAME:?error} in the compose file; $${...} is for the container.
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Join continuation lines so each instruction is one line.
    return (ROOT / "Dockerfile").read_text().replace("\\\n", " ")


def env_example() -> dict[str, str]:
    text = (ROOT / ".env.example").read_text()
    return {name: value.strip() for name, value in ENV_EXAMPLE_LINE.findall(text)}


def command_of(service: dict) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def healthcheck_of(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def named_volume_at(compose: dict, service: str, target: str) -> str:
    """Return the named volume mounted at `target` in `service`, failing if there is none."""
    for mount in compose["services"][service].get("volumes", []):
        source, _, rest = mount.partition(":")
        if rest.split(":")[0] == target:
            assert source in (compose.get("volumes") or {}), f"{source} is not a named volume"
            return source
    raise AssertionError(f"{service} mounts nothing at {target}")


# docker-compose.yml


def test_compose_defines_the_five_services(compose):
    assert set(compose["services"]) == SERVICES
    # Debian's docker-compose 1.29 rejects a top-level name.
    assert "name" not in compose


def test_db_and_redis_run_postgres_16_and_redis_7(compose):
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_are_built_from_the_dockerfile(compose, service):
    build = compose["services"][service]["build"]
    context = build if isinstance(build, str) else build["context"]
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (ROOT / context / dockerfile).resolve() == ROOT / "Dockerfile"


def test_web_migrates_then_runs_gunicorn(compose):
    command = command_of(compose["services"]["web"])
    assert "manage.py migrate --no-input" in command
    assert "gunicorn ekinerja.wsgi" in command
    assert command.index("migrate") < command.index("gunicorn")


def test_worker_and_beat_run_celery(compose):
    assert command_of(compose["services"]["worker"]).startswith("celery -A ekinerja worker")
    beat = command_of(compose["services"]["beat"])
    assert beat.startswith("celery -A ekinerja beat")
    # The app's code folder is read-only to the container's user; the schedule file is not.
    assert "--schedule /tmp/" in beat


@pytest.mark.parametrize(
    ("service", "probe"),
    [("db", "pg_isready"), ("redis", "redis-cli ping"), ("web", "/masuk/")],
)
def test_db_redis_and_web_have_healthchecks(compose, service, probe):
    healthcheck = compose["services"][service]["healthcheck"]
    assert healthcheck["test"][0] in ("CMD", "CMD-SHELL")
    assert probe in healthcheck_of(compose["services"][service])
    assert healthcheck["interval"] and healthcheck["retries"] > 0


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_wait_for_a_healthy_db_and_redis(compose, service):
    depends_on = compose["services"][service]["depends_on"]
    assert depends_on["db"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_database_and_media_live_in_named_volumes(compose):
    assert named_volume_at(compose, "db", "/var/lib/postgresql/data")
    media = named_volume_at(compose, "web", "/app/media")
    # The worker writes imports and reports to the same folder the web serves them from.
    assert named_volume_at(compose, "worker", "/app/media") == media


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_read_env_file_and_reach_db_and_redis_by_service_name(compose, service):
    config = compose["services"][service]
    assert config["env_file"] in (".env", [".env"])
    assert re.fullmatch(r"postgres://.+@db:5432/.+", config["environment"]["DATABASE_URL"])
    assert config["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:6379/")


def test_every_compose_variable_is_in_env_example():
    used = set(COMPOSE_VARIABLE.findall((ROOT / "docker-compose.yml").read_text()))
    assert used, "the pattern found no ${...} in docker-compose.yml"
    assert used - set(env_example()) == set()


def test_web_healthcheck_passes_against_production_gunicorn(compose, tmp_path):
    code = compose["services"]["web"]["healthcheck"]["test"][-1]
    assert "http://127.0.0.1:8000/" in code
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env |= {
        "DEBUG": "False",
        "SECRET_KEY": "".join(secrets.choice(string.ascii_letters) for _ in range(60)),
        "ALLOWED_HOSTS": "ekinerja.example.go.id,.example.go.id",
        # The web command migrates before gunicorn starts; a file database of its own keeps
        # this test away from the suite's PostgreSQL databases.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        # The image serves a manifest built by collectstatic; this run has none.
        "STATIC_MANIFEST": "False",
    }
    migrate = [sys.executable, "manage.py", "migrate", "--no-input", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, timeout=120)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ekinerja.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            # gunicorn puts its control socket under HOME.
            env=env | {"WEB_CONCURRENCY": "1", "HOME": str(tmp_path)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        check = subprocess.run(
            [sys.executable, "-c", code.replace("127.0.0.1:8000", f"127.0.0.1:{port}")],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0, check.stderr + log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)


# .env.example


def test_every_variable_settings_reads_is_in_env_example():
    source = (ROOT / "ekinerja" / "settings.py").read_text()
    read = {a or b for a, b in SETTINGS_VARIABLE.findall(source)}
    # A guard on the pattern itself: settings.py reads two dozen variables.
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "LOG_LEVEL"} <= read
    assert read - set(env_example()) == set()


def test_env_example_holds_no_secret():
    variables = env_example()
    for name, value in variables.items():
        if re.search(r"SECRET|PASSWORD|TOKEN", name):
            assert value == "", f"{name} has a value in .env.example"
        # A URL with a password in it may only carry a placeholder.
        if m := re.search(r"://[^:/@]+:([^@]+)@", value):
            assert m.group(1) == "PASSWORD", f"{name} holds a password"
    assert "django-insecure" not in (ROOT / ".env.example").read_text()


def test_env_example_sets_production_and_leaves_only_the_secrets_to_fill_in():
    text = (ROOT / ".env.example").read_text()
    uncommented = dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE))
    assert uncommented == {
        "DEBUG": "False",
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": "",
        "POSTGRES_PASSWORD": "",
    }


# Dockerfile and .dockerignore


def test_dockerfile_builds_on_python_311_slim(dockerfile):
    stages = {
        alias: image for image, alias in re.findall(r"^FROM (\S+) AS (\S+)$", dockerfile, re.M)
    }
    final = re.findall(r"^FROM (\S+)$", dockerfile, re.MULTILINE)[-1]
    assert stages.get(final, final).startswith("python:3.11-slim")


def test_dockerfile_installs_hash_pinned_requirements(dockerfile):
    assert "requirements/base.txt" in dockerfile
    assert re.search(r"pip install --require-hashes -r \S*requirements\.txt", dockerfile)
    # --require-hashes refuses the whole file unless every requirement is pinned and hashed.
    requirements = (ROOT / "requirements" / "base.txt").read_text()
    entries = [e for e in re.split(r"\n(?=[A-Za-z])", requirements) if e[:1].isalpha()]
    assert len(entries) > 20
    for entry in entries:
        assert "==" in entry.split()[0] and "--hash=sha256:" in entry, entry


def test_dockerfile_installs_the_libraries_weasyprint_loads(dockerfile):
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-liberation2",
    ):
        assert package in dockerfile


def test_dockerfile_installs_npm_assets_and_copies_the_folders_settings_serve(dockerfile):
    assert "npm ci" in dockerfile
    copied = re.findall(r"^COPY --from=assets \S+/(node_modules/\S+) (\S+)", dockerfile, re.M)
    for entry in settings.STATICFILES_DIRS:
        if isinstance(entry, tuple):
            folder = Path(entry[1]).relative_to(settings.NODE_MODULES)
            assert (f"node_modules/{folder}", f"node_modules/{folder}") in copied


def test_dockerfile_collects_static_files_and_compiles_messages(dockerfile):
    assert "manage.py collectstatic --no-input" in dockerfile
    assert "manage.py compilemessages" in dockerfile


def test_dockerfile_bakes_in_no_secret_key(dockerfile):
    # The only SECRET_KEY is generated for the collectstatic command.
    for value in re.findall(r"SECRET_KEY=(\S+)", dockerfile):
        assert value.startswith('"$(python'), value
    assert not re.search(r"^(ENV|ARG)\b.*SECRET", dockerfile, re.MULTILINE)


def test_dockerfile_runs_the_app_as_a_non_root_user(dockerfile):
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    users = re.findall(r"^USER\s+(\S+)", final_stage, re.MULTILINE)
    assert users, "the final stage has no USER line"
    assert users[-1].split(":")[0] not in ("root", "0")


def test_dockerfile_command_migrates_then_runs_gunicorn(dockerfile):
    command = re.findall(r"^CMD\s+(.+)$", dockerfile, re.MULTILINE)[-1]
    assert "manage.py migrate --no-input" in command
    assert "gunicorn ekinerja.wsgi" in command


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".git", ".venv", "node_modules", "media", "db.sqlite3"} <= ignored
