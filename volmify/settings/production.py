"""Production: every secret from the environment; ImproperlyConfigured when one is missing."""

import os

from volmify.settings.base import *  # noqa: F403
from volmify.settings.env import (
    boolean,
    celery_broker_from_redis_url,
    database_settings,
    required,
)

DEBUG = False
SECRET_KEY = required("SECRET_KEY")
DATABASE_URL = required("DATABASE_URL")
REDIS_URL = required("REDIS_URL")
PLATFORM_DOMAIN = required("PLATFORM_DOMAIN")
PLATFORM_SCHEME = "https"
PLATFORM_PORT = ""
# Card payments need STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (base.py); without a key they are off
# (the manual provider still works), and production never talks to a stand-in.
STRIPE_API_BASE = ""

DATABASES = {"default": database_settings(DATABASE_URL)}
if boolean("DATABASE_POOL", False):
    # psycopg-pool instead of one persistent connection per worker thread. Safe with
    # django-tenants: closing a pooled connection forgets its search_path, so the
    # next request sets its own schema again.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", 2)),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", 10)),
    }
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["platform"]["LOCATION"] = REDIS_URL  # noqa: F405
CELERY_BROKER_URL = celery_broker_from_redis_url(REDIS_URL)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = boolean("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The client address that rate limits count by: behind N proxies, the Nth address from the right
# of X-Forwarded-For (allauth); 0 trusts no header and counts by the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = required("EMAIL_HOST")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = boolean("EMAIL_USE_TLS", True)


# Static files straight from gunicorn (hashed names, compressed, cached forever).
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {**STORAGES}  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
