"""Settings for Dossier, read from the environment.

Local use needs nothing set: SQLite in the project folder, DEBUG off unless
DJANGO_DEBUG says otherwise.  Production sets DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS and usually DATABASE_URL; the site refuses to start with
DEBUG off and no real secret key.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_number(name: str, default: str, kind: type = int, optional: bool = False):
    """The variable `name` read as a number of `kind` (None when it is empty
    and `optional`), failing at start-up with an error that names it when
    it is not one."""
    value = os.environ.get(name, default).strip()
    if optional and not value:
        return None
    try:
        return kind(value)
    except ValueError:
        wanted = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name}={value!r} is not {wanted}.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Only ever used with DEBUG on; production must bring its own.
DEVELOPMENT_SECRET_KEY = "dossier-development-only-not-a-secret"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif SECRET_KEY == DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is the development key; set a real one.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "simple_history",
    "csp",
    "axes",
    "dossier",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, which answers static files itself: their responses
    # carry the same CSP and frame headers as the pages.
    "dossier.middleware.ContentSecurityPolicy",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache (dossier.cache): below
    # whitenoise, above everything a cached page need not run.
    "dossier.cache.PageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which editor made each change in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "dossier.urls"
FORM_RENDERER = "dossier.form_renderer.FormRenderer"
WSGI_APPLICATION = "dossier.wsgi.application"

# The public pages are Jinja2 templates (dossier/jinja2/, environment in
# dossier/jinja.py): a list prints hundreds of badges and cards, and Django's
# engine was most of a list page's render. The admin's templates, Django's
# and ours (templates/), stay on Django's engine.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "dossier" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "dossier.jinja.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite: WAL lets readers carry on while one editor writes; IMMEDIATE takes
# the write lock at BEGIN so two concurrent saves queue on the busy timeout
# instead of failing with "database is locked" halfway through. A list page
# at scale looks rows up across tens of megabytes (an article row sits beside
# its body), so each connection keeps up to 64 MiB of pages and reads the
# file through a memory map rather than a read() per page; connections are
# kept between requests (CONN_MAX_AGE) so that cache outlives one page.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
    ),
}

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("DJANGO_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    # An index's INCLUDE columns are PostgreSQL's (quote_public_rows, for
    # its tag counts); SQLite builds the index on its key columns alone.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# PostgreSQL planner settings for the site's connections, each overridden by
# its variable ("" leaves the server's own setting) or by the URL's options:
# - random_page_cost: a random page read costs 4 sequential ones by default, a
#   figure for spinning disks. A dossier lives in memory or on SSDs, where 1.1
#   is the usual setting; with the default the planner read whole tables to
#   join a few hundred search matches.
# - max_parallel_workers_per_gather: a page's query split over worker
#   processes competes for the CPUs the site's own workers are using, and
#   starting the processes costs more than a page's query saves (the tag
#   index's counts, the one query planned with workers, ran slower with them).
PG_SETTINGS = {
    "random_page_cost": ("DJANGO_PG_RANDOM_PAGE_COST", "1.1", float),
    "max_parallel_workers_per_gather": ("DJANGO_PG_PARALLEL_WORKERS", "0", int),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    for _name, (_variable, _default, _kind) in PG_SETTINGS.items():
        _value = env_number(_variable, _default, _kind, optional=True)
        if _value is not None and _name not in _options.get("options", ""):
            _setting = f"-c {_name}={_value}"
            _options["options"] = f"{_options.get('options', '')} {_setting}".strip()
    if not _options.get("options"):
        _options.pop("options", None)
    # Prepared statements: a page runs the same few queries with other values,
    # and PostgreSQL parsed and planned each one again. With the values sent
    # apart from the text (server-side binding), psycopg prepares a query once
    # the connection has run it DJANGO_PG_PREPARE_THRESHOLD times (or the URL's
    # prepare_threshold). Empty turns it off, as a pooler in transaction mode
    # without support for them needs (PgBouncer before 1.21).
    _options.setdefault(
        "prepare_threshold", env_number("DJANGO_PG_PREPARE_THRESHOLD", "2", optional=True)
    )
    if _options["prepare_threshold"] is not None:
        _options["server_side_binding"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# A year: whitenoise only gives hashed names this lifetime, so a new
# stylesheet gets a new URL instead of a stale cache.
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

# Anonymous readers' pages are cached whole (dossier/cache.py): removals are
# seen at once, other public edits within DJANGO_PAGE_FRESHNESS seconds (0:
# at once). Without DJANGO_CACHE_URL the pages are in each process's memory,
# bounded by DJANGO_PAGE_CACHE_BYTES, with the markers every worker of the
# host must see in a folder (dossier.cache.BoundedMemoryCache). Several hosts
# share one cache: redis://host:6379/0 (bound it with Redis's own maxmemory
# and an LRU policy), each worker keeping a copy of the pages it read, bounded
# alike (dossier.redis_pages.RedisPageCache).
DOSSIER_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=True)
DOSSIER_PAGE_FRESHNESS = env_number("DJANGO_PAGE_FRESHNESS", "10")


def page_cache(url: str) -> dict:
    # The pages each worker holds, in bytes; unset, the backends' own bound
    # (dossier.cache.DEFAULT_MAX_BYTES).
    held_bytes = env_number("DJANGO_PAGE_CACHE_BYTES", "", optional=True)
    bound = {} if held_bytes is None else {"MAX_BYTES": held_bytes}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "dossier.redis_pages.RedisPageCache",
            "LOCATION": url,
            "KEY_PREFIX": "dossier",
            # each worker's copies of the pages it read (dossier/redis_pages.py);
            # a Redis out of reach fails a request in seconds, not the system's
            # minutes, and pages are then rendered afresh (dossier/cache.py)
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5, **bound},
        }
    if url:
        # Not Django's file cache: its add() and incr() are not atomic across
        # processes, so two editors' edits could take one place in the log.
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL {url!r}: use redis://host:port/db, or leave it unset to keep "
            "pages in each worker's memory"
        )
    # The generation and the latest public edit, which every worker of this
    # host must see, go to a folder named after this site and its database.
    site = hashlib.blake2b(f"{BASE_DIR}|{DATABASES['default']['NAME']}".encode(), digest_size=6)
    return {
        "BACKEND": "dossier.cache.BoundedMemoryCache",
        "LOCATION": "dossier-pages",
        "OPTIONS": {
            "MAX_ENTRIES": 20_000,
            **bound,
            "MARKERS_FOLDER": os.path.join(
                tempfile.gettempdir(), f"dossier-pages-{site.hexdigest()}"
            ),
        },
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": page_cache(os.environ.get("DJANGO_CACHE_URL", "").strip()),
}

TAGGIT_CASE_INSENSITIVE = True

# Reasons for a change are editors' words (or an import's folder path): no
# length is safe to assume, and PostgreSQL refuses what does not fit.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGIN_URL = "admin:login"

# Behind HTTPS (production) cookies and redirects are locked down.  Serving
# plain HTTP on a laptop without DEBUG (the README's command) sets
# DJANGO_HTTPS=0.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# The public site needs no inline script or style, and loads nothing from
# elsewhere. (The admin's own templates use a few style attributes; see
# dossier.middleware.ContentSecurityPolicy.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

# Admin logins: five failures for one username from one address lock that
# pair out for an hour; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind proxies the throttle keys on the address our outermost proxy saw
# (dossier.proxy), never on what the client wrote into X-Forwarded-For.
# DJANGO_PROXY_COUNT is how many proxies of ours each request passes.
DOSSIER_PROXY_COUNT = (
    env_number("DJANGO_PROXY_COUNT", "1") if env_bool("DJANGO_BEHIND_PROXY") else 0
)
AXES_CLIENT_IP_CALLABLE = "dossier.proxy.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The admin's article intake may fetch an article's address itself only when
# this is on: otherwise editors upload the saved page or paste the text, and
# the server never reaches out to the web on a visitor's behalf.
DOSSIER_FETCH_URLS = env_bool("DOSSIER_FETCH_URLS", default=False)
