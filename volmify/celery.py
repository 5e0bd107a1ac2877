"""The Celery application, schema-aware through tenant-schemas-celery.

A task sent while an org's schema is active carries that schema in its
``_schema_name`` header and runs in it; ``volmify.tasks.enqueue_on_commit``
sets the header explicitly so no task depends on ambient state.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "volmify.settings.dev")

app = CeleryApp("volmify")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
