"""paperwire settings: one file, every value from a ``PAPERWIRE_*`` variable.

Defaults give a working embedded setup (SQLite under ``./var``). See
docs/settings.md for the full reference.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from paperwire.lib.env import (
    SettingError,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_optional_str,
    env_path,
    env_str,
)
from paperwire.lib.secret_key import HOW_TO_MAKE_ONE, key_weakness, stored_key
from paperwire.lib.site_address import site_url
from paperwire.ops.work_classes import QUEUES_IN_ORDER

BASE_DIR = Path(__file__).resolve().parent

DEBUG = env_bool("PAPERWIRE_DEBUG", True)
DATA_DIR = env_path("PAPERWIRE_DATA_DIR", "./var")
SITE_NAME = env_str("PAPERWIRE_SITE_NAME", "paperwire")
# The variable, else the address `paperwire serve` recorded in the data directory.
SITE_URL_SET = env_optional_str("PAPERWIRE_SITE_URL") is not None
SITE_URL = site_url(env_optional_str("PAPERWIRE_SITE_URL"), DATA_DIR)
# `paperwire serve`: gunicorn processes with --prod (without --workers), and debug mode on a
# network address only when the admin says so (see docs/deploy.md).
WEB_WORKERS = env_int("PAPERWIRE_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1, minimum=1)
ALLOW_DEBUG_ON_NETWORK = env_bool("PAPERWIRE_ALLOW_DEBUG_ON_NETWORK", False)

_secret = env_optional_str("PAPERWIRE_SECRET_KEY")
if _secret is None:
    if not DEBUG:
        # Production names its key: every machine serving the site must share it.
        raise SettingError("PAPERWIRE_SECRET_KEY must be set when PAPERWIRE_DEBUG is off")
    # A random key made on first start and kept in the data directory, never a
    # fixed one: debug mode may be reachable from the network (see serve).
    _secret = stored_key(DATA_DIR)
SECRET_KEY = _secret
_weakness = key_weakness(SECRET_KEY)
if not DEBUG and _weakness is not None:
    # Sessions, password-reset and email links are signed with it: a guessable key lets anyone forge them.
    raise SettingError(f"PAPERWIRE_SECRET_KEY {_weakness}, e.g. the output of: {HOW_TO_MAKE_ONE}")

ALLOWED_HOSTS = env_list("PAPERWIRE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
if not DEBUG and "*" in ALLOWED_HOSTS:
    # Absolute links (password resets, digests) are built from the Host header a client sends.
    raise SettingError(
        "PAPERWIRE_ALLOWED_HOSTS=* accepts any Host header; list the names this server answers to, "
        "e.g. PAPERWIRE_ALLOWED_HOSTS=papers.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("PAPERWIRE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before allauth so its templates under accounts/templates override allauth's.
    "paperwire.accounts",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    # Not a domain app: holds the tables of the shared helpers (rate-limit counters).
    "paperwire.lib",
    "paperwire.ops",
    "paperwire.papers",
    "paperwire.ingest",
    "paperwire.search",
    "paperwire.community",
    "paperwire.library",
    "paperwire.digests",
    "paperwire.channels",
    "paperwire.api",
    # django-ninja ships the Swagger UI assets for /api/docs (no CDN).
    "ninja",
    "paperwire.feeds",
    "paperwire.front",
]

MIDDLEWARE = [
    "paperwire.ops.metrics.RequestMetricsMiddleware",
    "paperwire.lib.body_limit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "paperwire.api.middleware.ReadOnlyCorsMiddleware",
    "paperwire.api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "paperwire.lib.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "paperwire.urls"
WSGI_APPLICATION = "paperwire.wsgi.application"

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
                "paperwire.ops.context_processors.site",
            ],
            # {{ url|http_url }} in every template: links from imported data are http(s) or nothing.
            "builtins": ["paperwire.lib.http_urls"],
        },
    },
]

# --- database -------------------------------------------------------------

DATABASE_URL = env_optional_str("PAPERWIRE_DATABASE_URL")
if DATABASE_URL:
    try:
        _db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True))
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise SettingError(f"PAPERWIRE_DATABASE_URL is not a usable database URL: {exc}") from None
    if _db.get("ENGINE") != "django.db.backends.postgresql":
        raise SettingError("PAPERWIRE_DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)")
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        # PAPERWIRE_SQLITE_PATH lets a subprocess (e.g. a worker started by a test)
        # open the same file as its parent, such as pytest's test database.
        "NAME": env_path("PAPERWIRE_SQLITE_PATH", str(DATA_DIR / "paperwire.sqlite3")),
        "OPTIONS": {
            # IMMEDIATE transactions take the write lock up front, so two
            # writers queue on busy_timeout instead of failing with
            # "database is locked" half-way through a transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=30000;PRAGMA foreign_keys=ON;"
            ),
        },
        "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
    }
DATABASES = {"default": _db}
USING_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, tasks ---------------------------------------------------------

REDIS_URL = env_optional_str("PAPERWIRE_REDIS_URL")
if REDIS_URL:
    CACHES: dict[str, Any] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    TASKS: dict[str, Any] = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": list(QUEUES_IN_ORDER)},
    }
    # One rq queue per work class; workers listen to them in this order (paperwire/ops/work_classes.py).
    RQ_QUEUES = {name: {"URL": REDIS_URL} for name in QUEUES_IN_ORDER}
    INSTALLED_APPS.append("django_rq")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": list(QUEUES_IN_ORDER)}}

# Tests and one-off commands may run tasks in-process instead of queueing them.
if env_bool("PAPERWIRE_TASKS_IMMEDIATE", False):
    TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": list(QUEUES_IN_ORDER)}
    }
# A bulk task works for about this long, then queues the rest as a new task,
# so urgent work (account email) never waits longer than one slice. docs/settings.md
JOB_SLICE_SECONDS = env_float("PAPERWIRE_JOB_SLICE_SECONDS", 1.0, minimum=0.1)

# --- auth -----------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Sign-up asks for both, so log-in takes either ("Username or email").
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# allauth signs in only a browser that still holds the sign-up's session;
# paperwire's confirm view (accounts/confirm_email.py) signs in any browser
# the link is opened in, once: the link works only while the address is unverified.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Rate limits on sign-up and log-in answered with paperwire's 429 page.
ACCOUNT_ADAPTER = "paperwire.accounts.adapter.AccountAdapter"
# Log-in failures counted per client; sign-up answers alike for known and new addresses.
ACCOUNT_FORMS = {"login": "paperwire.accounts.forms.LoginForm", "signup": "paperwire.accounts.forms.SignupForm"}

# --- email ----------------------------------------------------------------

EMAIL_BACKEND = env_str("PAPERWIRE_EMAIL_BACKEND", "")
EMAIL_HOST = env_str("PAPERWIRE_SMTP_HOST", "")
EMAIL_PORT = env_int("PAPERWIRE_SMTP_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("PAPERWIRE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = env_str("PAPERWIRE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PAPERWIRE_SMTP_STARTTLS", False)
EMAIL_USE_SSL = env_bool("PAPERWIRE_SMTP_SSL", False)
EMAIL_TIMEOUT = env_int("PAPERWIRE_SMTP_TIMEOUT", 20, minimum=1)
EMAIL_FILE_PATH = DATA_DIR / "mail"
if not EMAIL_BACKEND:
    # No SMTP host configured: keep every message as a file under
    # var/mail so a newcomer can finish sign-up without a mail server.
    EMAIL_BACKEND = (
        "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.filebased.EmailBackend"
    )
DEFAULT_FROM_EMAIL = env_str("PAPERWIRE_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
REPLY_TO_EMAIL = env_optional_str("PAPERWIRE_REPLY_TO_EMAIL")

# --- static files, i18n ---------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# paperwire/static (site.css, favicon) belongs to no app, so the app finder would miss it.
STATICFILES_DIRS = [BASE_DIR / "static"]
# whitenoise warns about a missing STATIC_ROOT; an empty one is fine with finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# --- security -------------------------------------------------------------

SESSION_COOKIE_SECURE = not DEBUG and SITE_URL.startswith("https")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and SITE_URL.startswith("https"):
    # Behind the TLS proxy of docs/deploy.md, which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("PAPERWIRE_HSTS_SECONDS", 31_536_000, minimum=0)
# The largest upload (a library import) in MB of 1,000,000 bytes. Every request
# body is capped at that plus room for a form's other fields, before it is read
# (lib/body_limit.py); uploads stay in memory, never in temporary files.
MAX_UPLOAD_MB = env_int("PAPERWIRE_MAX_UPLOAD_MB", 5, minimum=1, maximum=100)
MAX_BODY_BYTES = MAX_UPLOAD_MB * 1_000_000 + 100_000
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES

RATELIMIT_ENABLED = env_bool("PAPERWIRE_RATELIMIT_ENABLED", True)
# Counters every web process shares: Redis when there is one, else a database table.
RATELIMIT_STORE = "cache" if REDIS_URL else "database"
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client (paperwire/lib/client_ip.py).
TRUSTED_PROXIES = env_networks("PAPERWIRE_TRUSTED_PROXIES", [])
# Upstream thumbnails on cards and paper pages, loaded by the reader's browser from
# these hosts (HF's thumbnail CDN); off: no remote image at all. docs/settings.md
REMOTE_IMAGES = env_bool("PAPERWIRE_REMOTE_IMAGES", False)
# paperwire's own copies of upstream thumbnails (fetched by the worker when REMOTE_IMAGES is off).
THUMBNAIL_DIR = env_path("PAPERWIRE_THUMBNAIL_DIR", str(DATA_DIR / "thumbnails"))
THUMBNAIL_MAX_BYTES = env_int("PAPERWIRE_THUMBNAIL_MAX_BYTES", 5_000_000, minimum=10_000)
REMOTE_IMAGE_HOSTS = env_list("PAPERWIRE_REMOTE_IMAGE_HOSTS", ["cdn-thumbnails.huggingface.co"])
for _host in REMOTE_IMAGE_HOSTS:
    if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?", _host.lower()):
        raise SettingError(f"PAPERWIRE_REMOTE_IMAGE_HOSTS: {_host!r} is not a host name (no scheme, no path)")
# Strict Content-Security-Policy (django-csp): scripts, styles and fonts (KaTeX's)
# only from this site, nothing inline. /api/docs and /dev/mail widen it for their own page only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "font-src": [SELF],
        "img-src": [SELF, *(f"https://{host}" for host in REMOTE_IMAGE_HOSTS if REMOTE_IMAGES)],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# /metrics: with a token, only `Authorization: Bearer <token>`; without one, only loopback peers.
METRICS_TOKEN = env_optional_str("PAPERWIRE_METRICS_TOKEN")

# --- product rules --------------------------------------------------------

SUBMIT_MAX_AGE_DAYS = env_int("PAPERWIRE_SUBMIT_MAX_AGE_DAYS", 14, minimum=0)
SUBMIT_DAILY_LIMIT = env_int("PAPERWIRE_SUBMIT_DAILY_LIMIT", 5, minimum=0)
# Papers waiting for the worker to fetch them from arXiv; past this, new ones get 503 + Retry-After.
SUBMIT_QUEUE_LIMIT = env_int("PAPERWIRE_SUBMIT_QUEUE_LIMIT", 50, minimum=1)
# A person's library: tags one import may create, and tags a person may have in all. docs/personal.md
IMPORT_NEW_TAGS = env_int("PAPERWIRE_IMPORT_NEW_TAGS", 100, minimum=0)
TAGS_PER_PERSON = env_int("PAPERWIRE_TAGS_PER_PERSON", 1000, minimum=1)
# Papers one person may have waiting for arXiv (imports and submissions together). docs/personal.md
ARXIV_FETCHES_PER_PERSON = env_int("PAPERWIRE_ARXIV_FETCHES_PER_PERSON", 200, minimum=1)
# How long an id arXiv said it does not know is answered from memory, not asked again. docs/ingest.md
ARXIV_UNKNOWN_HOURS = env_int("PAPERWIRE_ARXIV_UNKNOWN_HOURS", 24, minimum=0)
ARXIV_API_URL = env_str("PAPERWIRE_ARXIV_API_URL", "https://export.arxiv.org/api/query")
ARXIV_OAI_URL = env_str("PAPERWIRE_ARXIV_OAI_URL", "https://oaipmh.arxiv.org/oai")
ARXIV_REQUEST_INTERVAL = env_float("PAPERWIRE_ARXIV_REQUEST_INTERVAL", 3.0, minimum=0.0)
# Zotero's web API (v3), which connected Zotero libraries are pulled from. docs/personal.md#zotero
ZOTERO_API_URL = env_str("PAPERWIRE_ZOTERO_API_URL", "https://api.zotero.org").rstrip("/")
# OAI sets the worker harvests every 6 hours (e.g. "cs,stat"); empty: no periodic harvest. docs/ingest.md
ARXIV_HARVEST_SETS = env_list("PAPERWIRE_ARXIV_HARVEST_SETS", [])
# arXiv metadata for papers that lack it (Hugging Face imports …), asked by the worker. docs/ingest.md
ARXIV_ENRICH = env_bool("PAPERWIRE_ARXIV_ENRICH", True)
ARXIV_ENRICH_INTERVAL_MINUTES = env_int("PAPERWIRE_ARXIV_ENRICH_INTERVAL", 30, minimum=1)
ARXIV_ENRICH_BATCHES = env_int("PAPERWIRE_ARXIV_ENRICH_BATCHES", 100, minimum=1)
ARXIV_RECHECK_DAYS = env_int("PAPERWIRE_ARXIV_RECHECK_DAYS", 30, minimum=0)
# Upstreams speaking HF's daily-papers API (https://huggingface.co, another paperwire) that
# the worker and `paperwire follow` catch up from; empty: follow nothing. docs/ingest.md
FOLLOW = env_list("PAPERWIRE_FOLLOW", [])
FOLLOW_INTERVAL_MINUTES = env_int("PAPERWIRE_FOLLOW_INTERVAL", 30, minimum=1)
FOLLOW_REQUEST_INTERVAL = env_float("PAPERWIRE_FOLLOW_REQUEST_INTERVAL", 1.0, minimum=0.0)
FOLLOW_REFRESH_DAYS = env_int("PAPERWIRE_FOLLOW_REFRESH_DAYS", 3, minimum=0)
FOLLOW_BACKFILL_DAYS = env_int("PAPERWIRE_FOLLOW_BACKFILL_DAYS", 30, minimum=0)
FOLLOW_TIMEOUT = env_float("PAPERWIRE_FOLLOW_TIMEOUT", 30.0, minimum=0.1)
FOLLOW_PAGE_SIZE = env_int("PAPERWIRE_FOLLOW_PAGE_SIZE", 100, minimum=1, maximum=100)
# A Hugging Face Hub (https://huggingface.co or compatible) the worker asks which models,
# datasets and Spaces cite each recent paper; empty: never asked. docs/reading-lists.md
HF_HUB = env_str("PAPERWIRE_HF_HUB", "").rstrip("/")
HF_HUB_REQUEST_INTERVAL = env_float("PAPERWIRE_HF_HUB_REQUEST_INTERVAL", 1.0, minimum=0.0)
DIGEST_SEND_HOUR = env_int("PAPERWIRE_DIGEST_SEND_HOUR", 7, minimum=0, maximum=23)
DIGEST_RATE_PER_SECOND = env_float("PAPERWIRE_DIGEST_RATE_PER_SECOND", 0.0, minimum=0.0)
EMBEDDER = env_str("PAPERWIRE_EMBEDDER", "paperwire.search.embedder.MiniLMEmbedder")

# --- search (paperwire/search, docs/search.md) -----------------------------
# Embedded mode keeps its usearch ANN index here, one folder per database.
SEARCH_INDEX_DIR = env_path("PAPERWIRE_SEARCH_INDEX_DIR", str(DATA_DIR / "search"))
# Papers embedded per database transaction by the indexer.
SEARCH_INDEX_BATCH = env_int("PAPERWIRE_SEARCH_INDEX_BATCH", 32, minimum=1, maximum=10_000)

# --- api (paperwire/api) ---------------------------------------------------

# Origins allowed to read the JSON API from a browser ("*" for any), through
# django-cors-headers on reads of /api/ only (paperwire.api.middleware).
CORS_ALLOWED_ORIGINS = env_list("PAPERWIRE_CORS_ALLOWED_ORIGINS", ["*"])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_ALLOW_HEADERS = ["Accept", "Authorization", "Content-Type"]
CORS_EXPOSE_HEADERS = ["Link", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400
# Requests per minute per client (user, else address) on the JSON API.
API_READ_RATE_LIMIT = env_int("PAPERWIRE_API_READ_RATE_LIMIT", 600, minimum=1)
API_WRITE_RATE_LIMIT = env_int("PAPERWIRE_API_WRITE_RATE_LIMIT", 60, minimum=1)
# Rankings from pasted papers (anonymous POST /for-you, POST /api/v1/recommendations)
# per minute per client: each reads every candidate's vector. docs/personal.md
RECOMMEND_RATE_LIMIT = env_int("PAPERWIRE_RECOMMEND_RATE_LIMIT", 10, minimum=1)
# Seconds a public list or search answer may be served from the cache (0: never).
API_CACHE_SECONDS = env_int("PAPERWIRE_API_CACHE_SECONDS", 10, minimum=0)

# --- digests (docs/digests.md) --------------------------------------------

DIGEST_BATCH_SIZE = env_int("PAPERWIRE_DIGEST_BATCH_SIZE", 100, minimum=1)
# A claimed batch whose worker died is claimable again after this long.
DIGEST_CLAIM_LEASE_SECONDS = env_int("PAPERWIRE_DIGEST_CLAIM_LEASE_SECONDS", 300, minimum=1)
DIGEST_RETRY_BASE_SECONDS = env_int("PAPERWIRE_DIGEST_RETRY_BASE_SECONDS", 60, minimum=1)
DIGEST_MAX_ATTEMPTS = env_int("PAPERWIRE_DIGEST_MAX_ATTEMPTS", 8, minimum=1)
DIGEST_BOUNCE_THRESHOLD = env_int("PAPERWIRE_DIGEST_BOUNCE_THRESHOLD", 3, minimum=1)
DIGEST_CONFIRM_MAX_AGE_DAYS = env_int("PAPERWIRE_DIGEST_CONFIRM_MAX_AGE_DAYS", 7, minimum=1)
DIGEST_LINK_MAX_AGE_DAYS = env_int("PAPERWIRE_DIGEST_LINK_MAX_AGE_DAYS", 365, minimum=1)
DIGEST_FEEDBACK_MAX_AGE_DAYS = env_int("PAPERWIRE_DIGEST_FEEDBACK_MAX_AGE_DAYS", 60, minimum=1)
DIGEST_LIST_ID = env_str("PAPERWIRE_DIGEST_LIST_ID", "")
# PostgreSQL only: record sends without waiting for each WAL flush (see docs/digests.md).
DIGEST_ASYNC_COMMIT = env_bool("PAPERWIRE_DIGEST_ASYNC_COMMIT", True)
# --- chat channels (docs/personal.md) ---------------------------------------

# The instance's destinations: Apprise URLs separated by spaces (URLs may hold commas). Trusted.
CHANNELS = env_str("PAPERWIRE_CHANNELS", "").split()
# Let people's destinations point at loopback and private addresses (the worker connects there).
CHANNEL_ALLOW_PRIVATE = env_bool("PAPERWIRE_CHANNEL_ALLOW_PRIVATE", False)
CHANNEL_TIMEOUT_SECONDS = env_int("PAPERWIRE_CHANNEL_TIMEOUT_SECONDS", 10, minimum=1, maximum=120)
CHANNEL_RETRY_BASE_SECONDS = env_int("PAPERWIRE_CHANNEL_RETRY_BASE_SECONDS", 60, minimum=0)
# Failures in a row after which a destination is switched off and its owner emailed.
CHANNEL_MAX_FAILURES = env_int("PAPERWIRE_CHANNEL_MAX_FAILURES", 5, minimum=1)
CHANNEL_CLAIM_LEASE_SECONDS = env_int("PAPERWIRE_CHANNEL_CLAIM_LEASE_SECONDS", 300, minimum=1)
# Trending (docs/trending.md): score = (upvotes + weight x comments + 1) / (age_hours + 2) ^ gravity.
TRENDING_GRAVITY = env_float("PAPERWIRE_TRENDING_GRAVITY", 1.8, minimum=0.0)
TRENDING_COMMENT_WEIGHT = env_float("PAPERWIRE_TRENDING_COMMENT_WEIGHT", 2.0, minimum=0.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("PAPERWIRE_LOG_LEVEL", "INFO")},
    # Apprise's debug lines print whole destination URLs, which are secrets.
    "loggers": {"apprise": {"level": "WARNING"}},
}
