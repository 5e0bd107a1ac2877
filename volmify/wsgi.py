"""WSGI entry point (gunicorn volmify.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "volmify.settings.dev")
application = get_wsgi_application()
