"""Settings for the micro-credential registry, read only from the environment.

Development needs nothing set: with DATABASE_URL / REDIS_URL unset the embedded PostgreSQL and
Redis under .data/ are used (see registry.devserver.embedded). Production sets DEBUG=0 and the
variables below; `manage.py check --deploy` then prints no warning.
"""

import base64
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from registry.devserver import embedded
from registry.settings.env import (
    env_bool,
    env_float,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if not DEBUG and (len(key) < 50 or key.startswith("django-insecure")):
            raise ImproperlyConfigured(
                "SECRET_KEY is too weak for production: use at least 50 random characters."
            )
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development: one random key per checkout, kept with the embedded data.
    path = embedded.data_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _signing_keys_kek() -> str:
    """The key ring that encrypts providers' signing keys at rest (credentials.signing.keys):
    `id:base64url-32-bytes[,older-id:...]`, the first one current. Development keeps one random
    KEK per checkout with the embedded data; production must set it (checked when a key is
    used, so that commands which sign nothing start without it)."""
    ring = env_str("SIGNING_KEYS_KEK")
    if ring or not DEBUG:
        return ring or ""
    path = embedded.data_dir() / "signing_keys_kek"
    if not path.exists():
        secret = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
        path.write_text(f"dev-kek:{secret}")
    return path.read_text().strip()


SIGNING_KEYS_KEK = _signing_keys_kek()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated).")

REGISTRY_BASE_URL = env_url(
    "REGISTRY_BASE_URL", "http://127.0.0.1:8000", schemes={"http", "https"}
).rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [REGISTRY_BASE_URL])

INSTALLED_APPS = [
    "registry.audit.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "registry.core",
    "registry.accounts",
    "registry.providers",
    "registry.audit",
    "frameworks",
    "credentials",
    "credentials.certificates",
    "credentials.awards",
    "demo",
]

MIDDLEWARE = [
    "registry.core.request_context.ForwardedHeadersMiddleware",
    "registry.core.request_context.RequestIdMiddleware",
    "registry.core.statement_timeout.StatementTimeoutMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "registry.core.request_limits.RequestBodyLimitMiddleware",  # before CSRF reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "registry.core.private_pages.PrivateCacheControlMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "registry.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "registry.core.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"
ASGI_APPLICATION = "registry.asgi.application"

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
            ],
        },
    },
]

# --- Database -----
DATABASE_URL = (
    env_url("DATABASE_URL", None, schemes={"postgres", "postgresql", "pgsql", "postgis"})
    or embedded.ensure_postgres()
)
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 600, minimum=0)
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
# Django's PostgreSQL backend, its connection check without a round trip (see the module).
DATABASES["default"]["ENGINE"] = "registry.core.postgresql"
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("application_name", "registry")
# A web request's statements are cancelled after this many milliseconds (503); 0: no limit.
WEB_STATEMENT_TIMEOUT = env_int("WEB_STATEMENT_TIMEOUT", 10_000, minimum=0)
# A search with up to this many matches is counted exactly (total and facets); above it, on a
# regular sample of the matches of at least SEARCH_SAMPLE_ROWS, scaled up and labelled estimates.
SEARCH_EXACT_COUNT_LIMIT = env_int("SEARCH_EXACT_COUNT_LIMIT", 2_000, minimum=1)
SEARCH_SAMPLE_ROWS = env_int("SEARCH_SAMPLE_ROWS", 400, minimum=1)
# A stopped or unreachable PostgreSQL fails a request within seconds (a 503), not a hang.
DATABASES["default"]["OPTIONS"].setdefault(
    "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3, minimum=1)
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6 default, now

# --- Redis: cache and Celery -----
REDIS_URL = env_url("REDIS_URL", None, schemes={"redis", "rediss"}) or embedded.ensure_redis()
# Redis is a cache and a queue, never the only copy of anything: when it fails, the cache
# answers as a miss, rate limits let requests through (registry.core.cache), and work that needs
# a worker waits in PostgreSQL for the sweeps. Short socket timeouts keep an unreachable Redis
# from hanging requests.
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 0.5, minimum=0.05)
CACHES = {
    "default": {
        "BACKEND": "registry.core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "registry",
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }
}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
# Tasks are fire-and-forget (their outcome is recorded in PostgreSQL). Waiting on a result would
# subscribe to Redis on every send, and with Redis down that subscription retries for seconds.
CELERY_TASK_IGNORE_RESULT = True
# Sending a task with Redis down fails within a second; the caller logs it and the sweep re-queues.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30 if CELERY_TASK_TIME_LIMIT > 60 else None
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_RESULT_EXPIRES = 3600
# A task taken by a worker that dies (acks_late) goes back to the queue once this many seconds have
# passed since it was taken: longer than any task may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    "socket_connect_timeout": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ROUTES = {
    "credentials.run_checks": {"queue": "verification"},
    "certificates.render": {"queue": "certificates"},
    "awards.rerender_certificates": {"queue": "certificates"},
    "awards.queue_certificate_renders": {"queue": "certificates"},
    "awards.run_issuance_batch": {"queue": "issuance"},
    "awards.run_verification_batch": {"queue": "verification"},
}
# Periodic sweeps (run `celery -A registry beat`): work recorded pending whose task was lost.
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-checks": {
        "task": "credentials.requeue_stale_checks",
        "schedule": 60.0,  # seconds; each report waits out its own backoff
    },
    "sweep-outbox": {"task": "core.sweep_outbox", "schedule": 60.0},
    "requeue-stale-issuance": {"task": "awards.requeue_stale_batches", "schedule": 60.0},
    "requeue-stale-certificates": {
        "task": "awards.requeue_stale_certificates",
        "schedule": 60.0,  # each certificate waits out awards.certificates.STALE_AFTER
    },
    # Verification counts gathered in Redis, added to the awards.
    "flush-verification-counts": {"task": "awards.flush_verification_counts", "schedule": 15.0},
    "requeue-stale-verification-batches": {
        "task": "awards.requeue_stale_verification_batches",
        "schedule": 60.0,
    },
    "purge-expired-verification-batches": {
        "task": "awards.purge_expired_verification_batches",
        "schedule": 3600.0,
    },
    "purge-idempotency-records": {
        "task": "core.purge_idempotency_records",
        "schedule": 3600.0,
    },
}

