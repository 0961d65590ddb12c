"""Settings from the environment: local defaults work, production refuses bad or missing values.

Each case loads the settings in a fresh process given exactly the variables named, so nothing
from the test run's own environment leaks in.
"""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(60)),
    "ALLOWED_HOSTS": "ekinerja.example.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}
PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": db["ENGINE"],
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
}))
"""


def run(*args: str, **variables: str) -> subprocess.CompletedProcess:
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "ekinerja.settings"
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env | variables,
        capture_output=True,
        text=True,
        timeout=120,
    )


def loaded_settings(**variables: str) -> dict:
    result = run("-c", PRINT_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_production_variables():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout, output
    assert "WARNING" not in output


@pytest.mark.parametrize("secret_key", [None, "", "too-short-" * 3])
def test_production_refuses_to_start_without_a_long_secret_key(secret_key):
    variables = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    if secret_key is not None:
        variables["SECRET_KEY"] = secret_key
    result = run("manage.py", "check", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("allowed_hosts", [None, "", " , "])
def test_production_refuses_to_start_without_allowed_hosts(allowed_hosts):
    variables = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    if allowed_hosts is not None:
        variables["ALLOWED_HOSTS"] = allowed_hosts
    result = run("manage.py", "check", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "maybe"), ("STATIC_MANIFEST", "sometimes"), ("DB_CONN_MAX_AGE", "ten")],
)
def test_an_invalid_value_names_its_variable(name, value):
    result = run("manage.py", "check", **{name: value})
    assert result.returncode != 0
    last_line = result.stderr.splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert f"{name} must be" in last_line and repr(value) in last_line


def test_production_keeps_database_connections_open():
    loaded = loaded_settings(**PRODUCTION)
    assert loaded["DEBUG"] is False
    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["CONN_MAX_AGE"] > 0
    # A connection the server dropped is noticed before a request uses it.
    assert loaded["CONN_HEALTH_CHECKS"] is True


def test_local_defaults_need_no_variables():
    loaded = loaded_settings()
    assert loaded["DEBUG"] is True
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["CONN_MAX_AGE"] == 0
    assert loaded["CELERY_TASK_ALWAYS_EAGER"] is True
    assert loaded["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_jakarta_time_and_indonesian_with_english_available():
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "id"
    assert {code for code, _ in settings.LANGUAGES} == {"id", "en"}
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
