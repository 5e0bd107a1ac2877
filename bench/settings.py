"""Production-like settings for benchmarks: DEBUG off, cached templates, console email.

Cache keys carry their own prefix so the benchmark database (``volmify_bench``)
never reads host lookups or sessions cached for the development database that
shares the same Redis.
"""

from volmify.settings.base import *  # noqa: F403

DEBUG = False  # Django then wraps the template loaders in the cached loader
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

CACHES = {alias: {**config} for alias, config in CACHES.items()}  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "bench"
CACHES["platform"]["KEY_PREFIX"] = "bench-platform"

LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}  # noqa: F405
