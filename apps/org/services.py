"""Writes to orgs: sign-up, provisioning by schema cloning, retry."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_created, audited
from apps.org.models import Org, OrgDomain
from apps.org.selectors import tenant_connection
from apps.org.signals import org_schema_ready
from volmify import schema_migrate
from volmify.actors import PROVISIONING, Actor, SystemActor, actor_check
from volmify.mfa import user_has_two_factor
from volmify.schema_clone import schema_clone
from volmify.tasks import enqueue_on_commit

# the first key of org_provision's advisory locks (the second is the org's id)
PROVISIONING_LOCK_CLASS = 0x766F6C  # "vol"

logger = logging.getLogger(__name__)


def org_schema_name(slug: str) -> str:
    """Slugs hold no underscores, so this is one-to-one."""
    return "org_" + slug.replace("-", "_")


def org_domain_name(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def platform_ensure() -> Org:
    """The public org that routes the platform domain, and the template org new orgs clone."""
    public, _ = Org.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        defaults={"name": "Volmify", "slug": "public", "status": Org.Status.ACTIVE},
    )
    OrgDomain.objects.get_or_create(
        domain=settings.PLATFORM_DOMAIN,
        defaults={"tenant": public, "is_verified": True, "verified_at": timezone.now()},
    )
    template, _ = Org.objects.get_or_create(
        schema_name=settings.TENANT_BASE_SCHEMA,
        defaults={"name": "Template", "slug": "template", "is_template": True, "status": Org.Status.ACTIVE},
    )
    if not schema_exists(template.schema_name):
        template.create_schema(check_if_exists=True, verbosity=0)
    return public


@transaction.atomic
def org_create(*, actor: Actor, name: str, slug: str) -> Org:
    """Register an org as ``provisioning`` and enqueue the task that builds its schema; a signed-in
    ``actor`` is its creator (its first owner).

    The form has already validated the slug; the unique constraints on slug,
    schema name and domain still decide a race between two sign-ups. The public schema has no
    audit log: provisioning records the creation as the first entry of the new org's log.
    """
    actor_check(actor)
    org = Org.objects.create(
        name=name,
        slug=slug,
        schema_name=org_schema_name(slug),
        created_by=None if isinstance(actor, SystemActor) else actor,
        status=Org.Status.PROVISIONING,
    )
    OrgDomain.objects.create(  # inside the platform's namespace: the platform controls it
        domain=org_domain_name(slug),
        tenant=org,
        is_primary=True,
        is_verified=True,
        verified_at=timezone.now(),
    )
    _enqueue_provisioning(org)
    return org


def _enqueue_provisioning(org: Org) -> None:
    from apps.org.tasks import org_provision_task

    enqueue_on_commit(org_provision_task, schema_name=settings.PUBLIC_SCHEMA_NAME, org_id=org.pk)


def org_provision(*, actor: Actor, org_id: int) -> Org:
    """Clone the template schema for the org (``volmify.schema_clone``: its time does not grow
    with the number of orgs), add its owner, and mark it active.

    Idempotent: an active org is left alone. On any failure the half-made
    schema is dropped and the org is marked ``failed`` with the reason, so it
    can be retried; an org is never active without its schema.
    """
    actor_check(actor)
    with _provisioning_lock(org_id) as acquired:
        org = Org.objects.get(pk=org_id, is_template=False)  # read after the lock: another may have finished
        if not acquired or org.status == Org.Status.ACTIVE:
            return org  # not acquired: another worker (the task, the sweep) is provisioning it now
        return _provision_locked(org, actor=actor)


@contextmanager
def _provisioning_lock(org_id: int) -> Iterator[bool]:
    """A PostgreSQL advisory lock per org (held by this connection's session, not a transaction),
    so two workers never clone the same schema at once; yields whether it was acquired."""
    key = (PROVISIONING_LOCK_CLASS, org_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


ORG_AUDIT_FIELDS = ("name", "slug", "schema_name", "created_by")


def _provision_locked(org: Org, *, actor: Actor) -> Org:
    try:
        _schema_drop(org.schema_name)  # what a crashed earlier attempt may have left
        _schema_build(org.schema_name)
        with schema_context(org.schema_name), transaction.atomic():
            # the first entry of the org's log: who created it
            audit_created(actor=org.created_by or PROVISIONING, target=org, fields=ORG_AUDIT_FIELDS)
            org_schema_ready.send(sender=Org, org=org, actor=actor)
    except Exception as error:
        logger.exception("Provisioning org %s failed", org.slug)
        _schema_drop(org.schema_name)
        org.status = Org.Status.FAILED
        org.failure_reason = f"{type(error).__name__}: {error}"[:2000]
        org.save(update_fields=["status", "failure_reason"])
        return org
    org.status = Org.Status.ACTIVE
    org.failure_reason = ""
    org.provisioned_at = timezone.now()
    org.save(update_fields=["status", "failure_reason", "provisioned_at"])
    return org


def _schema_build(schema_name: str) -> None:
    """Clone the template (its rows record the migrations it has), then apply what it lacked:
    between a deploy's new code and ``migrate_orgs`` reaching the template, a clone is behind."""
    schema_clone(settings.TENANT_BASE_SCHEMA, schema_name)
    if schema_migrate.migrations_missing(schema_name):
        result = schema_migrate.migrate_schema(schema_name)
        if result.error:
            raise RuntimeError(f"Migrating the new schema failed: {result.error.strip().splitlines()[-1]}")
    tenant_connection().set_schema_to_public()


def _schema_drop(schema_name: str) -> None:
    if schema_name in {settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA}:
        raise ValueError(f"Refusing to drop the {schema_name} schema.")
    tenant_connection().set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')


@transaction.atomic
def org_provision_retry(*, actor: Actor, org: Org) -> Org:
    """Send a failed org back to provisioning."""
    actor_check(actor)
    org = Org.objects.select_for_update().get(pk=org.pk)
    if org.status != Org.Status.FAILED:
        return org
    org.status = Org.Status.PROVISIONING
    org.failure_reason = ""
    org.save(update_fields=["status", "failure_reason"])
    _enqueue_provisioning(org)
    return org


def org_provisioning_sweep(*, older_than_seconds: int = 600) -> int:
    """Re-enqueue orgs stuck in provisioning (a lost message or a killed worker)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stuck = list(Org.objects.filter(status=Org.Status.PROVISIONING, created_at__lt=cutoff, is_template=False))
    with transaction.atomic():
        for org in stuck:
            _enqueue_provisioning(org)
    return len(stuck)


@transaction.atomic
def org_two_factor_set(*, actor: AbstractBaseUser, org: Org, required: bool) -> Org:
    """Require (or stop requiring) two-factor authentication of the org's owners and admins.
    Runs in the org's schema (the console), which records it in the org's log.

    Refused while the acting user has no authenticator themselves: they would lock
    themselves out of the page they are on."""
    actor_check(actor)
    if required and not user_has_two_factor(actor):
        raise ValidationError(
            _("Set up two-factor authentication for your own account first, so you keep access."),
            code="actor_without_two_factor",
        )
    with audited(actor=actor, verb=OrgAuditEntry.Verb.SECURITY, target=org, fields=("require_two_factor",)):
        org.require_two_factor = required
        org.save(update_fields=["require_two_factor"])  # apps.org.cache_invalidation forgets its hosts
    return org
