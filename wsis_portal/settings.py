"""Settings, read from the environment.

Everything that differs between a laptop, CI and production comes from environment variables:

- ``DATABASE_URL``: PostgreSQL in production and CI; a SQLite file (``db.sqlite3``) when unset.
- ``REDIS_URL``: Celery broker and cache; without it tasks run eagerly and the cache is local.
  ``CACHE_REDIS_URL`` puts the cache on a Redis of its own (compose does).
- ``SECRET_KEY``: required when ``DEBUG`` is off.
- ``DEBUG``: ``1``/``true`` for development; off by default.
- ``ALLOWED_HOSTS``: comma-separated host names.
"""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development and tests only: a fixed, obviously insecure key.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin on the portal's site: staff pass the portal's sign-in and two-factor step.
    "accounts.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "csp",
    "corsheaders",
    # Two-factor sign-in: TOTP apps and single-use recovery codes (accounts.two_factor).
    "django_otp",
    # django-otp's two plugins, named in the reader's language (accounts.apps).
    "accounts.apps.AuthenticatorAppsConfig",
    "accounts.apps.RecoveryCodesConfig",
    "wsis_portal",
    "accounts",
    "actionlines",
    "mandates",
    "stocktaking",
]

MIDDLEWARE = [
    "wsis_portal.request_log.RequestLogMiddleware",
    # Which database this request reads: a replica for anonymous and API reads (when
    # DATABASE_REPLICA_URLS is set), the primary otherwise.
    "wsis_portal.db_routing.ReplicaReadMiddleware",
    # CORS for the API's reads (below), before anything that may answer by itself.
    "corsheaders.middleware.CorsMiddleware",
    # gzip for the API's JSON and CSV reads to clients without a session (BREACH-safe).
    "wsis_portal.api.compression.APIGZipMiddleware",
    # %00 in the address or a cookie is a 400 before any lookup (PostgreSQL refuses NUL).
    "wsis_portal.request_guard.RefuseNulCharactersMiddleware",
    # RateLimit-Limit/-Remaining/-Reset on every answer an API throttle counted.
    "wsis_portal.api.throttling.RateLimitHeadersMiddleware",
    # Gives back the export slot an API CSV answer held (wsis_portal.api.export_slots).
    "wsis_portal.api.export_slots.ExportSlotMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry them too (an SVG is a document).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "wsis_portal.content_security.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Facilitators', moderators' and staff sessions end after PRIVILEGED_SESSION_IDLE_TIMEOUT.
    "wsis_portal.sessions.PrivilegedSessionMiddleware",
    # /api/ addresses are served with or without their trailing slash (no redirect that
    # would drop a POST's body).
    "wsis_portal.api.slashes.OptionalTrailingSlashMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the two-factor step.
    "django_otp.middleware.OTPMiddleware",
    # The language is in the path (/fr/…, English unprefixed); an unprefixed page follows the
    # reader's chosen language, their account's, or Accept-Language (wsis_portal.i18n).
    "wsis_portal.i18n.PortalLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "wsis_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "wsis_portal.wsgi.application"

# Database: PostgreSQL via DATABASE_URL, else a SQLite file next to manage.py.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's built-in pool (5.1+), measured 5.4x on small-query views (DESIGN.md); opt-in
    # with DATABASE_POOL=1 for gunicorn workers.
    # Seconds to wait for a connection: a database that does not answer costs a request this
    # long before it is told 503 (wsis_portal.errors), not the worker's whole timeout. With the
    # pool, also how long a request waits for one of the pool's connections (psycopg_pool's
    # own default, 30 s, would hold it six times as long while the database is away).
    connect_timeout = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = env_bool("DATABASE_POOL", False) and {
        "timeout": connect_timeout
    }
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = connect_timeout
    # For web processes: PostgreSQL cancels a query running longer than this (milliseconds), so
    # a request gunicorn gave up on cannot keep a backend busy. Unset for migrations and tasks.
    if statement_timeout := os.environ.get("DATABASE_STATEMENT_TIMEOUT"):
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={int(statement_timeout)}"
        )
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # A test database of its own per test run, so that runs side by side on one machine (a
    # developer's and CI's, or several checkouts) never drop each other's database.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_DATABASE_NAME")
        or f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
    }

