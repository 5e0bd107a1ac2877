"""Recording writes in the org's audit log.

A service that changes data records it here, inside its own transaction, so a
write that rolls back leaves no entry and an entry never describes a change
that did not happen::

    with audited(actor=actor, verb=OrgAuditEntry.Verb.UPDATE, target=product, fields=PRODUCT_FIELDS):
        ...change product...

or, for creates and deletes, ``audit_record(actor=..., verb=..., target=..., after=...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.utils.encoding import force_str

from apps.audit.models import OrgAuditEntry
from volmify.actors import Actor, actor_check, actor_label, actor_user_id

LABEL_LENGTH = OrgAuditEntry._meta.get_field("object_label").max_length or 200
VALUE_LENGTH = 500  # a long text (a lesson body) is kept as its first characters


def audit_value(value: Any) -> Any:
    """A JSON-safe, bounded copy of a field value."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(item) for item in value]
    text = force_str(value)
    return text if len(text) <= VALUE_LENGTH else text[: VALUE_LENGTH - 1] + "…"


def audit_fields(target: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``target`` (relations by id; properties and parler's translated
    attributes by value) as JSON-safe values."""
    values = {}
    parler = getattr(target, "_parler_meta", None)
    translated = set(parler.get_all_fields()) if parler is not None else set()
    for name in fields:
        if name in translated:  # in the active language; None while it has no translation in it
            translatable: Any = target
            values[name] = audit_value(translatable.safe_translation_getter(name, default=None))
            continue
        try:
            field = target._meta.get_field(name)
        except FieldDoesNotExist:
            raw = getattr(target, name)
        else:
            raw = (
                _related_label(target, field)
                if field.is_relation and field.many_to_one
                else getattr(target, name)
            )
        values[name] = audit_value(raw)
    return values


def _related_label(target: models.Model, field: Any) -> str | None:
    """A foreign key as its object's label ("Standard rate"), which reads in the log where an id
    would not; None when unset."""
    if getattr(target, field.attname) is None:
        return None
    return force_str(getattr(target, field.name))


def audit_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """``{"field": [before, after]}`` for every field whose value differs."""
    before, after = before or {}, after or {}
    changes = {}
    for name in [*before, *(key for key in after if key not in before)]:
        old, new = audit_value(before.get(name)), audit_value(after.get(name))
        if old != new:
            changes[name] = [old, new]
    return changes


def audit_record(
    *,
    actor: Actor,
    verb: str,
    target: models.Model,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    label: str | None = None,
) -> OrgAuditEntry | None:
    """Record one write on ``target`` in the active org's log; an update that changed nothing is not
    recorded. Refused outside an org's schema: the log is per org, never shared."""
    actor_check(actor)
    if getattr(connection, "schema_name", settings.PUBLIC_SCHEMA_NAME) == settings.PUBLIC_SCHEMA_NAME:
        raise RuntimeError("the audit log is per org: record writes inside an org's schema")
    changes = audit_changes(before, after)
    if verb == OrgAuditEntry.Verb.UPDATE and not changes:
        return None
    return OrgAuditEntry.objects.create(
        actor_id=actor_user_id(actor),
        actor_label=actor_label(actor),
        verb=verb,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        object_label=(label if label is not None else force_str(target))[:LABEL_LENGTH],
        changes=changes,
    )


@contextmanager
def audited(
    *, actor: Actor, verb: str, target: models.Model, fields: Iterable[str], label: str | None = None
) -> Iterator[None]:
    """Snapshot ``fields`` of ``target`` before the block and record the difference after it."""
    names = tuple(fields)
    actor_check(actor)
    before = audit_fields(target, names)
    yield
    audit_record(
        actor=actor, verb=verb, target=target, before=before, after=audit_fields(target, names), label=label
    )


def audit_record_many(
    *, actor: Actor, verb: str, records: Iterable[tuple[models.Model, Mapping[str, Any] | None, str]]
) -> None:
    """``audit_record`` of ``verb`` for many targets at once (one INSERT): each record is a target,
    its after side and its label. For writes that create or change state (never an empty update)."""
    actor_check(actor)
    if getattr(connection, "schema_name", settings.PUBLIC_SCHEMA_NAME) == settings.PUBLIC_SCHEMA_NAME:
        raise RuntimeError("the audit log is per org: record writes inside an org's schema")
    user_id, label_of_actor = actor_user_id(actor), actor_label(actor)
    OrgAuditEntry.objects.bulk_create(
        OrgAuditEntry(
            actor_id=user_id,
            actor_label=label_of_actor,
            verb=verb,
            object_type=target._meta.label_lower,
            object_id=str(target.pk),
            object_label=label[:LABEL_LENGTH],
            changes=audit_changes(None, after),
        )
        for target, after, label in records
    )


def audit_created(
    *,
    actor: Actor,
    target: models.Model,
    fields: Iterable[str],
    verb: str = OrgAuditEntry.Verb.CREATE,
    label: str | None = None,
) -> OrgAuditEntry | None:
    """Record a new ``target`` with its ``fields`` as the after side."""
    after = audit_fields(target, fields)
    return audit_record(actor=actor, verb=verb, target=target, after=after, label=label)


def audit_removing(
    *,
    actor: Actor,
    target: models.Model,
    fields: Iterable[str],
    verb: str = OrgAuditEntry.Verb.DELETE,
    label: str | None = None,
) -> OrgAuditEntry | None:
    """Record ``target``'s ``fields`` as the before side of its removal; call it before deleting, while
    the row still has its id."""
    before = audit_fields(target, fields)
    return audit_record(actor=actor, verb=verb, target=target, before=before, label=label)


def audit_translation(target: Any, language_code: str, fields: Sequence[str]) -> dict[str, Any]:
    """A parler object's stored texts in one language as ``{"title:es": ...}`` (empty when it has no
    translation in that language), for a translation's before and after."""
    row = (
        target._parler_meta.root_model.objects.filter(
            master_id=target.pk, language_code=language_code.lower()
        )
        .values(*fields)
        .first()
    )
    return {} if row is None else {f"{name}:{language_code}": audit_value(row[name]) for name in fields}
