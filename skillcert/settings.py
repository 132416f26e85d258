"""skillcert settings.

Every setting comes from an environment variable (prefix ``SKILLCERT_``). The defaults are safe for
the demo and the tests: debug on, an embedded SQLite database under ``var/`` and keys generated once
into ``var/local-keys.json``. Production sets ``SKILLCERT_DEBUG=0`` and provides every key; then
``python manage.py check --deploy`` is clean.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SKILLCERT_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"SKILLCERT_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in (env(name) or default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)


def _local_keys() -> dict[str, str]:
    """Keys for the demo and tests, generated once per checkout; never used when DEBUG is off."""
    path = VAR_DIR / "local-keys.json"
    wanted = {
        "secret_key": lambda: secrets.token_urlsafe(50),
        "id_encryption_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
        "id_lookup_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
        "audit_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
        "ticket_signing_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    if path.exists():
        keys = json.loads(path.read_text())
        if all(name in keys for name in wanted):
            return keys
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Test workers start side by side: one process adds the missing keys, the others wait for
    # it and read the same ones (a key that differs between processes breaks the audit chain).
    with open(VAR_DIR / "local-keys.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        keys = json.loads(path.read_text()) if path.exists() else {}
        missing = [name for name in wanted if name not in keys]
        if missing:
            # A checkout made before a key existed gets the new key added; the old ones stay.
            keys.update({name: wanted[name]() for name in missing})
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(keys))
            tmp.replace(path)
    return keys


def _key(name: str, local_name: str) -> str:
    value = env(name)
    if value:
        return value
    if not DEBUG:
        raise ImproperlyConfigured(f"SKILLCERT_{name} must be set when SKILLCERT_DEBUG=0")
    return _local_keys()[local_name]


SECRET_KEY = _key("SECRET_KEY", "secret_key")
# AES-256-GCM key for ID numbers at rest, and the HMAC key for their equality-search hash (base64).
ID_ENCRYPTION_KEY = _key("ID_ENCRYPTION_KEY", "id_encryption_key")
ID_LOOKUP_KEY = _key("ID_LOOKUP_KEY", "id_lookup_key")
# Earlier encryption keys, still able to decrypt what they encrypted, after a rotation.
ID_ENCRYPTION_RETIRED_KEYS = env_list("ID_ENCRYPTION_RETIRED_KEYS", "")
# HMAC key (base64, at least 32 bytes) that keys the audit chain and signs its daily anchors:
# without it nobody can recompute an event's hash after editing it (SECURITY.md CHK-4.4).
AUDIT_KEY = _key("AUDIT_KEY", "audit_key")
# Where each signed daily anchor of the audit chain is also written, outside the database (a
# directory the provincial supervisor's collection job, or a write-once mount, picks up).
AUDIT_ANCHOR_DIR = Path(env("AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")))
# Ed25519 private key (base64 of its 32-byte seed) that signs the QR code on every 准考证. Check-in
# devices verify offline with the public key alone, so a device that is lost cannot forge tickets.
TICKET_SIGNING_KEY = _key("TICKET_SIGNING_KEY", "ticket_signing_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "skillcert.core.orgs",
    "skillcert.core.accounts",
    "skillcert.core.audit",
    "skillcert.core.calendar",
    "skillcert.core.rules",
    "skillcert.core.identity",
    "skillcert.core.jobs",
    "skillcert.core.notifications",
    "skillcert.core.ui",
    "skillcert.core.backup",
    "skillcert.catalog",
    "skillcert.batches",
    "skillcert.batches.announcements",
    "skillcert.registration",
    "skillcert.arrangement",
    "skillcert.api",
    "skillcert.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "skillcert.core.accounts.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "skillcert.core.accounts.middleware.SessionTimeoutMiddleware",
    "skillcert.core.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "skillcert.core.errors.DomainErrorMiddleware",
    "skillcert.core.calendar.middleware.CalendarScopeMiddleware",
    "skillcert.core.accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the response of a lockout raised while authenticating.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "skillcert.urls"
WSGI_APPLICATION = "skillcert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "skillcert" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skillcert.core.ui.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'skillcert.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server work side by side; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock when two writers start at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- sign-in (SECURITY.md §1 SEC-1.1, CHK-1.2 to CHK-1.4) -------------------------------------

# AxesStandaloneBackend first: it refuses a locked-out account or address before the password is
# even checked, so the right password does not get through a lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins are counted per account and per address; either limit reached locks that
# account (from anywhere) or that address (for every account) until the cool-off ends or an
# administrator unlocks it (`manage.py unlock_sign_in`). The per-address limit is higher because
# a whole agency's office may sit behind one address.
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = int(env("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", "5"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(env("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30"))
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_HANDLER = "skillcert.core.accounts.lockout.SignInLockoutHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT_PER_ACCOUNT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_CALLABLE = "skillcert.core.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
AXES_VERBOSE = False
# The same client address the audit trail records.
AXES_CLIENT_IP_CALLABLE = "skillcert.core.accounts.middleware.client_ip"

PASSWORD_MIN_LENGTH = int(env("PASSWORD_MIN_LENGTH", "10"))
# A new password may not repeat the current one nor any of the N before it.
PASSWORD_HISTORY_COUNT = int(env("PASSWORD_HISTORY_COUNT", "5"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "skillcert.core.accounts.passwords.SimilarityValidator"},
    {
        "NAME": "skillcert.core.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "skillcert.core.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "skillcert.core.accounts.passwords.GuessablePasswordValidator"},
    {"NAME": "skillcert.core.accounts.passwords.NumericPasswordValidator"},
    {
        "NAME": "skillcert.core.accounts.passwords.PasswordHistoryValidator",
        "OPTIONS": {"count": PASSWORD_HISTORY_COUNT},
    },
]

# TOTP second factor (django-otp) for the roles in accounts.models.SECOND_FACTOR_ROLES. On unless
# switched off explicitly; the test suite switches it off for tests that are not about sign-in.
REQUIRE_SECOND_FACTOR = env_bool("REQUIRE_SECOND_FACTOR", True)
OTP_TOTP_ISSUER = "广西技能等级认定考务平台"
OTP_RECOVERY_CODE_COUNT = int(env("OTP_RECOVERY_CODE_COUNT", "10"))

# Staff sessions end after this much inactivity (SEC-1.1 b); candidates keep the cookie age.
# Every session also ends SESSION_COOKIE_AGE after sign-in, however active (absolute lifetime).
STAFF_IDLE_TIMEOUT_MINUTES = int(env("STAFF_IDLE_TIMEOUT_MINUTES", "30"))

# --- shared cache: rate-limit counters must be the same for every process -----------------------
# The database cache needs no extra service (SQLite or PostgreSQL); its table is created by a
# migration. Set SKILLCERT_CACHE_URL=redis://host:6379/0 to use Redis instead.
_CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE_URL}
        if _CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "skillcert_cache",
        }
    )
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "skillcert" / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The SMS provider's adapter (dotted path); empty means the console backend, which only logs
# (masked): no SMS provider is reachable from the demo or the tests.
NOTIFICATIONS_SMS_BACKEND = env("NOTIFICATIONS_SMS_BACKEND", "")
# A TrueType/TTC font with CJK glyphs, embedded (subsetted) in every PDF.
PDF_FONT_PATH = env("PDF_FONT_PATH", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
# Images placed in a PDF (photos on forms and tickets) are read from uploads again: capped before
# they are read, and checked as JPEG or PNG within a pixel count reportlab can hold in memory.
PDF_IMAGES = {
    "max_bytes": int(env("PDF_IMAGE_MAX_BYTES", str(5 * 1024 * 1024))),
    "max_pixels": int(env("PDF_IMAGE_MAX_PIXELS", str(12_000_000))),
}
# Registration materials (细则第三条): upload limits are data, not literals in the checks.
# The photo is a 一寸 white-background ID photo, nominally 295×413 px (25×35 mm at 300 dpi).
REGISTRATION_MATERIAL_MAX_BYTES = int(env("REGISTRATION_MATERIAL_MAX_BYTES", str(5 * 1024 * 1024)))
REGISTRATION_PHOTO = {
    "max_bytes": int(env("REGISTRATION_PHOTO_MAX_BYTES", str(2 * 1024 * 1024))),
    "nominal": (295, 413),
    "min": (260, 364),
    "max": (886, 1240),
    "aspect_tolerance": 0.08,
}
# Linking an account to a candidate record it did not create (registration.services.linking): a
# one-time code sent to the phone on file. Short-lived, few tries per code, few codes per request,
# so a 6-digit code cannot be guessed; after that only the agency's desk can link.
REGISTRATION_LINK_CODE = {
    "digits": 6,
    "ttl_minutes": int(env("REGISTRATION_LINK_CODE_TTL_MINUTES", "10")),
    "max_attempts": int(env("REGISTRATION_LINK_CODE_MAX_ATTEMPTS", "5")),
    "max_sends": int(env("REGISTRATION_LINK_CODE_MAX_SENDS", "5")),
    "resend_seconds": int(env("REGISTRATION_LINK_CODE_RESEND_SECONDS", "60")),
}

# A running job renews its lease at every progress write; a worker starting up marks jobs whose
# worker is gone (lease expired, or its process dead on this host) as interrupted.
JOB_LEASE_SECONDS = int(env("JOB_LEASE_SECONDS", "300"))

# Hostile input (SECURITY.md SEC-1.5, ASVS 5.2): every spreadsheet, upload and archive is checked
# against these before it is read; each is overridable with SKILLCERT_<NAME>.
TABULAR = {
    # The largest spreadsheet an import accepts at all, before anything in it is read.
    "max_file_bytes": int(env("TABULAR_MAX_FILE_BYTES", str(20 * 1024 * 1024))),
    "max_rows": int(env("TABULAR_MAX_ROWS", "50000")),
    "max_columns": int(env("TABULAR_MAX_COLUMNS", "100")),
    "max_cell_chars": int(env("TABULAR_MAX_CELL_CHARS", "4000")),
    "max_errors": int(env("TABULAR_MAX_ERRORS", "1000")),
    "max_shared_strings": int(env("TABULAR_MAX_SHARED_STRINGS", "1000000")),
    # Files above this size are checked by the worker, not in the request.
    "inline_max_bytes": int(env("TABULAR_INLINE_MAX_BYTES", str(1024 * 1024))),
}
UPLOADS = {
    "max_image_pixels": int(env("UPLOAD_MAX_IMAGE_PIXELS", str(40_000_000))),
    "zip_max_entries": int(env("UPLOAD_ZIP_MAX_ENTRIES", "5000")),
    "zip_max_total_bytes": int(env("UPLOAD_ZIP_MAX_TOTAL_BYTES", str(200 * 1024 * 1024))),
    "zip_max_ratio": int(env("UPLOAD_ZIP_MAX_RATIO", "100")),
    "zip_max_depth": int(env("UPLOAD_ZIP_MAX_DEPTH", "3")),
}
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "skillcert@localhost")

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Public pages that list people (the registration publicity, 细则第五条): never cached, like every
# page a signed-in person sees.
NO_STORE_PUBLIC_VIEWS = ["registration:publicity_index", "registration:publicity_page"]

# Content-Security-Policy (django-csp): scripts only from our own static files, no inline script,
# no eval; htmx is vendored and configured (base.html) not to inject its indicator styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    # In production static files are collected and served by WhiteNoise; the demo's runserver
    # serves them from the app folders.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Axes logs every attempt at INFO; the audit trail already records each one.
    "loggers": {"axes": {"level": env("AXES_LOG_LEVEL", "WARNING")}},
}
