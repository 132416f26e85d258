"""skillcert settings.

Every setting comes from an environment variable (prefix ``SKILLCERT_``). The defaults are safe for
the demo and the tests: debug on, an embedded SQLite database under ``var/`` and keys generated once
into ``var/local-keys.json``. Production sets ``SKILLCERT_DEBUG=0`` and provides every key; then
``python manage.py check --deploy`` is clean.
"""

from __future__ import annotations

import base64
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
    if path.exists():
        return json.loads(path.read_text())
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    keys = {
        "secret_key": secrets.token_urlsafe(50),
        "id_encryption_key": base64.b64encode(secrets.token_bytes(32)).decode(),
        "id_lookup_key": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
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
    "skillcert.catalog",
    "skillcert.batches",
    "skillcert.batches.announcements",
    "skillcert.registration",
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
    "skillcert.core.accounts.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "skillcert.core.errors.DomainErrorMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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
# Hostile input (SECURITY.md SEC-1.5, ASVS 5.2): every spreadsheet, upload and archive is checked
# against these before it is read; each is overridable with SKILLCERT_<NAME>.
TABULAR = {
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
}
