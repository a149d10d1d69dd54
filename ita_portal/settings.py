"""Settings for ITA Portal, read from the environment.

Defaults give a local demo on SQLite; production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Demo mode creates demo logins with known passwords; never on in production.
DEMO_MODE = env_bool("ITA_DEMO_MODE", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO_MODE):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG and ITA_DEMO_MODE are off.")
    SECRET_KEY = "insecure-local-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "ita_portal.accounts.apps.LoginLockoutConfig",  # django-axes, Thai heading
    "csp",
    "ita_portal.agencies",
    "ita_portal.audit",
    "ita_portal.documents",
    "ita_portal.signing",
    "django_tasks",
    "django_tasks_db",
    "assessments",
    "measures",
    "reports",
    "memos",
    "publishing",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ita_portal.middleware.ControlCharactersMiddleware",
    "ita_portal.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ita_portal.middleware.SessionIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ita_portal.urls"
WSGI_APPLICATION = "ita_portal.wsgi.application"

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
                "ita_portal.agencies.context_processors.memberships",
            ],
            "libraries": {"thai": "ita_portal.templatetags.thai"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: one connection per request is plenty, and a persistent one holds file locks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any login, right password or not, while the username is locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username, that username is refused for 15 minutes (every further try restarts the
# wait), the right password included; an administrator unlocks it earlier by deleting
# its row in admin → การล็อกการเข้าสู่ระบบ → การใส่รหัสผ่านผิด. Counted per username, not per IP
# address: the officers of one office share one public address, and one mistyping
# colleague must not lock everybody out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request (8 hours): a
# signed-in session is renewed (saved, its expiry moved) when its last renewal is
# SESSION_RENEW_SECONDS old, so the timeout counts from the last request within 5 minutes
# (ita_portal.middleware.SessionIdleTimeoutMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(8 * 60 * 60)))
SESSION_RENEW_SECONDS = min(300, SESSION_COOKIE_AGE // 2)

# The admin's address; another one keeps it out of the scanners' way (not a protection).
ADMIN_URL = (os.environ.get("ADMIN_URL", "").strip().strip("/") or "admin") + "/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "agencies:dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
# Thai for the texts of libraries that ship none (django-axes' admin and messages).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Sarabun (OFL) from PyPI, served locally to browsers and reused by the PDFs.
    ("fonts/sarabun", Path(fontpkg_sarabun.__file__).parent / "files"),
]
# Production serves hashed, compressed files made by collectstatic; development, demo
# and tests read the source folders directly, so nothing has to be collected first.
SERVE_STATIC_FROM_SOURCE = DEBUG or DEMO_MODE
# Issued PDFs: their own storage, never under a public URL. DOCUMENTS_STORAGE_BACKEND
# names another backend (e.g. storages.backends.s3.S3Storage from django-storages, which
# then reads its AWS_* settings); the X-Accel-Redirect offload needs the file system.
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT", BASE_DIR / "private" / "documents"))
DOCUMENTS_STORAGE_BACKEND = os.environ.get(
    "DOCUMENTS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": DOCUMENTS_STORAGE_BACKEND,
        "OPTIONS": (
            {"location": DOCUMENTS_ROOT, "base_url": None}
            if DOCUMENTS_STORAGE_BACKEND.endswith("FileSystemStorage")
            else {
                # S3-compatible object storage (pip install -e ".[s3]"): private objects,
                # never overwritten, read through the portal's permission check.
                "bucket_name": os.environ.get("DOCUMENTS_S3_BUCKET", ""),
                "endpoint_url": os.environ.get("DOCUMENTS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("DOCUMENTS_S3_REGION") or None,
                "access_key": os.environ.get("DOCUMENTS_S3_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("DOCUMENTS_S3_SECRET_ACCESS_KEY") or None,
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
            }
        ),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if SERVE_STATIC_FROM_SOURCE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = SERVE_STATIC_FROM_SOURCE
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Background work (PDF rendering) through the Django tasks API: the database queue by
# default, worked by `manage.py db_worker`; TASKS_BACKEND=immediate runs tasks inline.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("TASKS_BACKEND", "database")],
    }
}

# Downloads of issued documents: Django checks the permission, then nginx sends the file
# (X-Accel-Redirect, docs/deploy/nginx.conf) when SENDFILE_BACKEND=nginx; otherwise the
# file is streamed by Django.
SENDFILE_BACKEND = {
    "nginx": "django_sendfile.backends.nginx",
    "simple": "django_sendfile.backends.simple",
}[os.environ.get("SENDFILE_BACKEND", "simple")]
SENDFILE_ROOT = str(DOCUMENTS_ROOT)
SENDFILE_URL = os.environ.get("SENDFILE_URL", "/protected/documents")

# The portal's signing key for published PDFs (ita_portal/signing): PEM or DER files and
# the key's password. Unset: publishing is refused and `manage.py check` warns.
SIGNING_KEY_FILE = os.environ.get("SIGNING_KEY_FILE", "")
SIGNING_CERT_FILE = os.environ.get("SIGNING_CERT_FILE", "")
SIGNING_KEY_PASSWORD = os.environ.get("SIGNING_KEY_PASSWORD", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
# The portal's address as people reach it, for links in e-mails sent outside a request.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ita-portal@localhost")

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG and not DEMO_MODE
CSRF_COOKIE_SECURE = not DEBUG and not DEMO_MODE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not DEMO_MODE)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG or DEMO_MODE else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Submitting a domain to the browsers' HSTS preload list is its owner's decision (an
# agency's go.th domain), so preload is opt-in and its deploy check is quiet until then.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# axes.W006 wants ip_address among AXES_LOCKOUT_PARAMETERS, against attackers who rotate
# User-Agents or cookies; counting per username is not open to that (see AXES_* above).
SILENCED_SYSTEM_CHECKS += ["axes.W006"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp). Scripts only from our own static files: no inline
# <script> and no on…= handlers anywhere (tests/security/test_headers.py checks the pages).
# Styles allow 'unsafe-inline': templates set widths with style="…" attributes (progress
# bars computed per row, table columns) and the report previews carry the PDF's own <style>
# blocks, which must stay byte-identical to what WeasyPrint renders. A nonce would not
# cover style attributes, and with a nonce browsers ignore 'unsafe-inline'. Inline CSS
# cannot run code; the value of the policy is in script-src, object-src and the rest.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features no page of the portal uses, denied to the pages and to anything
# they could embed (ita_portal.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings matter to us.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
