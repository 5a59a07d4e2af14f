"""Settings: every deployment choice comes from an environment variable, here and nowhere else."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JIUZHU_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "jiuzhu-insecure-development-key-change-me-in-production")
# The audit chain's key (core.audit_chain). Set it in production, keep it off the database server and
# never change it: events sealed under another key no longer verify. Derived from SECRET_KEY if unset.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY") or f"audit-chain:{SECRET_KEY}"
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jiuzhu.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at the same time; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not SQLite's in-memory database: threads of an in-memory database share one cache
    # and cannot wait for each other's lock, so the concurrent-approval test (two approvers, exactly one
    # succeeds) could not run. One file per process (pytest-django adds _gw0, _gw1... under xdist), in the
    # temporary directory so that parallel runs from the same checkout never share a file.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"jiuzhu-test-{os.getpid()}.sqlite3")
    }

INSTALLED_APPS = [
    "jiuzhu.web.adminapp.JiuzhuAdminConfig",  # django.contrib.admin, administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "jiuzhu.web.adminapp.AxesConfig",  # django-axes, named in Chinese in the admin
    "jiuzhu.core",
    "jiuzhu.accounts",
    "jiuzhu.registry",
    "jiuzhu.web",
    "jiuzhu.dibao",
    "jiuzhu.temporary",
    "jiuzhu.archives",
    "jiuzhu.transfer",
    "jiuzhu.api",
    "jiuzhu.documents",
    "jiuzhu.payments",
    "jiuzhu.reports",
    "django_tasks",
    "django_tasks_db",
    "jiuzhu.jobs",
    "jiuzhu.sharing",
    "jiuzhu.unionfunds",
    "jiuzhu.supervision",
    "jiuzhu.batchruns",
    "jiuzhu.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jiuzhu.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiuzhu.urls"
WSGI_APPLICATION = "jiuzhu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]

# Argon2 first (issue 2); the others only to read hashes made elsewhere.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic; nothing comes from a CDN
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
# Served over HTTPS (behind a TLS-terminating proxy, which sets X-Forwarded-Proto): cookies are Secure and the
# browser is told to use HTTPS only (HSTS) for SECURE_HSTS_SECONDS. See docs/security.md.
SITE_HTTPS = env_bool("SITE_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", SITE_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if SITE_HTTPS else 0
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", SITE_HTTPS) else None
)
# 等保 2.0 (登录连接超时自动退出): a session ends after SESSION_IDLE_MINUTES without a request. Every request
# moves the expiry on, so only inactivity ends it.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# Content-Security-Policy (django-csp): scripts only from this site's own files, never inline; styles also
# inline (the templates use style= attributes and the printable notices a <style> block). Nothing from a CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
# R-ARC-06 (kept as the DEFAULT access policy, OP-08): union hardship-worker archives are for the unions'
# internal use; civil-affairs staff do not see them (auditors and administrators do). 0 lifts this.
UNION_ARCHIVES_INTERNAL = env_bool("UNION_ARCHIVES_INTERNAL", True)
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)  # /api/docs and /api/openapi.json without login

# Long jobs: one queue in the database (django-tasks). `jiuzhu serve` runs a worker thread itself unless
# JOBS_IN_PROCESS=0 (then run `jiuzhu worker` beside it, as production does).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_IN_PROCESS = env_bool("JOBS_IN_PROCESS", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