# Read replicas (wsis_portal/db_routing.py): DATABASE_REPLICA_URLS, comma-separated, each a
# streaming copy of the primary; anonymous and API reads go to one of them, everything else
# (writes, signed-in pages, a writer's next reads, tasks, commands) to the primary.
DATABASE_REPLICAS = []
for number, url in enumerate(
    filter(None, (u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(","))), 1
):
    replica = dj_database_url.parse(url, conn_max_age=0)
    replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **replica.get("OPTIONS", {})}
    # Tests read the replica as the test database itself (a mirror), never create one.
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{number}"] = replica
    DATABASE_REPLICAS.append(f"replica_{number}")
DATABASE_ROUTERS = ["wsis_portal.db_routing.ReplicaRouter"]
# How long a writer's reads (the cookie) and, after a content write, everyone's stay on the
# primary: longer than the replicas' usual lag. A replica that fails is left for the retry.
REPLICA_STICKY_SECONDS = int(os.environ.get("REPLICA_STICKY_SECONDS", "5"))
REPLICA_STICKY_COOKIE = "wsis_primary"
REPLICA_RETRY_SECONDS = int(os.environ.get("REPLICA_RETRY_SECONDS", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and cache when REDIS_URL is set; eager tasks and local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers log through LOGGING below (JSON lines in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "mandate-deadline-reminders": {
        "task": "mandates.tasks.send_deadline_reminders_task",
        "schedule": 24 * 60 * 60,
    },
    # Delivers stocktaking notifications left pending (broker down when they were queued):
    # every minute, so mail goes out soon after the broker is back (a cheap indexed query).
    "stocktaking-notification-sweep": {
        "task": "stocktaking.tasks.sweep_notifications",
        "schedule": 60,
    },
    # Queues CSTD report PDFs requested while the broker was down; fails stuck builds.
    "mandates-report-export-sweep": {
        "task": "mandates.tasks.sweep_report_exports_task",
        "schedule": 60,
    },
    # The published database as a Data Package and Parquet (stocktaking.bulk), nightly.
    "stocktaking-bulk-data": {
        "task": "stocktaking.tasks.build_bulk_data_task",
        "schedule": crontab(hour=2, minute=15),
    },
    "stocktaking-mark-inactive": {
        "task": "stocktaking.tasks.mark_inactive_entries_task",
        "schedule": 24 * 60 * 60,
    },
    "stocktaking-yearly-update-reminders": {
        "task": "stocktaking.tasks.remind_owners_task",
        "schedule": 24 * 60 * 60,
    },
    # One-time form tokens and API Idempotency-Keys live 24 hours (wsis_portal.idempotency).
    "forget-idempotency-keys": {
        "task": "wsis_portal.tasks.forget_idempotency_keys_task",
        "schedule": 24 * 60 * 60,
    },
}
# Days before a mandate's deadline at which its addressees are reminded.
MANDATE_REMINDER_DAYS = (90, 30, 7)
# Absolute address of the portal, for links in e-mails and feeds.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The cache may live on a Redis of its own, with a memory limit that evicts old keys: a
# broker must never evict a queued task, a cache must not grow without bound.
CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "") or REDIS_URL
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            # Redis with a circuit breaker: while it is unreachable every process serves
            # from its own memory (pages computed, rate limits per process), logged; see
            # wsis_portal/cache_backends.py.
            "BACKEND": "wsis_portal.cache_backends.ResilientRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "wsis"),
            # A cache that stops answering costs one request a second, not the worker's
            # timeout; the breaker spares the others (and /healthz says so).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # No Redis (scripts/serve on SQLite): a file cache shared by every process of this
    # database, so a command run beside the server (generate_stocktaking, load_reference)
    # renews the pages it changes, as the shared Redis does in production.
    _database = os.environ.get("DATABASE_URL") or str(BASE_DIR / "db.sqlite3")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR")
            or os.path.join(
                tempfile.gettempdir(),
                "wsis-cache-" + hashlib.sha256(_database.encode()).hexdigest()[:16],
            ),
        }
    }
