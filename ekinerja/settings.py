"""The one settings file: every deployment difference comes from the environment.

Local defaults work out of the box (SQLite, Celery eager, console e-mail). Production is
`DEBUG=False`, which refuses to start without SECRET_KEY and ALLOWED_HOSTS. Every variable is
documented in `.env.example`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "True")

SECRET_KEY = os.getenv("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production (DEBUG=False) needs SECRET_KEY of 50+ characters")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production (DEBUG=False) needs ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "pegawai",
    "aktivitas",
    "penilaian",
    "tpk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ekinerja.urls"
WSGI_APPLICATION = "ekinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "penilaian.context_processors.navigasi",
            ],
            "builtins": ["pegawai.templatetags.ekinerja", "ekinerja.menu", "ekinerja.stempel"],
        },
    }
]

# SQLite is the embedded default for `make run`; tests and production use PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if DEBUG else "600"),
        conn_health_checks=True,
    )
}
# PostgreSQL spent longer planning the busiest pages' statements than running them. With
# server-side binding psycopg prepares a statement once it has run DB_PREPARE_THRESHOLD times on
# a connection, and the plan is kept for the connection's life. 0 turns it off, as PgBouncer in
# transaction mode before 1.21 needs.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _prepare_threshold = envint("DB_PREPARE_THRESHOLD", "5")
    if _prepare_threshold:
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=_prepare_threshold
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "pegawai.User"
# The throttle comes first: a locked-out NIP is refused before its password is checked.
AUTHENTICATION_BACKENDS = ["pegawai.backends.ThrottleBackend", "pegawai.backends.PegawaiBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Bootstrap and htmx come from npm at install time (package.json); nothing third-party is
# committed and nothing is fetched from a CDN at run time.
NODE_MODULES = Path(os.getenv("NODE_MODULES", BASE_DIR / "node_modules"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names suit production; tests and runserver use plain names (live_server 404s
    # on a manifest that was never built).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", "False" if DEBUG else "True")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads above this size wait in a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The form fields of one request, files not counted: the largest (a roster page) is some 30 KB.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# The largest staff, catalogue, attendance or roster file an upload screen accepts. The reverse
# proxy's own limit (client_max_body_size, docs/DEPLOY.md) must be at least as large.
IMPORT_MAX_MB = envint("IMPORT_MAX_MB", "10")
if IMPORT_MAX_MB < 1:
    raise ImproperlyConfigured(f"IMPORT_MAX_MB must be 1 or more, not {IMPORT_MAX_MB}")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: with no broker configured, tasks run in-process (eager) so `make run` needs no Redis.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.getenv("CELERY_RESULT_BACKEND") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The scheduled jobs, in the pemda's time zone. Each is safe to run twice and to run late.
CELERY_BEAT_SCHEDULE: dict = {
    # Entries still undecided after the validation deadline (penilaian.PengaturanPenilaian).
    "terapkan-batas-validasi": {
        "task": "penilaian.tasks.apply_validation_deadline_task",
        "schedule": crontab(hour=0, minute=30),
    },
    # Anomaly flags of last month (until closed) and this month, before anyone is at work.
    "pindai-anomali": {
        "task": "penilaian.tasks.scan_anomalies_recent",
        "schedule": crontab(hour=1, minute=30),
    },
    "pengingat-harian": {
        "task": "penilaian.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
        "args": ("harian",),
    },
    "pengingat-mingguan": {
        "task": "penilaian.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon"),
        "args": ("mingguan",),
    },
    "pengingat-batas-validasi": {
        "task": "penilaian.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=30),
        "args": ("batas",),
    },
    # Close last month from the pemda's close day (tpk.PengaturanTPK, default the 6th), after
    # the validation deadline job; a month already closed (or reopened) is left alone.
    "tutup-periode": {
        "task": "tpk.tasks.close_due_periode_task",
        "schedule": crontab(hour=2, minute=0),
    },
}

# The site's public address, for links in e-mails (https://ekinerja.example.go.id).
SITE_URL = os.getenv("SITE_URL", "").rstrip("/")

EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "e-kinerja@localhost")

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
# No script reads either cookie (htmx sends the CSRF token from the page), and neither goes
# with a request another site starts, except a plain link, which keeps people logged in.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
    # Preloading binds the pemda's whole domain and is slow to undo: the domain owner's
    # decision, so its reminder is silenced while it stays off.
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Login throttling (django-axes), on /masuk/ and the admin's login alike. Failures count per NIP
# *and* address: a pemda office reaches the internet through one public address, so counting by
# address alone would lock the whole office out over one person's typos, and by NIP alone would
# let anyone lock anyone out (a NIP is printed on every letter its holder signs).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured(f"AXES_FAILURE_LIMIT must be 1 or more, not {AXES_FAILURE_LIMIT}")
_cooloff_minutes = envint("AXES_COOLOFF_MINUTES", "15")
if _cooloff_minutes < 1:
    raise ImproperlyConfigured(f"AXES_COOLOFF_MINUTES must be 1 or more, not {_cooloff_minutes}")
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lock does not restart it, so the time the lockout page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Every failure is kept for the admin (Axes → access failures), beyond the lock itself.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "pegawai.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "pegawai.backends.client_ip"
AXES_VERBOSE = False  # no banner on every command; failures and lockouts are still logged
# Reverse proxies in front of gunicorn, each appending the address it saw to X-Forwarded-For:
# the client's address is that many entries from the right. 0 trusts the connection's address.
REVERSE_PROXY_COUNT = envint("REVERSE_PROXY_COUNT", "0" if DEBUG else "1")
if REVERSE_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"REVERSE_PROXY_COUNT must be 0 or more, not {REVERSE_PROXY_COUNT}")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only.
# No inline script, style attribute or eval: templates use classes (static/css) and behaviour
# lives in static/js, wired by data attributes. data: images are Bootstrap's icons in its CSS.
_csp = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if report_uri := os.getenv("CSP_REPORT_URI", ""):
    _csp["DIRECTIVES"]["report-uri"] = [report_uri]
# Report-only: browsers report what the policy would block and block nothing (to try a change).
if envbool("CSP_REPORT_ONLY", "False"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
}
