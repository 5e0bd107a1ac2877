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

# The bench's tasks (what its webhook requests and paid orders send) go to a broker database of
# their own: a development worker on the same Redis never runs them against its own database.
if CELERY_BROKER_URL.startswith("redis+socket://"):  # noqa: F405
    CELERY_BROKER_URL = CELERY_BROKER_URL.split("?")[0] + "?virtual_host=7"  # noqa: F405
else:
    CELERY_BROKER_URL = CELERY_BROKER_URL.rsplit("/", 1)[0] + "/7"
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
