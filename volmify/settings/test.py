"""pytest: fast hashing, in-memory email and caches, Celery eager unless a test starts a worker."""

import os
import tempfile
from pathlib import Path

from volmify.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DOMAIN_VERIFICATION_RESOLVER = "apps.org.domains.FakeResolver"  # plant records: fake_txt_record_plant
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "tenant",
        "KEY_FUNCTION": "volmify.cache.make_key",  # per schema, but rate limits platform-wide
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    "platform": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "platform"},
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# private uploads on disk (a throwaway folder), so the no-URL storage is the one tested
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="volmify-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {
        "BACKEND": "volmify.files.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One test database per pytest process, so parallel runs on one server never collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_volmify_{os.getpid()}"}  # noqa: F405

# Tests never reach a Stripe, real or stand-in: a test hands stripe_api a fake HTTP client
# (tests/payment/stripe_fake.py), and a call without one fails loudly instead of leaving the machine.
STRIPE_SECRET_KEY = ""
STRIPE_API_BASE = ""
STRIPE_LIVEMODE = False
STRIPE_WEBHOOK_SECRET = "whsec_test_volmify"
