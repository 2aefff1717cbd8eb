"""Settings. The environment decides what differs between a newcomer's machine and production.

DATABASE_URL  PostgreSQL in production (postgres://user@host:5432/name); SQLite when unset.
DEBUG         "1" for development pages; off unless asked for.
SECRET_KEY, ALLOWED_HOSTS  required when DEBUG is off on PostgreSQL.
TRACKER_MEDIA_ROOT  where uploaded workbooks wait for a confirm and evidence files are kept
                    (unless TRACKER_S3_BUCKET is set); media/ beside the project if unset.
"""

import importlib.util
import ipaddress
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats as _f

BASE_DIR = Path(__file__).resolve().parent.parent

DATABASE_URL = os.environ.get("DATABASE_URL", "")
# The embedded SQLite database is the demo: it may carry demo accounts and a dev key.
EMBEDDED_DB = not DATABASE_URL

DEBUG = os.environ.get("DEBUG", "1" if EMBEDDED_DB else "0") == "1"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if EMBEDDED_DB or DEBUG:
        SECRET_KEY = "embedded-demo-only-not-a-secret"
    else:
        raise ImproperlyConfigured("SECRET_KEY phải được đặt trong biến môi trường.")

_hosts = os.environ.get("ALLOWED_HOSTS", "")
if _hosts:
    ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
elif EMBEDDED_DB or DEBUG:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
else:
    raise ImproperlyConfigured("ALLOWED_HOSTS phải được đặt trong biến môi trường.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # Django REST framework is used but not installed as an app: an app's template tags load
    # with the first template of any page, and DRF's would bring all of DRF (about 25 MB) into
    # every process. Its translations come through LOCALE_PATHS below; the API renders JSON
    # only, so DRF's templates and static files are not needed.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tracker",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tracker.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Requests under /api/ resolve with the API's URL conf: other processes never load DRF.
    "tracker.api.middleware.ApiUrlconfMiddleware",
    # Errors under /api/ that no API view answered, as problem details (tracker.api).
    "tracker.api.middleware.ApiProblemsMiddleware",
    # Before every view: a control character in the path or query answers 400, never 500.
    "tracker.middleware.ControlCharactersMiddleware",
    # A reading request's small lookups (the year's due dates) read once (tracker.request_memo).
    "tracker.request_memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: five failures for a user name from one address lock that name from that
# address for an hour; the same name from another address is not locked. Behind a reverse
# proxy, TRACKER_TRUSTED_PROXIES="127.0.0.1" (addresses or networks, comma-separated) lets
# the client's address be read from the proxy's X-Forwarded-For; off by default.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "tracker.accounts.client_ip.client_ip"
try:
    TRACKER_TRUSTED_PROXIES = [
        str(ipaddress.ip_network(p.strip(), strict=False))
        for p in os.environ.get("TRACKER_TRUSTED_PROXIES", "").split(",")
        if p.strip()
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"TRACKER_TRUSTED_PROXIES: {error}") from error

# Pages load only our own files; no inline script anywhere.
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

# The Web API (tracker.api): Bearer tokens, JSON, problem details (RFC 9457) for every error.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["tracker.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tracker.api.problems.problem_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Theo dõi Công an phường điển hình, kiểu mẫu",
    "DESCRIPTION": (
        "API cho hệ thống và kịch bản của Công an các tỉnh: đọc đơn vị, bộ tiêu chí, đăng ký, "
        "kết quả, tiến độ trong phạm vi của mã truy cập; sửa kết quả có kiểm tra phiên bản "
        "(If-Match), các bước công nhận, tải minh chứng, nhập tệp (chạy thử với ?dry_run=1). "
        "Mọi lỗi theo dạng problem details (RFC 9457), bằng tiếng Việt."
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API's addresses are in their own URL conf (tracker.api.middleware).
    "SERVE_URLCONF": "tracker.api.urls",
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ResultStatusEnum": "tracker.assessments.models.ResultStatus",
        "AssessmentStatusEnum": "tracker.assessments.models.AssessmentStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.add_problems",
    ],
    # Swagger UI from our own static files (drf-spectacular-sidecar): nothing from the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
                "tracker.rounds.views.work_count",
            ],
            # The completion figure's filter, in every template without a {% load %}.
            "builtins": ["tracker.templatetags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, with a Vietnamese message (tracker.accounts.passwords).
    {"NAME": "tracker.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Warnings and errors, with their tracebacks, go to standard error (what gunicorn and systemd
# keep), each with the request's path and user id; errors are also mailed to ADMINS
# (TRACKER_ADMINS="Name <a@example>, b@example") when DEBUG is off. Mail goes through the SMTP
# server of EMAIL_HOST (EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS),
# or is printed on standard output when EMAIL_HOST is unset (EMAIL_BACKEND, a dotted path,
# chooses another). The password reset e-mails (/quen-mat-khau/) go the same way.
ADMINS = [(n, a) for n, a in getaddresses([os.environ.get("TRACKER_ADMINS", "")]) if a]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "root@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS") == "1"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# The sender of the reminders (send_reminders), and the address their links start with.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# A password reset link works once, for this many seconds (a day by default; Django's is 3).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(24 * 3600)))
if os.environ.get("TRACKER_SITE_URL"):
    TRACKER_SITE_URL = os.environ["TRACKER_SITE_URL"].rstrip("/")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "tracker.log.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s "
            "path=%(path)s user=%(user_id)s: %(message)s"
        },
        "mail": {"format": "%(message)s\n\npath=%(path)s user=%(user_id)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "level": "WARNING",
            "filters": ["request"],
            "formatter": "line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request"],
            "formatter": "mail",
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["stderr", "mail_admins"], "level": "WARNING"},
    # Django's records go to the handlers above only (its own defaults would print or
    # mail them a second time); runserver keeps its request lines, as Django has them.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Any robot can send another Host header: on standard error, never mailed.
        "django.security.DisallowedHost": {"handlers": ["stderr"], "propagate": False},
    },
}

