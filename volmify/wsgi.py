"""WSGI entry point (gunicorn volmify.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from volmify.request import HostOnceRequest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "volmify.settings.dev")
application = get_wsgi_application()
application.request_class = HostOnceRequest  # the Host header validated once per request


def _freeze_loaded_objects() -> None:
    """Load every URL conf (and so every view) now, then move all objects loaded so far out of the
    garbage collector's generations. A web process keeps them for its whole life; without this,
    every full collection walks them again (``gc.freeze``, as Python's documentation suggests for
    pre-fork servers such as gunicorn)."""
    from django.conf import settings
    from django.urls import get_resolver

    for urlconf in (settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF):
        get_resolver(urlconf).url_patterns  # noqa: B018  (imports the views)
    gc.collect()  # what start-up left as garbage is freed, not frozen
    gc.freeze()


_freeze_loaded_objects()