# Seconds the cache skips an unreachable Redis before one request tries it again.
CACHE_RETRY_SECONDS = float(os.environ.get("CACHE_RETRY_SECONDS", "10"))
# Seconds a cached public page, stats answer or facet count may live: the upper bound of
# staleness for a change that no signal reports (see wsis_portal/caching.py).
CACHE_TTL = int(os.environ.get("CACHE_TTL", "300"))
# Seconds the last copy of a public page is kept to serve, marked as possibly out of date,
# while the database cannot be reached (wsis_portal.caching.cache_public_page).
STALE_PAGE_TTL = int(os.environ.get("STALE_PAGE_TTL", str(24 * 60 * 60)))
# Seconds a 503 asks clients to wait (Retry-After) while the database cannot be reached.
DATABASE_RETRY_AFTER = int(os.environ.get("DATABASE_RETRY_AFTER", "30"))
# A form refused for its CSRF token gets the portal's page, not Django's (wsis_portal.errors).
CSRF_FAILURE_VIEW = "wsis_portal.errors.csrf_failure"
# A full-text search of the stocktaking database is ranked (best match first) when at most
# this many entries match; broader searches list the newest first (stocktaking.filters).
STOCKTAKING_RANK_LIMIT = int(os.environ.get("STOCKTAKING_RANK_LIMIT", "2000"))
# The search page counts its facets while the reader waits when PostgreSQL expects the search
# to select at most this many entries; a task counts broader ones (stocktaking.search).
STOCKTAKING_FACET_LIMIT = int(os.environ.get("STOCKTAKING_FACET_LIMIT", "50000"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Seconds without a request after which a facilitator's, moderator's or staff member's session
# ends (wsis_portal.sessions); 0 gives them the same fixed SESSION_COOKIE_AGE as everyone.
PRIVILEGED_SESSION_IDLE_TIMEOUT = int(os.environ.get("PRIVILEGED_SESSION_IDLE_TIMEOUT", "1800"))
# Sessions in the database, each row naming its account (accounts.sessions), so that turning
# two-factor sign-in on or changing the password ends the account's other sessions at once.
SESSION_ENGINE = "accounts.sessions"
# Two-factor sign-in (accounts.two_factor): the name authenticator apps show for the portal.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "WSIS Portal")
# django-otp's own back-off doubles after every wrong code without a ceiling (a day after 17
# wrong codes): whoever knows a password could lock its owner out. The portal's windowed
# budgets limit the codes instead ("two-factor" in stocktaking.ratelimit): a delay, not a lock.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# The portal's own sign-in page (Django's auth views, templates/registration/).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "actionlines:home"
LOGOUT_REDIRECT_URL = "actionlines:home"

# The six UN languages. English is the source language and keeps the unprefixed URLs;
# the others live under /ar/, /zh-hans/, /fr/, /ru/, /es/ (i18n_patterns in wsis_portal.urls).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A year: the reader's explicit choice from the language switch.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
# English dates as the UN writes them, "1 January 2026" (wsis_portal/formats).
FORMAT_MODULE_PATH = ["wsis_portal.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Whether Django itself serves MEDIA_URL (wsis_portal.media): in development; in production a
# web server does (the compose stack's nginx, deploy/nginx.conf).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
# The nightly bulk downloads of the published database (stocktaking.bulk): where they are
# kept, and how many versions.
BULK_DATA_ROOT = Path(os.environ.get("BULK_DATA_ROOT", MEDIA_ROOT / "bulk"))
BULK_DATA_KEEP = int(os.environ.get("BULK_DATA_KEEP", "7"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail goes through the SMTP server named by EMAIL_HOST; without one it is printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "WSIS Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How many reverse proxies in front of the portal append to X-Forwarded-For and can be
# trusted (compose's nginx: 1; add one for a TLS terminator in front of it). Every rate limit,
# the API's throttles included, counts the client at that depth; 0 ignores the header.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# /.well-known/security.txt (RFC 9116, wsis_portal.security_txt): where to report a
# vulnerability, as mailto: or https: URIs, comma-separated (none: the file is 404); the
# languages reports are read in; when the file expires (ISO 8601; unset: a year from today).
SECURITY_CONTACT = env_list("SECURITY_CONTACT")
SECURITY_TXT_LANGUAGES = env_list("SECURITY_TXT_LANGUAGES", "en")
SECURITY_TXT_EXPIRES = os.environ.get("SECURITY_TXT_EXPIRES", "")

REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Token first: an anonymous write then gets 401 with WWW-Authenticate, not 403.
    # The account page's named tokens (accounts.models.ApiToken) under either keyword; a
    # session once it passed two-factor sign-in where the role requires it.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wsis_portal.api.authentication.PortalTokenAuthentication",
        "wsis_portal.api.authentication.BearerTokenAuthentication",
        "wsis_portal.api.authentication.TwoFactorSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON nested deeper than 32 levels or holding a lone surrogate is a 400 parse error.
    "DEFAULT_PARSER_CLASSES": [
        "wsis_portal.api.parsers.PortalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Unknown parameters and orderings are 400s; a client's order ends with the primary key.
    "DEFAULT_FILTER_BACKENDS": [
        "wsis_portal.api.filtering.PortalFilterBackend",
        "wsis_portal.api.filtering.PortalOrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "wsis_portal.api.renderers.PortalJSONRenderer",
        "wsis_portal.api.renderers.PortalBrowsableAPIRenderer",
        "wsis_portal.api.renderers.CSVRenderer",
    ],
    # ?format=xml is a 406 like an unsupported Accept header (DRF: 404).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "wsis_portal.api.negotiation.PortalContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "wsis_portal.api.pagination.PortalPageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "wsis_portal.api.throttling.AnonRateThrottle",
        "wsis_portal.api.throttling.UserRateThrottle",
        # At most so many CSV exports at once, per client and in all (below).
        "wsis_portal.api.export_slots.ExportThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "wsis_portal.api.exceptions.portal_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "wsis_portal.api.schema.PortalAutoSchema",
    # The browsable API's line under each title: a short translated text, not the docstring.
    "VIEW_DESCRIPTION_FUNCTION": "wsis_portal.api.descriptions.view_description",
}

# Concurrent CSV exports of the API (wsis_portal.api.export_slots), counted in Redis: at most
# so many per client and in all (one more is a 429 with Retry-After: API_EXPORT_RETRY_AFTER
# seconds); a slot a crashed worker never gave back expires after API_EXPORT_SLOT_SECONDS.
# Without Redis there is no limit (served rather than refused).
API_EXPORTS_PER_CLIENT = int(os.environ.get("API_EXPORTS_PER_CLIENT", "2"))
API_EXPORTS_IN_ALL = int(os.environ.get("API_EXPORTS_IN_ALL", "4"))
API_EXPORT_SLOT_SECONDS = float(os.environ.get("API_EXPORT_SLOT_SECONDS", "120"))
API_EXPORT_RETRY_AFTER = int(os.environ.get("API_EXPORT_RETRY_AFTER", "2"))

# DejaVu Sans for the CSTD report PDFs (Debian's fonts-dejavu-core); without it the PDFs use
# the Latin-1 core font. WenQuanYi Micro Hei (fonts-wqy-microhei) prints the Chinese
# characters DejaVu lacks.
PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
PDF_CJK_FONT = os.environ.get("PDF_CJK_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

# CORS (django-cors-headers) for browser notebooks reading the API from another site: any
# origin may read /api/ with GET and HEAD (and the OPTIONS preflight), never with the
# visitor's cookies (no credentials); a script may send its own token in Authorization and
# read the headers that page and cache (Link, ETag, the rate limits). Writes are not offered.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "authorization", "if-none-match")
CORS_EXPOSE_HEADERS = (
    "Content-Disposition",
    "Content-Language",
    "ETag",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
)

SPECTACULAR_SETTINGS = {
    "TITLE": "WSIS Action Line Coordination Portal API",
    "DESCRIPTION": (
        "Action lines, facilitators, documents, mandates and the stocktaking database.\n\n"
        "Read access is anonymous; writes need a session or a token "
        "(`Authorization: Token <key>` or `Authorization: Bearer <key>`). Lists are paginated "
        "with `page` and `page_size` (at most 500; larger is refused with 400); "
        "`stocktaking/harvest/` pages by cursor for fetching the whole set. Every list answers "
        "`?format=csv` with the same page as JSON; every page's `Link` header (`first`, "
        "`prev`, `next`) leads to the others. A malformed or unknown parameter, filter value, "
        "`ordering`, `page` or `cursor` gets 400 naming the parameter; a page past the last "
        'one 404. Errors are JSON: `{"detail", "code"}`, or the fields in error each '
        "with its messages. Rates are limited per client: every answer carries "
        "`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds), and "
        "over the limit 429 with `Retry-After`. Every JSON or CSV read has a strong `ETag`; "
        "send it back in `If-None-Match` to get 304 while nothing it shows has changed. "
        "`?fields=a,b` chooses the fields of list items and objects.\n\n"
        "Every creating `POST` honours an `Idempotency-Key` header (up to 255 printable ASCII "
        "characters, e.g. a UUID): a retry with the same key and body answers the first "
        "response again (`Idempotent-Replayed: true`) and creates nothing; the same key with "
        "another body is a 422. Keys are kept for 24 hours, per user.\n\n"
        "Names and labels come in the language `?lang=` or `Accept-Language` asks for (ar, "
        "zh-hans, en, fr, ru, es; `Content-Language` says which)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs pages load Swagger UI and Redoc from our own static files, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Answers to ?fields= hold only the fields asked for: those items' properties are optional.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wsis_portal.api.schema.fields_make_properties_optional",
        "wsis_portal.api.schema.error_component",
        "wsis_portal.api.vocabularies.closed_sets",
        "wsis_portal.api.schema.no_empty_parameters",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MandateStatusEnum": "mandates.models.Mandate.Status",
        "MandateUpdateStatusEnum": "mandates.models.MandateUpdate.Status",
        "EntryStateEnum": "stocktaking.models.StocktakingEntry.State",
        "ProjectStatusEnum": "stocktaking.models.StocktakingEntry.ProjectStatus",
        "FacilitationRoleEnum": "actionlines.models.Facilitation.Role",
        "MandatePartyRoleEnum": "mandates.models.MandateParty.Role",
    },
}

# Where the reference-content importers read their source texts.
SOURCES_DIR = BASE_DIR / "fixtures" / "sources"

# Content-Security-Policy on every answer (django-csp): scripts, styles, images, fonts and
# fetches from the portal's own origin only; no inline script, style or style attribute, no
# plugin, no <base>, forms posting only to the portal, never framed. A page that cannot do
# without inline code gets a nonce (``request.csp_nonce``; never on a cached public page, whose
# copy would carry a stale one) or, for a third party's fixed markup, a per-view change
# (``csp.decorators.csp_update``): see wsis_portal/content_security.py. Browsers post what
# they block to /csp-report/, which logs it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
        "report-uri": "/csp-report/",
    }
}
# Browser features no page of the portal uses are off for it and anything it could embed;
# the clipboard (copy-link) and full screen stay the portal's own. Only features Chromium
# knows: it logs an error for each other name on every page (as it did for
# "ambient-light-sensor" and "bluetooth"), and the browser tests fail on such an error.
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer",
            "autoplay",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ],
        [],
    ),
    "clipboard-write": ["self"],
    "fullscreen": ["self"],
}
# Cross-Origin-Resource-Policy on every answer: no other site can embed the portal's pages,
# images or API answers (no-cors requests); Cross-Origin-Opener-Policy is Django's default.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Production hardening: on unless DEBUG. `manage.py check --deploy` is clean with DEBUG off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container and load-balancer health checks speak plain HTTP to the web process.
    SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|livez)$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# Logs go to stderr: JSON lines in production (one object per record, with the request log's
# method, path, status and duration_ms as fields), readable lines in development.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
# Python warnings as log records too, so that every line on stderr is a JSON object.
logging.captureWarnings(LOG_FORMAT == "json")
