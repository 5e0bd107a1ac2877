"""Reads of the org's audit log for the console page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.encoding import force_str

from apps.audit.models import OrgAuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """What the reader narrowed the log to; each part is optional."""

    actor_id: int | None = None
    object_type: str = ""
    object_id: str = ""


def audit_entries(*, narrow: AuditFilter) -> QuerySet[OrgAuditEntry]:
    """The org's entries, newest first, narrowed to one person and/or one kind of object or object."""
    entries = OrgAuditEntry.objects.all()
    if narrow.actor_id is not None:
        entries = entries.filter(actor_id=narrow.actor_id)
    if narrow.object_type:
        entries = entries.filter(object_type=narrow.object_type)
        if narrow.object_id:
            entries = entries.filter(object_id=narrow.object_id)
    return entries


def audit_people() -> list[tuple[int, str]]:
    """(user id, the latest label the log holds for them) for everyone who appears in the log."""
    latest: dict[int, str] = {}
    rows = OrgAuditEntry.objects.filter(actor__isnull=False).order_by("actor_id", "-created_at", "-id")
    for actor_id, label in rows.distinct("actor_id").values_list("actor_id", "actor_label"):
        latest[actor_id] = label
    return sorted(latest.items(), key=lambda item: item[1].casefold())


def audit_object_types() -> list[tuple[str, str]]:
    """(object type, its translated name) for every kind of object the log mentions."""
    types = OrgAuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    return sorted(((code, object_type_label(code)) for code in types), key=lambda item: item[1].casefold())


def object_type_label(code: str) -> str:
    """The model's translated name for ``"<app_label>.<model_name>"`` (the code, for a model that is gone)."""
    try:
        return force_str(apps.get_model(code)._meta.verbose_name)
    except (LookupError, ValueError):
        return code


def change_rows(entry: OrgAuditEntry) -> list[tuple[str, Any, Any]]:
    """(field's translated name, before, after) for each change of an entry; a value of a field with
    choices reads as its translated label ("Published", not "published")."""
    model = _model_or_none(entry.object_type)
    rows = []
    for name, (before, after) in entry.changes.items():
        choices = _choice_labels(model, name)
        rows.append((_field_label(model, name), _choice(choices, before), _choice(choices, after)))
    return rows


def _choice(choices: dict[Any, str], value: Any) -> Any:
    return choices.get(value, value) if isinstance(value, str | int | bool) else value


def _choice_labels(model: Any, name: str) -> dict[Any, str]:
    field = _field_or_none(model, name)
    if field is None or not getattr(field, "choices", None):  # reverse relations have no choices
        return {}
    return {value: force_str(label) for value, label in field.flatchoices}


def _field_or_none(model: Any, name: str) -> Any:
    if model is None:
        return None
    for meta in _metas(model):
        try:
            return meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _metas(model: Any) -> list[Any]:
    """The model's options, then its parler translations model's (translated fields live there)."""
    parler = getattr(model, "_parler_meta", None)
    return [model._meta, *([parler.root_model._meta] if parler is not None else [])]


def _model_or_none(code: str) -> Any:
    try:
        return apps.get_model(code)
    except (LookupError, ValueError):
        return None


def _field_label(model: Any, name: str) -> str:
    base, _, language = name.partition(":")  # translated fields are recorded as "title:es"
    field = _field_or_none(model, base)
    verbose_name = getattr(field, "verbose_name", None)  # a reverse relation has none
    label = force_str(verbose_name) if verbose_name is not None else base.replace("_", " ")
    return f"{label} ({language})" if language else label
