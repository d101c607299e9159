"""Concerto settings: everything comes from the environment, secure unless debugging.

DATABASE_URL selects the database (an SQLite file in the checkout when unset). DEBUG is off
unless DJANGO_DEBUG asks for it; without DEBUG, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are
required and HTTPS, HSTS and secure cookies are on. A checkout reads its `.env` (written once by
`make run` with a random key and DJANGO_DEBUG=1) so that its management commands need nothing
typed; the real environment always wins over `.env`. The production variables are listed in
the README's « Déploiement » section.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# CONCERTO_ENV_FILE="" (or another path) lets a test or a server ignore the checkout's .env.
_env_file = os.environ.get("CONCERTO_ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    load_dotenv(_env_file, override=False)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "oui", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-dev-key-change-me-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    # Production: no silent default may stand in for a secret the server depends on.
    missing = [name for name, value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS))
               if not value]
    if missing:
        raise ImproperlyConfigured(
            "Concerto refuse de démarrer en production (DJANGO_DEBUG n'est pas à 1) : "
            f"variable(s) d'environnement manquante(s) : {', '.join(missing)}. "
            "DJANGO_SECRET_KEY doit être une longue chaîne aléatoire (50 caractères ou plus), "
            "DJANGO_ALLOWED_HOSTS la liste des noms du serveur séparés par des virgules "
            "(ex. concerto.mon-association.fr). Pour essayer Concerto sur son poste : `make run`."
        )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "csp",
    # Before django_tasks_db: its db_worker command is replaced by ours (lease + heartbeat).
    "concerto.tasks",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "concerto.core",
    "concerto.accounts",
    "concerto.nomenclatures",
    "concerto.directory",
    "concerto.poles",
    "concerto.meetings",
    "concerto.situations",
    "concerto.members",
    "concerto.newsletters",
    "concerto.resources",
    "concerto.advice",
    "concerto.interchange",
    "concerto.mailing",
    "concerto.reports",
    "concerto.audit",
    "concerto.backup",
    "concerto.cpom",
    "concerto.fees",
    "concerto.questionnaires",
    "concerto.events",
    "concerto.council",
    "concerto.partners",
    "concerto.conventions",
    "concerto.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "concerto.core.middleware.RequestGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: a session ended for inactivity says so on the login page.
    "concerto.accounts.middleware.IdleSessionMiddleware",
    "concerto.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a lockout noted during the login into the « compte verrouillé » page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "concerto.urls"
WSGI_APPLICATION = "concerto.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concerto" / "templates"],
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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'concerto.sqlite3'}",
        # Persistent connections: a request reuses its worker's connection (checked first, so a
        # database restart costs one reconnection, not an error) instead of opening one each time.
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (imports in the background) wait instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT for the pages' short statements: PostgreSQL compiles a statement whose estimated
    # cost is high (counts over a year of situations with EXISTS) for longer than it runs.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()

# Cache: local memory of each process by default; shared by every server process and machine
# when CONCERTO_CACHE_URL names Redis (redis://host:6379/0) or the database (« db »: the
# table made by `manage.py createcachetable`).
CACHE_URL = os.environ.get("CONCERTO_CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL in {"db", "database"}:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "concerto_cache"}}
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CONCERTO_CACHE_URL={CACHE_URL!r} n'est pas compris : redis://hôte:6379/0 pour Redis, "
        "« db » pour le cache en base (après `manage.py createcachetable`), ou rien pour la mémoire locale."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "concerto"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): 20 wrong passwords lock the account (whatever the address, so
# that guessing from many machines is stopped too), and 20 from one address lock that address,
# for CONCERTO_LOCKOUT_MINUTES; the attempts
# are in the admin, which can lift a lock, and each lock is in the access journal (accounts/signals.py).
AUTHENTICATION_BACKENDS = [
    "concerto.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 20
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "concerto.accounts.security.client_ip"
# Reverse proxies in front of the server (each adds the address it saw to X-Forwarded-For).
CONCERTO_PROXY_COUNT = int(os.environ.get("CONCERTO_PROXY_COUNT", "0"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CONCERTO_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# Coordinators, staff and admin (patient-level data) are logged out after this idle time.
CONCERTO_IDLE_TIMEOUT_MINUTES = int(os.environ.get("CONCERTO_IDLE_TIMEOUT_MINUTES", "30"))
# Two-factor authentication (TOTP, django-otp): when on, admin and staff must enrol an
# authenticator application and give its code at each login (accounts/security.py).
CONCERTO_REQUIRE_2FA = env_bool("CONCERTO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = os.environ.get("CONCERTO_OTP_ISSUER", "Concerto")

# Django's validators, in French like the rest; 12 characters at least (CNIL's advice for a
# password alone).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "concerto" / "static"]
# In production the files come from `collectstatic` (hashed names, cached for ever by browsers);
# in development straight from the apps' folders.
STATIC_MANIFEST = env_bool("CONCERTO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Imports: the largest file accepted (the reader also bounds what it decompresses, see
# interchange.reader.Limits; INTERCHANGE_READ_LIMITS overrides those bounds).
INTERCHANGE_MAX_UPLOAD_BYTES = int(os.environ.get("CONCERTO_MAX_UPLOAD_MB", "50")) * 1024 * 1024
MEDIA_ROOT = Path(os.environ.get("CONCERTO_MEDIA_ROOT", BASE_DIR / "media"))
# Reports: on PostgreSQL, run their two big statements at once on two connections (reports/session.py).
CONCERTO_REPORT_PARALLEL = env_bool("CONCERTO_REPORT_PARALLEL", True)
# CPOM actions: statutory annual hours of one full-time job, the divisor of ETP = hours / 1607.
CONCERTO_ETP_HOURS = int(os.environ.get("CONCERTO_ETP_HOURS", "1607"))
# Days before a meeting its invitees get the relance (concerto/meetings/invitations.py).
CONCERTO_RELANCE_DAYS = int(os.environ.get("CONCERTO_RELANCE_DAYS", "7"))
# The membership page offered in the fee payment notice (empty: the e-mail names no link).
CONCERTO_MEMBERSHIP_URL = os.environ.get("CONCERTO_MEMBERSHIP_URL", "")
# The association that publishes the reports (cover, author of the DOCX/PDF, running footer).
CONCERTO_ASSOCIATION_NAME = os.environ.get("CONCERTO_ASSOCIATION_NAME", "Généralistes et Addictions Hauts-de-France")
# The Word template of the DOCX reports: styles, cover, logo, footer (see reports/render/docx.py).
CONCERTO_REPORT_TEMPLATE = os.environ.get(
    "CONCERTO_REPORT_TEMPLATE", str(BASE_DIR / "concerto" / "reports" / "word" / "modele-rapport.docx")
)
# The address of the site in e-mails sent without a request (questionnaire links, reminders).
CONCERTO_PUBLIC_URL = os.environ.get("CONCERTO_PUBLIC_URL", "http://127.0.0.1:8000")

# Task queue: django-tasks (Django 6's django.tasks) with the database backend of django-tasks-db,
# on whichever database DATABASES names; `manage.py db_worker` runs the tasks (concerto/tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Production: the health endpoint fails when no worker is alive (tasks/services.check_task_queue).
CONCERTO_EXPECT_WORKER = env_bool("CONCERTO_EXPECT_WORKER", False)

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Concerto <ne-pas-repondre@concerto.local>")

# HTTPS: on unless debugging. Behind a reverse proxy that ends TLS, set
# DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (only if the proxy always sets
# that header itself), or the redirect to HTTPS loops.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the health probe of a container speaks plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if _proxy_header := env_list("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_header)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts and style sheets from our own static files only,
# no inline script nor event-handler attribute. Inline style *attributes* stay allowed (the
# report's bars get their width from data, the Django admin uses a few); style elements do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
