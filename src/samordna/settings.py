"""The one settings module: everything that differs between machines comes from the environment."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from samordna.operations.logging import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("SAMORDNA_VAR_DIR", PACKAGE_DIR.parent.parent / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "development-only-not-secret"

ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")

# Key material for the identity vault (participants/). A development key only with DEBUG on.
# Comma-separated: the first key encrypts, all of them decrypt (key rotation).
SAMORDNA_VAULT_KEY = os.environ.get("SAMORDNA_VAULT_KEY", "")
if not SAMORDNA_VAULT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SAMORDNA_VAULT_KEY (see README, Configuration).")
    SAMORDNA_VAULT_KEY = "development-only-vault-key"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",  # the API docs served from ninja's own static files, not a CDN (CSP allows 'self')
    "samordna.core",
    "samordna.api",
    "samordna.organisations",
    "samordna.accounts",
    "samordna.interventions",
    "samordna.participants",
    "samordna.surveys",
    "samordna.measurements",
    "samordna.goals",
    "samordna.funding",
    "samordna.reports",
    "samordna.governance",
    "samordna.operations",
    "samordna.demo",
    "django.forms",  # after samordna.core, whose templates override some of Django's form widgets
]

MIDDLEWARE = [
    "samordna.operations.middleware.HealthCheckMiddleware",
    "samordna.operations.middleware.RequestObservationMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samordna.core.middleware.ChosenLanguageMiddleware",
    "samordna.core.middleware.RequestSizeMiddleware",
    "samordna.core.middleware.RequestMemoryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samordna.accounts.middleware.VerifiedDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samordna.accounts.middleware.CurrentForbundMiddleware",
    "samordna.accounts.middleware.SessionIdleMiddleware",
    "samordna.accounts.middleware.TwoFactorMiddleware",
    "samordna.accounts.middleware.NationalAnalystMiddleware",
    "samordna.accounts.throttle.ThrottleMiddleware",
]

# Forms render through the project's templates, what every form draws in Python (core/renderers.py).
FORM_RENDERER = "samordna.core.renderers.FormRenderer"

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samordna.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'samordna.sqlite3'}", conn_max_age=60
    )
}
# One cache shared by every worker process of the server, with nothing to set up: files under
# the var directory. Cached report tables are keyed by a data generation kept in the database
# (reports.published), so each host's own copy stays correct when several serve.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("SAMORDNA_CACHE_DIR", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
# A PostgreSQL streaming replica for report reads (core/replica.py decides what goes there).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
# PgBouncer in transaction mode (DATABASE_POOLER=pgbouncer) hands out a server connection per
# transaction, so a server-side cursor (Django's .iterator()) would outlive its connection.
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in {"", "pgbouncer"}:
    raise ImproperlyConfigured("Set DATABASE_POOLER to pgbouncer, or leave it empty.")
for _database in DATABASES.values():
    _database["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLER == "pgbouncer"
    # PostgreSQL's JIT compiles every statement whose estimated cost passes jit_above_cost:
    # 25–100 ms per report statement measured here, more than it ever saves on statements that
    # run for tens of milliseconds (docs/benchmarks.md). Through PgBouncer, which refuses
    # startup options, set it on the server instead: ALTER DATABASE … SET jit = off.
    if _database["ENGINE"] == "django.db.backends.postgresql" and not DATABASE_POOLER:
        _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DATABASE_ROUTERS = ["samordna.core.replica.ReplicaRouter"]
# SQLite has no INCLUDE columns: the reports' covering indexes are plain indexes there (its
# tables are small enough to read whole), and only PostgreSQL reads them alone.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "samordna.accounts.throttle.ThrottleBackend",
    "samordna.accounts.backends.MembershipsBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Invitations to join a förbund: how long the one-time link stays valid.
SAMORDNA_INVITATION_DAYS = int(os.environ.get("SAMORDNA_INVITATION_DAYS", 7))
# How far ahead a planning date (an enrolment's start) may lie; recorded events never do.
SAMORDNA_PLANNING_MARGIN_DAYS = int(os.environ.get("SAMORDNA_PLANNING_MARGIN_DAYS", 60))

# Login throttling (accounts/throttle.py) needs the client's address. Behind a proxy, name the
# header it sets (X-Forwarded-For) and which proxies to trust: a count of proxies in front of
# Samordna, or their addresses/networks separated by commas.
SAMORDNA_CLIENT_IP_HEADER = os.environ.get("SAMORDNA_CLIENT_IP_HEADER", "")
_trusted = os.environ.get("SAMORDNA_TRUSTED_PROXIES", "0").strip()
SAMORDNA_TRUSTED_PROXIES = (
    int(_trusted)
    if _trusted.isdigit()
    else [ipaddress.ip_network(part.strip()) for part in _trusted.split(",") if part.strip()]
)

# The largest request body Samordna reads (core.middleware answers 413 beyond it). It holds the
# largest upload (a 10 MB signed PDF, a 5 MB import) with room to spare; nginx's
# client_max_body_size in deploy/ is the same 20 MB.
SAMORDNA_MAX_REQUEST_MB = int(os.environ.get("SAMORDNA_MAX_REQUEST_MB", 20))
DATA_UPLOAD_MAX_MEMORY_SIZE = SAMORDNA_MAX_REQUEST_MB * 1024 * 1024

# Database sessions, read by their key without compiling the query each time.
SESSION_ENGINE = "samordna.accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A session without a request for this long is logged out (accounts.middleware).
SAMORDNA_SESSION_IDLE_MINUTES = int(os.environ.get("SAMORDNA_SESSION_IDLE_MINUTES", 30))

# Two-factor sign-in (accounts/two_factor.py): the name authenticator apps show for the account.
OTP_TOTP_ISSUER = "Samordna"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
TIME_ZONE = "Europe/Stockholm"
# One date format in both languages: 2026-11-19 (core/formats).
FORMAT_MODULE_PATH = ["samordna.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
# WhiteNoise serves the collected, compressed and hashed files (`samordna serve` collects them).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Only the hashed names are kept (every page names its files through {% static %}), and source
# maps, fetched only by a browser's developer tools, are not compressed: the first start after an
# upgrade compressed 880 files of 31 MB, two minutes of a loaded machine, most of it API docs'
# source maps under two names each.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# Mail (reminders, invitations): an SMTP server, or the console while developing.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = _flag("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samordna@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Background jobs (operations/): stored in the database, run by `samordna db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Content-Security-Policy on every response (django-csp): scripts, styles and everything else
# only from Samordna itself, never inline, so injected markup cannot run or restyle anything.
# img-src allows data: for the empty favicon (base.html) and the icons Swagger UI's CSS embeds.
# htmx is told not to inject its indicator <style> (base.html); app.css carries those rules.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The address users reach Samordna at, for links in e-mail.
SAMORDNA_BASE_URL = os.environ.get(
    "SAMORDNA_BASE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS and not DEBUG else "http://127.0.0.1:8000",
)

# Prometheus metrics at /metrics/ answer only a request bearing this token (empty: no metrics).
SAMORDNA_METRICS_TOKEN = os.environ.get("SAMORDNA_METRICS_TOKEN", "")
# Where `samordna backup` writes, and how many backups it keeps.
SAMORDNA_BACKUP_DIR = Path(os.environ.get("SAMORDNA_BACKUP_DIR", VAR_DIR / "backups"))
SAMORDNA_BACKUP_KEEP = int(os.environ.get("SAMORDNA_BACKUP_KEEP", "14"))

# One JSON object a line on standard error (operations/logging.py); LOG_FILE adds a file.
LOGGING = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"),
    json_lines=_flag("LOG_JSON", not DEBUG),
    file=os.environ.get("LOG_FILE", ""),
)
