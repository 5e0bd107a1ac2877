"""The Celery application, schema-aware through tenant-schemas-celery.

A task sent while an org's schema is active carries that schema in its
``_schema_name`` header and runs in it; ``volmify.tasks.enqueue_on_commit``
sets the header explicitly so no task depends on ambient state.

DJANGO_SETTINGS_MODULE is not defaulted here: importing the ``volmify``
package (as ``python -m volmify.localservices`` does) must not change the
environment its child processes inherit. ``make dev`` and docker compose set it.
"""

from tenant_schemas_celery.app import CeleryApp

app = CeleryApp("volmify")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