# --- Auth -----
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses sign-in while locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in lockout (django-axes) on /accounts/login/ (the admin signs in there too): after
# LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked for
# LOGIN_LOCKOUT_MINUTES (a regulator can unlock it sooner in the admin: Axes > Access attempts).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "registry.core.request_context.request_client_address"
AXES_LOCKOUT_CALLABLE = "registry.accounts.lockout.locked_out"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; successful sign-ins are not logged by address
# Two-factor sign-in (registry.accounts.two_factor): the name authenticator apps show.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Micro-credential registry")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "registry.core.static_files.RegistryStaticFilesStorage"
    },
}
# A template naming a static file that `collectstatic` did not collect is an error in production;
# off, the file's plain URL is used and served from the apps' static directories (for processes
# started without collecting, as tests, CI and the benchmarks do).
WHITENOISE_MANIFEST_STRICT = env_bool("STATIC_MANIFEST_STRICT", True)
WHITENOISE_USE_FINDERS = DEBUG or not WHITENOISE_MANIFEST_STRICT
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(embedded.data_dir() / "media")))
MEDIA_URL = "/media/"

# --- Certificates (credentials/certificates) -----
# Stored under MEDIA_ROOT by default, or in an S3-compatible bucket (django-storages) with
# CERTIFICATE_STORAGE=s3. Names are fixed per certificate; rendering again overwrites in place.
CERTIFICATE_STORAGE = env_str("CERTIFICATE_STORAGE", "filesystem")
if CERTIFICATE_STORAGE == "filesystem":
    STORAGES["certificates"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL, "allow_overwrite": True},
    }
