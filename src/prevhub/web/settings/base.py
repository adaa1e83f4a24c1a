"""Settings shared by every environment.

Security-relevant defaults are strict here; `dev` and `test` relax only what they must.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from prevhub.paths import prevhub_home, uploads_path
from prevhub.web.settings.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PREVHUB_HOME = prevhub_home()

DEBUG = False
SECRET_KEY: str = ""  # each environment sets it; production demands it from the environment
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "prevhub.core",
    "prevhub.partners",
    "prevhub.people",
    "prevhub.insights",
    "prevhub.problems",
    "prevhub.safeguarding",
    "prevhub.youth",
    "prevhub.business",
    "prevhub.suicide_prevention",
    "prevhub.specials",
    "prevhub.reoffending",
    "prevhub.substances",
    "prevhub.find",
    "prevhub.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "prevhub.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "prevhub.core.middleware.NoStoreMiddleware",
    "prevhub.core.middleware.AuditContextMiddleware",
    "prevhub.core.middleware.LoginRequiredMiddleware",
    "prevhub.core.middleware.TwoFactorMiddleware",
    "prevhub.core.gate.AreaGateMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prevhub.web.urls"
WSGI_APPLICATION = "prevhub.web.wsgi.application"
ASGI_APPLICATION = "prevhub.web.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prevhub.core.context_processors.hub",
            ],
        },
    }
]

# --- Database: embedded SQLite (WAL) in PREVHUB_HOME, or PostgreSQL through DATABASE_URL.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": PREVHUB_HOME / "prevhub.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity and authentication.
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes): per username and address together, so
# one attacker cannot lock every user out from one address and one user is not locked out by
# someone else's typing elsewhere.
AXES_FAILURE_LIMIT = env_int("PREVHUB_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PREVHUB_LOGIN_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # axes would otherwise log usernames: no personal data in logs
# Behind a TLS-terminating proxy every client would share the proxy's address; then the
# client's address comes from X-Forwarded-For (set PREVHUB_BEHIND_PROXY=1 only behind one).
PREVHUB_BEHIND_PROXY = env_bool("PREVHUB_BEHIND_PROXY", False)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PREVHUB_BEHIND_PROXY else ["REMOTE_ADDR"]
)
AXES_IPWARE_PROXY_COUNT = 1 if PREVHUB_BEHIND_PROXY else None

# Sessions: an idle timeout (every request renews it) and an absolute limit at browser close.
SESSION_COOKIE_AGE = env_int("PREVHUB_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor (TOTP, django-otp): optional for everyone, required for the roles listed — by
# default every role that can read personal data, and administrators.
PREVHUB_MFA_REQUIRED_ROLES = env_list(
    "PREVHUB_MFA_REQUIRED_ROLES", ["admin", "safeguarding", "offender_manager", "youth"]
)
OTP_TOTP_ISSUER = env_str("PREVHUB_OTP_ISSUER", "Prevention Hub")

# OpenID Connect single sign-on (e.g. Microsoft Entra ID), switched on by its environment.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
PREVHUB_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if PREVHUB_OIDC_ENABLED:
    from prevhub.web.settings.oidc import *  # noqa: F403

# --- Security headers (production turns on HTTPS-only parts).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Maps: a base map only when a tile server is named (police networks often block them; the
# Find pages' data layers are drawn without one). Its origin is added to the CSP's img-src.
PREVHUB_MAP_TILE_URL = env_str("PREVHUB_MAP_TILE_URL")  # e.g. https://tile.example/{z}/{x}/{y}.png
PREVHUB_MAP_TILE_ATTRIBUTION = env_str("PREVHUB_MAP_TILE_ATTRIBUTION", "")
_tile_hosts = env_list("PREVHUB_MAP_TILE_HOSTS", [])
if PREVHUB_MAP_TILE_URL:
    _scheme, _, _rest = PREVHUB_MAP_TILE_URL.partition("://")
    _origin = f"{_scheme}://{_rest.split('/', 1)[0].replace('{s}', '*')}"
    if _origin not in _tile_hosts:
        _tile_hosts.append(_origin)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_hosts],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Internationalisation: UK English, UK time.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (front-end assets come from the npm registry at set-up, served locally).
STATIC_URL = "/static/"
STATIC_ROOT = PREVHUB_HOME / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "static"]
MEDIA_ROOT = uploads_path()
MEDIA_URL = "/uploads/"

# --- REST API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "prevhub.core.api.permissions.HubAPIPermission",
        "prevhub.core.gate.AreaPermission",
    ],
    # Only declared, readable fields sort or filter, for every view (core/api/filtering.py).
    "DEFAULT_FILTER_BACKENDS": [
        "prevhub.core.api.filtering.RestrictedFilterBackend",
        "prevhub.core.api.filtering.DeclaredOrderingFilter",
    ],
    # JSON only: DRF's browsable HTML pages draw write forms whose choices list every
    # organisation and officer, whoever asks (the API docs page is separate, at /api/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "prevhub.core.api.pagination.HubPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "prevhub.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prevention Hub API",
    "DESCRIPTION": "REST API of Prevention Hub. Token or session authentication; every "
    'endpoint requires it. Errors share one shape: {"error": {status, code, message, details}}.',
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema lists only the endpoints the caller may open (the area gate runs on each).
    "SERVE_PUBLIC": False,
    "SERVE_PERMISSIONS": ["prevhub.core.api.permissions.HubAPIPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set used by several fields.
    "ENUM_NAME_OVERRIDES": {
        "ProblemStageEnum": "prevhub.problems.models.Stage.choices",
        "RiskLevelEnum": "prevhub.safeguarding.choices.RiskLevel.choices",
    },
}

# --- Logging: request ids, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "prevhub.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "axes": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # PDF layout logs every step at INFO; fontTools every font subset.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "huey": {"level": "WARNING"},
    },
}

# --- Mail (reminders, digests): console unless configured.
EMAIL_BACKEND = env_str("PREVHUB_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("PREVHUB_FROM_EMAIL", "prevention-hub@localhost")

# --- The hub itself.
PREVHUB_FORCE_SLUG = env_str("PREVHUB_FORCE_SLUG", "force")
PREVHUB_FORCE_NAME = env_str("PREVHUB_FORCE_NAME", "Police force")
PREVHUB_SERVICE_NAME = "Prevention Hub"
PREVHUB_DEMO = env_bool("PREVHUB_DEMO", False)
#: The hub's own force as data.police.uk names it (e.g. nottinghamshire), for the dashboard
#: and the annual report; empty: the force whose recorded-crime extract the store holds.
PREVHUB_POLICE_FORCE = env_str("PREVHUB_POLICE_FORCE", "")
#: The largest crime-data file an analyst may upload on the Measure page.
PREVHUB_UPLOAD_MAX_MB = env_int("PREVHUB_UPLOAD_MAX_MB", 1024)

# --- Safeguarding register (see docs/safeguarding.md for why these defaults).
# --- Background jobs (core/jobs.py): the queue, and every schedule in one place.
# sqlite (embedded default, a file in PREVHUB_HOME), redis://host:port/db, or immediate.
PREVHUB_JOBS = env_str("PREVHUB_JOBS", "sqlite")
#: job name -> cron (minute hour day month weekday), the force's local time. A job named here
#: must be declared by an installed app's jobs.py (the admin's Jobs page lists them).
PREVHUB_SCHEDULES: dict[str, str] = {
    "problems.remind": "0 7 * * 1-5",  # overdue tasks, weekday mornings
    "safeguarding.expire": "30 6 * * *",  # orders past their end, before the digest
    "safeguarding.digest": "0 7 * * 1-5",
    "youth.alerts": "15 7 * * 1",  # renewals and cadets turning 18, Monday mornings
    "youth.retention": "0 2 * * *",  # leavers past their retention period, nightly
}

PREVHUB_SAFEGUARDING_OPEN_REVIEW_DAYS = env_int("PREVHUB_SAFEGUARDING_OPEN_REVIEW_DAYS", 90)
PREVHUB_SAFEGUARDING_RETENTION_REVIEW_YEARS = env_int(
    "PREVHUB_SAFEGUARDING_RETENTION_REVIEW_YEARS", 6
)
PREVHUB_SAFEGUARDING_DIGEST_DAYS = env_int("PREVHUB_SAFEGUARDING_DIGEST_DAYS", 7)

# --- Demand (Measure page): a repeat caller or address has this many incidents within this many
# days. No national definition exists; 3 in 28 days is the hub's default (prevhub.crime.demand).
PREVHUB_REPEAT_MIN_CALLS = env_int("PREVHUB_REPEAT_MIN_CALLS", 3)
PREVHUB_REPEAT_DAYS = env_int("PREVHUB_REPEAT_DAYS", 28)
