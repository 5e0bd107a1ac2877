"""Private uploads: stored per org outside the public media root, served only by views
that have checked the right to them.

Files someone paid for or submitted (digital products, file lessons, assignment
submissions) live in the ``private`` storage under ``orgs/<schema>/<kind>/<random>/``.
That storage has no URL: a template that asks for ``.url`` fails loudly instead of
printing a public link. A view that has checked the entitlement or role answers with
:func:`private_file_response`: an ``X-Accel-Redirect`` to the web server's internal
location when ``PRIVATE_MEDIA_ACCEL_PREFIX`` is set (production behind nginx), the
bytes through Django's ``FileResponse`` otherwise (development, tests).
"""

from __future__ import annotations

import mimetypes
import uuid
from pathlib import PurePath
from typing import cast
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

PRIVATE_STORAGE_ALIAS = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no public URL."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; link to the view that checks access.")


def private_storage() -> Storage:
    """The storage of every private upload (a callable, so settings decide it at run time)."""
    return storages[PRIVATE_STORAGE_ALIAS]


def org_prefix(schema_name: str | None = None) -> str:
    return f"orgs/{schema_name or cast(TenantDatabaseWrapper, connection).schema_name}/"


def org_upload_path(kind: str, filename: str) -> str:
    """``orgs/<schema>/<kind>/<random>/<name>``: per org, and not guessable."""
    return f"{org_prefix()}{kind}/{uuid.uuid4().hex}/{PurePath(filename).name}"


def private_file_response(file: FieldFile, *, as_attachment: bool = True) -> HttpResponseBase:
    """Answer with a private file the caller has already authorised.

    Refuses (404) a file that is missing or not stored under the active org's folder, so a
    row pointing elsewhere can never serve another org's upload."""
    name = file.name or ""
    if not name.startswith(org_prefix()) or ".." in PurePath(name).parts:
        raise Http404
    filename = PurePath(name).name
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type=_content_type(filename))
        response["X-Accel-Redirect"] = prefix + quote(name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename) or ""
    else:
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=as_attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _content_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def move_to_private(model: type[Model], field_name: str, kind: str) -> None:
    """Data migration step: move a model's files from the public media root into the
    active org's private folder (rows whose file is missing keep their name and 404)."""
    public, private = storages["default"], private_storage()
    manager = model._default_manager
    rows = manager.exclude(**{field_name: ""}).exclude(**{f"{field_name}__startswith": "orgs/"})
    for row in rows.iterator():
        old_name = getattr(row, field_name).name
        if not public.exists(old_name):
            continue
        with public.open(old_name, "rb") as handle:
            new_name = private.save(org_upload_path(kind, old_name), handle)
        manager.filter(pk=row.pk).update(**{field_name: new_name})
        public.delete(old_name)
