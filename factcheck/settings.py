"""Settings for the fact-check workbench.

Every deployment value comes from the environment through the small typed
helpers below, which fail loudly on a value they cannot read. With nothing
set, the project runs on SQLite with tasks executed in-process; production
differs only by environment values (see README.md, "Production").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from vault.keys import DEVELOPMENT_SECRET_KEY, development_vault_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# A development key only when DEBUG is on; a production process without a real
# key refuses to start rather than sign sessions with a public value.
SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY",
    DEVELOPMENT_SECRET_KEY if DEBUG else None,
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "factcheck.apps.StaticFiles",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "claims",
    "desk",
    "api",
    "vault",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after security (as WhiteNoise asks): static files are answered
    # before sessions, users or the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the rest, so that every response, refusals included, has the policy.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (they look at request.user), before any view runs.
    "factcheck.middleware.private_no_store",
    "factcheck.middleware.refuse_nul_characters",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside messages and htmx: adds an htmx answer's messages to it.
    "factcheck.middleware.htmx_messages",
    # Last, as axes requires: it turns a lockout noted during the view into its page.
    "axes.middleware.AxesMiddleware",
]

# axes first: it refuses a locked-out log-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "factcheck.urls"

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
                "desk.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

# DATABASE_URL, e.g. postgres://factcheck@db.internal:5432/factcheck; SQLite
# in the project folder when unset.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling (django-axes), for the app's log-in and the admin's: after
# AXES_FAILURE_LIMIT failures for one username, or from one address, further
# attempts are refused for AXES_COOLOFF_MINUTES. `manage.py axes_reset`
# (or deleting the access attempts in the admin) lifts a lockout early.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "factcheck.login_throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "factcheck.login_throttling.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For. 0
# (no proxy) trusts only the connection's address; a client can write
# anything into the header, so count only proxies you run.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "build" / "static")))
# Production serves `collectstatic`'s output from STATIC_ROOT through WhiteNoise,
# with hashed, compressed names that browsers may cache for ever. The manifest
# only exists after `collectstatic`, so development and tests (DEBUG on) keep
# the plain storage and read the files from STATICFILES_DIRS as they change.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded evidence and export files are private: they are served only through
# views that check permissions, never from a public URL, so MEDIA_URL is
# deliberately unset and every file goes through the storage API (STORAGES).
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))


def private_file_storage(kind: str) -> dict:
    """Where evidence and exports live: MEDIA_ROOT, or an S3-compatible bucket.

    Several web processes and workers on several machines must see the same
    files, so anything past one machine needs a shared volume or
    DJANGO_STORAGE=s3 (django-storages; boto3 finds keys in its usual places
    when DJANGO_S3_ACCESS_KEY_ID is unset).
    """
    if kind == "filesystem":
        # No location: it follows MEDIA_ROOT. No base_url: nothing serves it.
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"base_url": None},
        }
    if kind == "s3":
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env_str("DJANGO_S3_BUCKET"),
                "endpoint_url": env_str("DJANGO_S3_ENDPOINT_URL", "") or None,
                "region_name": env_str("DJANGO_S3_REGION", "") or None,
                "access_key": env_str("DJANGO_S3_ACCESS_KEY_ID", "") or None,
                "secret_key": env_str("DJANGO_S3_SECRET_ACCESS_KEY", "") or None,
                "location": env_str("DJANGO_S3_PREFIX", ""),
                # Private objects; a name never silently replaces another's file.
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    raise ImproperlyConfigured(f"DJANGO_STORAGE={kind!r} is not one of: filesystem, s3.")


PRIVATE_FILES = private_file_storage(env_str("DJANGO_STORAGE", "filesystem"))
STORAGES = {
    "default": PRIVATE_FILES,
    # Export files, under exports/ in the same place; an alias of its own so
    # that they can move elsewhere (a bucket with an expiry rule) by this line.
    "exports": PRIVATE_FILES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


# The source vault (app vault; README "Source vault"): comma-separated Fernet
# keys. The first encrypts; every one decrypts, so a new key goes first and
# the old one stays listed until `manage.py vault_rotate` has re-encrypted
# every record with the new one. Without it, production refuses to read or
# write the vault (the rest of the desk runs); DEBUG derives a development key.
# `manage.py check --deploy` warns without keys, or with a development key (vault.checks).
VAULT_KEYS = env_list("VAULT_KEYS", [development_vault_key(SECRET_KEY)] if DEBUG else [])

NEWSROOM_NAME = env_str("NEWSROOM_NAME", "Demo Newsroom")
NEWSROOM_URL = env_str("NEWSROOM_URL", "https://factcheck.example.org/")
# Where each published fact check can be read; {id} is the claim's number.
CLAIMREVIEW_URL = env_str("CLAIMREVIEW_URL", NEWSROOM_URL.rstrip("/") + "/fact-checks/{id}/")

# Exports up to this many claims stream straight to the browser; larger ones
# become an export job written by a worker.
EXPORT_STREAM_MAX_ROWS = env_int("EXPORT_STREAM_MAX_ROWS", 5000)

# Filter selects: the empty choice reads "Any" (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = "Any"

# Evidence uploads: a size limit, and only these types (checked by content,
# not by file name).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
ARTICLE_UPLOAD_MAX_BYTES = env_int("ARTICLE_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# Importing an article from a URL. Loopback, private and link-local
# addresses are refused unless allowed (tests and the demo allow them for
# their local fixture server; production never should).
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", False)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5_000_000)
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 15)
FETCH_TOTAL_SECONDS = env_int("FETCH_TOTAL_SECONDS", 60)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5)

# The periodic check of articles for updates: an article with a URL and an
# open claim is fetched again once it has not been checked for this many
# hours; each hourly run asks for at most ARTICLE_REFETCH_BATCH of them.
ARTICLE_REFETCH_HOURS = env_int("ARTICLE_REFETCH_HOURS", 24)
ARTICLE_REFETCH_BATCH = env_int("ARTICLE_REFETCH_BATCH", 50)

# Celery: a broker URL means a real worker runs the tasks; without one every
# task runs eagerly, in-process, so `make run` needs nothing else.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task (out of memory, say) hands its task back to the
# queue instead of acknowledging it: exports and imports are idempotent.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = TIME_ZONE
# Where tasks go unless routed elsewhere; a test's worker listens on its own queue.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Celery beat's schedule, static (no database scheduler to install or migrate):
# `celery -A factcheck beat` runs the desk's daily sweep (desk.services.sweep)
# at DESK_SWEEP_HOUR:DESK_SWEEP_MINUTE in TIME_ZONE. `manage.py desk_sweep` does the same by hand.
CELERY_BEAT_SCHEDULE = {
    "desk-sweep": {
        "task": "desk.tasks.run_desk_sweep",
        "schedule": crontab(
            hour=env_int("DESK_SWEEP_HOUR", 6), minute=env_int("DESK_SWEEP_MINUTE", 0)
        ),
    },
    # Articles with open claims checked for a newer text at their URL, a batch
    # an hour (claims.services.refetches; `manage.py refetch_articles` by hand).
    "article-refetch": {
        "task": "claims.tasks.refetch_due_articles",
        "schedule": crontab(minute=env_int("ARTICLE_REFETCH_MINUTE", 20)),
    },
    # Webhook deliveries whose task was lost: queued again (api.services.webhooks).
    "webhook-resume": {
        "task": "api.tasks.resume_webhook_deliveries",
        "schedule": crontab(minute="*/5"),
    },
}

# The desk's teamwork (app desk). A claim in review for more than this many
# days reminds the reviewers, once per review round.
DESK_REVIEW_STALE_DAYS = env_int("DESK_REVIEW_STALE_DAYS", 3)
# The desk's own address, for the links in notification emails.
DESK_SITE_URL = env_str("DESK_SITE_URL", "http://127.0.0.1:8000")

# Email (notifications, for those who opt in): printed to the console in
# development; production sets EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
# and the SMTP values below (README, "Working as a desk").
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (one file a message).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "build" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Claim desk <claim-desk@localhost>")

# Transport security: on by default whenever DEBUG is off, so that
# `manage.py check --deploy` is clean with production values. Behind a proxy
# that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=1.
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
# A load balancer's or container's health probe speaks plain HTTP to the process.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0)
# These bind the whole parent domain and are hard to undo: opt in explicitly.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this site's own scripts, styles,
# fonts and images, so injected markup cannot run script or load from
# elsewhere. Templates therefore carry no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Shared cache: API rate limits (and anything else cached) count across every
# web process only when they share one. CACHE_URL=redis://host:6379/1 in
# production; without it each process keeps its own counts in memory.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# The API (app api, /api/v1/; README "The API"). Tokens or the browser
# session; every error is an RFC 9457 problem; lists page by cursor.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_PAGE_SIZE_MAX = env_int("API_PAGE_SIZE_MAX", 200)
# Requests per token (or per signed-in user), DRF's rate syntax: "600/min".
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/min")
# And per user, all their tokens and sessions together (a user may hold 50
# tokens, and revoke and make more): three tokens' worth.
API_THROTTLE_RATE_PER_USER = env_str("API_THROTTLE_RATE_PER_USER", "1800/min")
# Webhooks (api.services.webhooks): signed POSTs of published, reopened and
# verdict-changed events. Like URL imports, loopback, private and link-local
# targets are refused, at registration and at every delivery, unless allowed;
# a setting of their own, since a desk may post to an internal CMS without
# letting editors import from the office network (tests allow both).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
# Attempts in all; after a failed one the next waits BASE * 2**(n-1) seconds:
# 2, 4, 8, 16 and 32 minutes, about an hour, then the delivery has failed.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 120)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RolePermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.PerTokenThrottle",
        "api.throttling.PerUserThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.NewestFirstCursor",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.ProblemJsonParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_response",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim desk API",
    "DESCRIPTION": (
        "The fact-check desk's record: articles, attributed claims, sources, verdicts.\n\n"
        "**Authentication.** `Authorization: Bearer <token>`, a token made on the desk's "
        "settings page (shown once, stored hashed), or the browser session.\n\n"
        "**Roles.** The same as on the pages: viewers read, editors write, reviewers publish. "
        "Four eyes and frozen-once-published hold here as everywhere.\n\n"
        "**Versions.** A write to a claim names the version it was made against: `version` "
        "in the body, or `If-Match` with the claim's `ETag`. A stale version is refused "
        "with 409 and the changes since; a missing one with 428.\n\n"
        "**Errors** are RFC 9457 problem details (`application/problem+json`), with "
        "`errors` listing each field's problems.\n\n"
        "**Rate limit.** Each token (or signed-in user) may make a set number of requests "
        "(`API_THROTTLE_RATE`, 600 a minute unless the desk set another), and all of a "
        "user's tokens and sessions together 1800 "
        "(`API_THROTTLE_RATE_PER_USER`); past either, 429 with `Retry-After`.\n\n"
        "**Lists** page by cursor: follow `next`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name each for the choice sets several fields share (a claim's status,
    # an event's from and to status).
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatus": "claims.models.Status",
        "Sourcing": "claims.models.Sourcing",
        "ClaimKind": "claims.models.Claim.Kind",
        "SourceKind": "claims.models.Source.Kind",
        "WebhookEvent": "api.models.WebhookEvent",
        "ClaimLinkKind": "claims.models.ClaimLink.Kind",
        "Anchoring": "claims.models.Anchoring",
        "RevisionSource": "claims.models.ArticleRevision.Source",
    },
    "SERVE_PERMISSIONS": ["api.permissions.SignedIn"],
    "SERVE_AUTHENTICATION": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO; its warnings matter.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run in-process: no "Task … succeeded" line in every command's output.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
