"""Settings shared by every environment.

The public/tenant split of django-tenants is the app list below: SHARED_APPS
live in the ``public`` schema (seen across orgs), TENANT_APPS in each org's
own schema. See DESIGN.md, "Schemas".
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from volmify.settings.env import boolean, celery_broker_from_redis_url, database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "volmify-insecure-development-key-do-not-use-in-production")
DEBUG = boolean("DEBUG", False)

# Every org domain is served, so ALLOWED_HOSTS stays wide: the first middleware
# (volmify.tenancy) answers any host that is not a verified OrgDomain before
# a view runs (the designed 404; a malformed Host header gets a 400), so the
# verified-domain table is the real allow-list. Links in emails never come from
# the Host header: they are built from the org's primary verified domain with
# PLATFORM_SCHEME and PLATFORM_PORT (apps.org.selectors.org_url).
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "*").split(",")

# The platform's own domain; orgs get <slug>.<PLATFORM_DOMAIN>.
PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "localhost")
PLATFORM_PORT = os.environ.get("PLATFORM_PORT", "8000")
PLATFORM_SCHEME = os.environ.get("PLATFORM_SCHEME", "http")

# Custom domains route once a TXT record at _volmify.<host> holds their token
# (apps.org.domains). The resolver is a dotted path: real DNS here, a fake one
# whose records live in the platform cache in dev and tests.
DOMAIN_VERIFICATION_RESOLVER = os.environ.get(
    "DOMAIN_VERIFICATION_RESOLVER", "apps.org.domains.DnsPythonResolver"
)
DOMAIN_VERIFICATION_DNS_TIMEOUT = 5.0

SHARED_APPS = [
    "django_tenants",
    "apps.general",  # public: locale, currency, country registries
    "apps.org",  # public: the tenant model, domains, provisioning
    "apps.user",  # public: users and profiles
    "apps.skill",  # public: hierarchical skill taxonomy
    "apps.instructor",  # public: instructor profiles, affiliations, compensation, invitations, rollups
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "volmify.admin_apps.TwoFactorAdminConfig",  # django.contrib.admin, only after a TOTP check
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "parler",
    "apps.storefront",  # no models: storefront pages
    "apps.platform",  # no models: platform host pages (home, org sign-up), unknown host, org unavailable
    "apps.console",  # no models: /manage/ pages
    "apps.studio",  # no models: /studio/ pages
    "apps.web",  # no models: what the page areas share (role guard, base template context, money filter)
]

TENANT_APPS = [
    "apps.audit",  # tenant: OrgAuditEntry, the org's log of who changed what
    "apps.member",  # tenant: OrgMember, roles
    "apps.locale_region",  # tenant: OrgLocale, OrgBrand, OrgRegion
    "apps.product",  # tenant: OrgProduct (+ CTI extensions), variants, collections
    "apps.payment",  # tenant: payment plans, access tiers, regional prices
    "apps.course",  # tenant: courses, modules, sections, reusable lessons, progress
    "apps.ledger",  # tenant: the revenue attribution ledger, creators' payables and payouts
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "org.Org"
TENANT_DOMAIN_MODEL = "org.OrgDomain"
PUBLIC_SCHEMA_NAME = "public"
# New orgs are cloned from this schema; it is a real Org row, so migrate_schemas keeps it current.
TENANT_BASE_SCHEMA = "org_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_LIMIT_SET_CALLS = True
# The pages the tenancy middleware (volmify.tenancy) answers itself: an unknown host, and an org
# that is not serving (provisioning, failed, the template).
DEFAULT_NOT_FOUND_TENANT_VIEW = "apps.platform.views.orgs.UnknownHostView"
ORG_UNAVAILABLE_VIEW = "apps.platform.views.orgs.org_unavailable"
# Paths of the platform host answered before the page middleware (volmify.lean): webhooks only.
LEAN_VIEWS = {"/stripe/webhook/": "apps.platform.views.webhooks.stripe_webhook"}

MIDDLEWARE = [
    "volmify.csp.ContentSecurityPolicyMiddleware",  # first: early answers (page cache, 404 host) get it too
    "volmify.tenancy.CachedTenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "volmify.lean.LeanViewsMiddleware",  # the webhook: no session, language, CSRF or market work
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.storefront.middleware.StorefrontMarketMiddleware",  # region, locale, currency of the storefront
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "volmify.messages.LazyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Video lessons embed players from these hosts only (apps.course.validators.validate_video_url);
# a video file (.mp4, .webm) may come from any https host.
VIDEO_EMBED_HOSTS = os.environ.get(
    "VIDEO_EMBED_HOSTS",
    "www.youtube-nocookie.com,www.youtube.com,player.vimeo.com,fast.wistia.net,iframe.mediadelivery.net",
).split(",")

# Enforcing Content-Security-Policy (django-csp 4, sent by volmify.csp): nothing inline is allowed.
# Images (product pictures, logos, lesson images) and video files may come from any https host;
# frames only from the video players above.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "media-src": ["'self'", "https:"],
        "frame-src": [f"https://{host}" for host in VIDEO_EMBED_HOSTS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "*." + PLATFORM_DOMAIN, PLATFORM_DOMAIN],
    }
}

ROOT_URLCONF = "volmify.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "volmify.urls_public"

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
                "apps.web.context_processors.site",
                "apps.web.context_processors.member_access",
                "apps.web.context_processors.languages",
            ],
        },
    },
]

WSGI_APPLICATION = "volmify.wsgi.application"
ASGI_APPLICATION = "volmify.asgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost:5432/volmify")
DATABASES = {"default": database_settings(DATABASE_URL)}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
CACHES = {
    # Tenant data: keys are prefixed with the active schema (allauth's rate limits excepted).
    "default": {
        "BACKEND": "volmify.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "volmify.cache.make_key",  # per schema, but rate limits platform-wide
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    # Platform-wide: host lookups, sessions, rate limits. Not tenant-prefixed.
    "platform": {
        "BACKEND": "volmify.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "platform",
    },
}
TENANT_LOOKUP_CACHE_ALIAS = "platform"
TENANT_LOOKUP_CACHE_SECONDS = 300
# Each process also keeps a lookup this many seconds, saving a Redis round trip per request;
# another process sees a domain change after at most this long (this one at once).
TENANT_LOOKUP_LOCAL_SECONDS = 5

# Django's cached_db sessions; a storefront request reads its session with its market (volmify.sessions)
SESSION_ENGINE = "volmify.sessions"
SESSION_CACHE_ALIAS = "platform"

AUTH_USER_MODEL = "user.User"
# Django's and allauth's backends, reading the signed-in user from the cache (apps.user.backends).
AUTHENTICATION_BACKENDS = [
    "apps.user.backends.ModelBackend",
    "apps.user.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: email login, mandatory verification, TOTP two-factor.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "apps.user.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Volmify] "
# Counted platform-wide (volmify.cache.make_key): one budget per account ("key", the email) and per
# client address ("ip") across the platform host and every org host. The limits that answer with
# the 429 page use one-minute windows, as that page says; failed sign-ins say "5 minutes"
# (apps.user.adapters). "org_create" is ours (apps.platform.views.orgs.OrgCreateView).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "10/m/ip",
    "confirm_email": "1/3m/key",
    "org_create": "3/h/user,10/h/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Volmify"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Volmify <no-reply@volmify.localhost>")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
PARLER_LANGUAGES = {None: ({"code": "en"}, {"code": "es"}, {"code": "ar"}), "default": {"fallbacks": ["en"]}}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# public uploads only (served by the web server in production, by Django under DEBUG)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# private uploads (volmify/files.py): outside MEDIA_ROOT, served only by views that check access;
# behind nginx, set PRIVATE_MEDIA_ACCEL_PREFIX to its internal location ("/_protected/")
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
PRIVATE_MEDIA_ACCEL_PREFIX = os.environ.get("PRIVATE_MEDIA_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "volmify.files.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# the largest upload a form accepts (lesson files, digital products); the web server's body limit
# should be a little above it
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# instructor profile photos (apps.instructor.photos): the largest upload, and the square rendition's side
INSTRUCTOR_PHOTO_MAX_BYTES = int(os.environ.get("INSTRUCTOR_PHOTO_MAX_BYTES", 5 * 1024 * 1024))
INSTRUCTOR_PHOTO_SIZE = 400
# product gallery pictures (apps.product.images): the largest upload, the most pixels decoded (a
# decompression bomb is refused before decoding) and the widths of the WebP renditions made on upload
PRODUCT_IMAGE_MAX_BYTES = int(os.environ.get("PRODUCT_IMAGE_MAX_BYTES", 10 * 1024 * 1024))
PRODUCT_IMAGE_MAX_PIXELS = 40_000_000
PRODUCT_IMAGE_WIDTHS = (320, 640, 1280)

# Stripe Connect (apps.payment.stripe_api): the platform's secret key plus each org's connected account
# id on every call. With no key, the library talks to the local stand-in (volmify.stripe_standin) that
# volmify.localservices starts and names in STRIPE_API_BASE; STRIPE_API_BASE is ignored once a key is
# set. The webhook secret is the signing secret of the platform's Connect endpoint (or the stand-in's).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "").strip()
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "").strip()
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "").strip()
STRIPE_LIVEMODE = STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))
# Where the stand-in posts the events of the objects this deployment creates (sent to it as a header;
# never to Stripe): the Connect webhook endpoint on the platform host.
STRIPE_STANDIN_WEBHOOK_URL = os.environ.get(
    "STRIPE_STANDIN_WEBHOOK_URL",
    f"{PLATFORM_SCHEME}://{PLATFORM_DOMAIN}{':' + PLATFORM_PORT if PLATFORM_PORT else ''}/stripe/webhook/",
)

# Stripe's pages that a form post of ours redirects the browser to (Checkout, Connect onboarding):
# CSP's form-action also covers the redirects that follow a form submission.
STRIPE_PAGE_ORIGINS = (
    ["https://checkout.stripe.com", "https://connect.stripe.com"]
    if STRIPE_SECRET_KEY
    else [STRIPE_API_BASE]
    if STRIPE_API_BASE
    else []
)
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += STRIPE_PAGE_ORIGINS

CELERY_BROKER_URL = celery_broker_from_redis_url(REDIS_URL)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_BEAT_SCHEDULE = {
    "org-provisioning-sweep": {
        "task": "apps.org.tasks.provisioning_sweep",
        "schedule": 300.0,
    },
    "org-domain-verification-sweep": {
        "task": "apps.org.tasks.domain_verification_sweep",
        "schedule": 600.0,
    },
    "creator-rollup-sweep": {
        "task": "apps.course.tasks.creator_rollup_sweep",
        "schedule": 900.0,
    },
    "stripe-inbox-sweep": {
        "task": "apps.payment.tasks.stripe_inbox_sweep",
        "schedule": 60.0,
    },
    "ledger-sweep": {
        "task": "apps.ledger.tasks.ledger_sweep",
        "schedule": 900.0,
    },
    "earnings-rollup-sweep": {
        "task": "apps.ledger.tasks.earnings_rollup_sweep",
        "schedule": 3600.0,
    },
    "ledger-retainers-sweep": {
        "task": "apps.ledger.tasks.ledger_retainers_sweep",
        "schedule": 21600.0,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "filters": {"client_errors_in_one_line": {"()": "volmify.logs.ClientErrorsInOneLine"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default handler for "django" would print every record a second time beside
        # the root's console handler under DEBUG; one handler, the root's.
        "django": {"handlers": [], "propagate": True},
        "django.request": {"filters": ["client_errors_in_one_line"]},
        "django.db.backends": {"level": "WARNING"},
    },
}