elif CERTIFICATE_STORAGE == "s3":
    _bucket = env_str("CERTIFICATE_S3_BUCKET")
    if not _bucket:
        raise ImproperlyConfigured("CERTIFICATE_STORAGE=s3 needs CERTIFICATE_S3_BUCKET.")
    STORAGES["certificates"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env_str("CERTIFICATE_S3_ENDPOINT_URL") or None,
            "region_name": env_str("CERTIFICATE_S3_REGION") or None,
            "access_key": env_str("CERTIFICATE_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("CERTIFICATE_S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("CERTIFICATE_S3_PREFIX", ""),
            "file_overwrite": True,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
else:
    raise ImproperlyConfigured("CERTIFICATE_STORAGE must be 'filesystem' or 's3'.")
# The callables the `certificates.render` task may call (content providers and recorders).
CERTIFICATE_CONTENT_PROVIDERS: list[str] = [
    *env_list("CERTIFICATE_CONTENT_PROVIDERS", []),
    # Awards' certificates (credentials/awards/certificates.py): their content and recorder.
    "credentials.awards.certificates.certificate_content",
    "credentials.awards.certificates.record_certificate",
]

# --- Email -----
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "registry@localhost")

# --- REST API -----
# Requests per API key (or per user, or per IP address without one), e.g. "600/min".
API_KEY_RATE = env_rate("API_KEY_RATE", "600/min")
# HTML pages, per signed-in user or client address (registry.core.throttling): the public search,
# and applications sent on the public form (only POSTs count).
SEARCH_RATE = env_rate("SEARCH_RATE", "60/min")
PROVIDER_APPLICATION_RATE = env_rate("PROVIDER_APPLICATION_RATE", "5/hour")
# Verifications of awards (`/verify/` pages and `/api/v1/verify/`), per client address or user.
VERIFY_RATE = env_rate("VERIFY_RATE", "120/min")
# Learners' private pages (`/learner/<token>/`), per client address: views and visibility switches.
LEARNER_PAGE_RATE = env_rate("LEARNER_PAGE_RATE", "60/min")
# Days a learner's private link works (the institution can send a fresh one at any time).
LEARNER_LINK_DAYS = env_int("LEARNER_LINK_DAYS", 180, minimum=1)
# A verdict by code reads the award itself; its micro-credential and provider are kept in each
# process this many seconds, so a suspension shows in verdicts within it (0: read every time).
VERDICT_FACTS_SECONDS = env_int("VERDICT_FACTS_SECONDS", 10, minimum=0)
# Verifications are counted in each web process and sent to Redis together this long after the
# first (0: each one at once).
VERIFICATION_COUNT_SECONDS = env_int("VERIFICATION_COUNT_SECONDS", 1, minimum=0)
# Bulk verification uploads (`/verify/bulk/` and `/api/v1/verifications/bulk/`), per client
# address or user; a file of many codes counts once here, not once per code.
BULK_VERIFY_RATE = env_rate("BULK_VERIFY_RATE", "20/hour")
# Seconds an Idempotency-Key is remembered; after that the same key counts as a new request.
IDEMPOTENCY_KEY_TTL = env_int("IDEMPOTENCY_KEY_TTL", 24 * 3600, minimum=60)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "registry.core.api_schema.ProblemDetailsAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that its 401 challenge (`WWW-Authenticate: Bearer`) is the one DRF sends.
        "registry.accounts.api_auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.AllowAny",
        "registry.accounts.api_auth.HasKeyScope",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "registry.core.api_errors.problem_details_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["registry.accounts.api_throttling.ApiKeyRateThrottle"],
    # REMOTE_ADDR is already the client's (ForwardedHeadersMiddleware): DRF must not read
    # X-Forwarded-For itself.
    "NUM_PROXIES": 0,
    "DEFAULT_THROTTLE_RATES": {"api_key": API_KEY_RATE},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "National micro-credential registry API",
    "DESCRIPTION": "Frameworks, providers and micro-credentials of the national register.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RecognitionTypeEnum": "registry.providers.models.RecognitionType",
        "ProviderStatusEnum": "registry.providers.models.Provider.Status",
        "MicroCredentialStatusEnum": "credentials.models.Status",
        "KindEnum": "credentials.models.Kind",
        "VerificationBatchKindEnum": "credentials.awards.models.VerificationBatch.Kind",
    },
}

# --- Probes -----
# /readyz runs its checks at most once per this many seconds per process; its detail is shown to
# staff and to requests with `Authorization: Bearer <READINESS_TOKEN>` (empty: staff only).
READINESS_CACHE_SECONDS = env_int("READINESS_CACHE_SECONDS", 5, minimum=0)
READINESS_TOKEN = env_str("READINESS_TOKEN", "")

# --- Security -----
# Reverse proxies in front of the registry (0: clients connect directly). Only then are
# X-Forwarded-For (the client is the Nth address from the right), X-Forwarded-Proto and
# X-Request-ID believed (registry.core.request_context).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Ask browsers' HSTS preload lists to include the domain: hard to undo, so only when configured.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "SECURE_HSTS_PRELOAD is not True": a choice
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
X_FRAME_OPTIONS = "DENY"
# Only the registry's own scripts, styles, images and fonts; no inline script or style. The API
# documentation pages relax styles and images for Swagger UI and ReDoc (registry/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body any route takes; upload views set their own (smaller) limits.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO: certificates would flood the worker's log.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
