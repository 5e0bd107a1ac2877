"""Query strings read through Django forms: a bad value is a 400 naming the field, never a 500.

``CharField`` refuses NUL bytes (``ProhibitNullCharactersValidator``) and over-long text,
``DecimalField`` refuses NaN, infinities and numbers too big for the column, ``IntegerField`` with
bounds refuses ids PostgreSQL could not compare.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# the largest value of a PostgreSQL integer/serial column: larger ids cannot exist
MAX_ID = 2**31 - 1
SEARCH_MAX_LENGTH = 100


def search_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH, **kwargs)


def id_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, **kwargs)


def query_read(form_class: type[forms.Form], request: HttpRequest) -> tuple[dict[str, Any], int]:
    """The valid filters of the query string and the status to answer with: 400 when any value was
    refused (the page still renders, without that filter, each error shown as a message)."""
    form = form_class(request.GET)
    if form.is_valid():
        return form.cleaned_data, 200
    for name, errors in form.errors.items():
        label = form.fields[name].label or name if name in form.fields else name
        for error in errors:
            messages.error(request, _("%(field)s: %(error)s") % {"field": label, "error": error})
    return form.cleaned_data, 400


def validate_upload_size(file: Any) -> None:
    """An upload at most ``settings.MAX_UPLOAD_BYTES`` long."""
    limit = settings.MAX_UPLOAD_BYTES
    if file is not None and file.size is not None and file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; files can be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
