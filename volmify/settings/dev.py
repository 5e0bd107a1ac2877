"""Local development: DEBUG on, email printed to the console."""

from volmify.settings.base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DOMAIN_VERIFICATION_RESOLVER = "apps.org.domains.FakeResolver"  # plant records: fake_txt_record_plant
INTERNAL_IPS = ["127.0.0.1"]
