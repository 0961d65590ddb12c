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
    [
        ("DEBUG", "maybe"),
        ("STATIC_MANIFEST", "sometimes"),
        ("DB_CONN_MAX_AGE", "ten"),
        ("AXES_FAILURE_LIMIT", "lima"),
        ("IMPORT_MAX_MB", "sepuluh"),
    ],
)
def test_an_invalid_value_names_its_variable(name, value):
    result = run("manage.py", "check", **{name: value})
    assert result.returncode != 0
    last_line = result.stderr.splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert f"{name} must be" in last_line and repr(value) in last_line


@pytest.mark.parametrize(
    ("name", "value"),
    [("AXES_FAILURE_LIMIT", "0"), ("AXES_COOLOFF_MINUTES", "0"), ("IMPORT_MAX_MB", "0")],
)
def test_a_limit_below_one_names_its_variable(name, value):
    result = run("manage.py", "check", **{name: value})
    assert result.returncode != 0
    last_line = result.stderr.splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert name in last_line and "1 or more" in last_line


PRINT_SECURITY = """
import json
from django.conf import settings
print(json.dumps({
    name: getattr(settings, name, None)
    for name in (
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
        "SECURE_SSL_REDIRECT", "AXES_FAILURE_LIMIT", "REVERSE_PROXY_COUNT", "IMPORT_MAX_MB",
        "CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "MIDDLEWARE",
    )
} | {"AXES_COOLOFF_MINUTES": settings.AXES_COOLOFF_TIME.total_seconds() / 60}))
"""


def security_settings(**variables: str) -> dict:
    result = run("-c", PRINT_SECURITY, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_cookies_are_secure_http_only_and_same_site():
    loaded = security_settings(**PRODUCTION)
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SESSION_COOKIE_HTTPONLY"] is True
    assert loaded["CSRF_COOKIE_HTTPONLY"] is True
    assert loaded["SESSION_COOKIE_SAMESITE"] == loaded["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert loaded["SECURE_SSL_REDIRECT"] is True


def test_local_cookies_work_over_plain_http():
    loaded = security_settings()
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["CSRF_COOKIE_SECURE"] is False
    assert loaded["SESSION_COOKIE_HTTPONLY"] is True


def test_throttle_and_policy_defaults_and_their_variables():
    production = security_settings(**PRODUCTION)
    assert production["AXES_FAILURE_LIMIT"] == 5
    assert production["AXES_COOLOFF_MINUTES"] == 15
    # Production sits behind the TLS proxy; runserver and the tests are reached directly.
    assert production["REVERSE_PROXY_COUNT"] == 1
    assert security_settings()["REVERSE_PROXY_COUNT"] == 0
    assert production["IMPORT_MAX_MB"] == 10
    assert production["CONTENT_SECURITY_POLICY_REPORT_ONLY"] is None
    policy = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert policy["script-src"] == policy["style-src"] == ["'self'"]
    assert "report-uri" not in policy
    middleware = production["MIDDLEWARE"]
    assert "csp.middleware.CSPMiddleware" in middleware
    assert middleware[-1] == "axes.middleware.AxesMiddleware"

    changed = security_settings(
        **PRODUCTION,
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="30",
        REVERSE_PROXY_COUNT="2",
        IMPORT_MAX_MB="25",
        CSP_REPORT_ONLY="True",
        CSP_REPORT_URI="https://laporan.example.go.id/csp",
    )
    assert changed["AXES_FAILURE_LIMIT"] == 3
    assert changed["AXES_COOLOFF_MINUTES"] == 30
    assert changed["REVERSE_PROXY_COUNT"] == 2
    assert changed["IMPORT_MAX_MB"] == 25
    # Report-only replaces the enforced policy; it does not add to it.
    assert changed["CONTENT_SECURITY_POLICY"] is None
    report_only = changed["CONTENT_SECURITY_POLICY_REPORT_ONLY"]["DIRECTIVES"]
    assert report_only["report-uri"] == ["https://laporan.example.go.id/csp"]


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
