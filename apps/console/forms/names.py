"""Fields for a name's translations (a region's, a tax category's, a usage unit's): one optional
input per interface language beside the name itself, kept as the service's ``{language: name}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

LABELS = {
    "name": _("Name in %(language)s"),
    "unit_name": _("Unit in %(language)s"),
}


def _key(field: str, code: str) -> str:
    return f"{field}__{code}"


def name_translation_fields_add(form: forms.Form, *, field: str, max_length: int) -> None:
    """Add ``<field>__<language>`` inputs after the form's fields (optional; blank means untranslated)."""
    for code, language in settings.LANGUAGES:
        form.fields[_key(field, code)] = forms.CharField(
            label=LABELS[field] % {"language": language},
            max_length=max_length,
            required=False,
        )


def name_translations_initial(field: str, translations: Mapping[str, str]) -> dict[str, str]:
    return {_key(field, code): text for code, text in translations.items()}


def name_translations_take(cleaned_data: dict[str, Any], field: str) -> dict[str, str]:
    """Remove the translation inputs of ``field`` from ``cleaned_data``; return them as a map."""
    taken = {code: cleaned_data.pop(_key(field, code), "") or "" for code, _language in settings.LANGUAGES}
    return {code: text.strip() for code, text in taken.items() if text.strip()}