# Report pages keep their rendered tables, and the parts they are computed from, under
# the data versions they read (tracker.data_version, tracker.reports.kept). With one app
# server the process's memory does; with several, REDIS_URL (redis://host:6379/0) names
# the Redis they share, so a page computed by one is served by every other. The
# versions are read from the database, so a kept page is never older than the data
# either way. REDIS_KEY_PREFIX keeps several sites (or test runs) apart on one Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
_REDIS_PREFIX = os.environ.get("REDIS_KEY_PREFIX", "tracker")


def _report_cache(name: str, entries: int) -> dict:
    if REDIS_URL:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{_REDIS_PREFIX}:{name}",
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": name,
        "OPTIONS": {"MAX_ENTRIES": entries},
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # A province's page is about 100 kB: at most some 30 MB per process.
    "reports": _report_cache("reports", 300),
    # The overview's rows, scopes, work-list counts, years: a few kB each at most.
    "report_parts": _report_cache("report_parts", 5000),
}
if "TRACKER_REPORT_CACHE_SECONDS" in os.environ:  # 0 turns the report cache off
    TRACKER_REPORT_CACHE_SECONDS = int(os.environ["TRACKER_REPORT_CACHE_SECONDS"])

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# Ours first; then DRF's, which is not an installed app (see INSTALLED_APPS).
LOCALE_PATHS = [
    BASE_DIR / "tracker" / "locale",
    Path(importlib.util.find_spec("rest_framework").submodule_search_locations[0]) / "locale",
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Evidence files (tracker.evidence) live in the "evidence" storage: a folder under
# MEDIA_ROOT by default, or an S3-compatible object store when TRACKER_S3_BUCKET is set,
# so that several app servers share them. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (boto3 reads them itself); TRACKER_S3_ENDPOINT_URL names a store
# other than Amazon's (MinIO, Ceph), AWS_S3_REGION_NAME its region. Nothing is public:
# every download goes through a view that checks the user's scope.
_S3_BUCKET = os.environ.get("TRACKER_S3_BUCKET", "")
if _S3_BUCKET:
    _EVIDENCE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _S3_BUCKET,
            "endpoint_url": os.environ.get("TRACKER_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("TRACKER_S3_PREFIX", ""),
            "default_acl": "private",
            "file_overwrite": False,
            # Pre-signed links (TRACKER_EVIDENCE_PRESIGNED=1) live this many seconds.
            "querystring_expire": int(os.environ.get("TRACKER_EVIDENCE_PRESIGNED_SECONDS", "60")),
        },
    }
else:
    _EVIDENCE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "evidence": _EVIDENCE_STORAGE,
}
# Evidence limits, in MB: per file, and all the files of one ward's year together.
TRACKER_EVIDENCE_MAX_FILE_MB = int(os.environ.get("TRACKER_EVIDENCE_MAX_FILE_MB", "20"))
TRACKER_EVIDENCE_MAX_ASSESSMENT_MB = int(
    os.environ.get("TRACKER_EVIDENCE_MAX_ASSESSMENT_MB", "500")
)
# Hand a download to the web server: nginx serves X-Accel-Redirect: <prefix><stored name>
# from an `internal` location aliased to MEDIA_ROOT (local storage only). Empty: Django sends it.
TRACKER_EVIDENCE_ACCEL_PREFIX = os.environ.get("TRACKER_EVIDENCE_ACCEL_PREFIX", "")
# With S3: answer a download (after the scope check) with a short-lived pre-signed link.
TRACKER_EVIDENCE_PRESIGNED = os.environ.get("TRACKER_EVIDENCE_PRESIGNED") == "1"
# Uploaded workbooks waiting for a confirm (tracker.imports.models.ImportPreview) live in
# the default storage. A folder on this server by default; when several app
# servers answer, point TRACKER_MEDIA_ROOT at a folder they share, or configure
# an S3-compatible store as "default". Nothing there is served: no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("TRACKER_MEDIA_ROOT") or BASE_DIR / "media")
# Readable by the app's own account only, as the workbooks hold unpublished results.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
if "TRACKER_IMPORT_PREVIEW_SECONDS" in os.environ:
    TRACKER_IMPORT_PREVIEW_SECONDS = int(os.environ["TRACKER_IMPORT_PREVIEW_SECONDS"])

LOGIN_URL = "login"
# Every user starts at what waits for them.
LOGIN_REDIRECT_URL = "worklist"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A form sent with an expired token: a page in the app's layout saying what to do next.
CSRF_FAILURE_VIEW = "tracker.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind HTTPS in production; a reverse proxy that ends TLS sets X-Forwarded-Proto.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "0" if DEBUG else "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if os.environ.get("SECURE_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The admin shows the history of status changes; it is never rewritten from there.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# History is read per object or per assessment, never by date alone: an index
# on the date would only slow the 39,000-row writes of an import.
SIMPLE_HISTORY_DATE_INDEX = False

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The admin's formats, named: tablib offers yaml too whenever PyYAML happens to be installed
# (a test tool brings it), and what the admin offers must not depend on that.
IMPORT_EXPORT_FORMATS = [_f.CSV, _f.XLSX, _f.TSV, _f.JSON, _f.HTML]
