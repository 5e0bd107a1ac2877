"""Custom domains: normalize and validate a host, claim it for an org, prove it by DNS, release it.

A host the platform controls (``<slug>.<PLATFORM_DOMAIN>`` and names under it)
routes as soon as its org claims it. Any other host is stored pending with a
token and routes only once a TXT record at ``_volmify.<host>`` holds that token
(checked by ``apps.org.tasks.org_domain_verify_task`` through the resolver
named by ``settings.DOMAIN_VERIFICATION_RESOLVER``), or platform staff verify
it in Django admin. ``volmify.tenancy.tenant_for_hostname`` ignores pending rows.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from apps.org.models import Org, OrgDomain, verification_token_new
from apps.org.validators import RESERVED_SLUGS
from volmify.actors import Actor, actor_check
from volmify.tasks import enqueue_on_commit

logger = logging.getLogger(__name__)

VERIFICATION_PREFIX = "_volmify"
HOST_MAX_LENGTH = 253
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_PORT = re.compile(r":\d*$")
# Another org may claim a host that an org claimed this long ago without ever proving it, so a
# pending claim cannot hold a domain hostage from its real owner.
STALE_CLAIM_AGE = timedelta(days=7)
# The periodic sweep stops looking for the record of claims older than this; "Check now" still does.
SWEEP_MAX_AGE = timedelta(days=30)


class DomainLookupError(Exception):
    """The resolver could not answer (timeout, server failure): worth retrying, unlike a missing record."""


def domain_normalize(value: str) -> str:
    """The canonical form of a host: trimmed, lowercase, IDNA (punycode), without port or trailing dot.

    Raises ValidationError when a label cannot be encoded.
    """
    host = _PORT.sub("", value.strip()).rstrip(".").lower()
    try:
        return ".".join(label.encode("idna").decode("ascii") if label else "" for label in host.split("."))
    except UnicodeError as error:
        raise ValidationError(
            _("Enter a valid domain name, e.g. shop.example.com."), code="invalid"
        ) from error


def verification_record_name(host: str) -> str:
    return f"{VERIFICATION_PREFIX}.{host}"


def _platform_suffix() -> str:
    return "." + settings.PLATFORM_DOMAIN.lower()


def is_platform_controlled(host: str, *, org: Org) -> bool:
    """Whether ``host`` is the org's own platform subdomain or a name under it (routes without proof)."""
    own = f"{org.slug}{_platform_suffix()}"
    return host == own or host.endswith("." + own)


def domain_validate(host: str, *, org: Org) -> None:
    """Raise ValidationError unless ``host`` (normalized) is a DNS name this org may claim."""
    labels = host.split(".")
    if (
        len(host) > HOST_MAX_LENGTH
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ValidationError(_("Enter a valid domain name, e.g. shop.example.com."), code="invalid")
    platform = settings.PLATFORM_DOMAIN.lower()
    if host == platform or host.endswith(_platform_suffix()):
        if is_platform_controlled(host, org=org):
            pass
        elif host != platform and host[: -len(_platform_suffix())].rsplit(".", 1)[-1] in RESERVED_SLUGS:
            raise ValidationError(
                _("“%(host)s” is reserved by the platform. Please choose another."),
                code="reserved",
                params={"host": host},
            )
        else:
            raise ValidationError(
                _(
                    "Names under %(platform)s belong to the platform. Use %(own)s, a name under it, "
                    "or a domain you own."
                ),
                code="platform",
                params={"platform": platform, "own": f"{org.slug}.{platform}"},
            )
    other = OrgDomain.objects.filter(domain=host).exclude(tenant=org).first()
    if other is not None and not _is_stale_claim(other):
        raise ValidationError(_("This host belongs to another organization."), code="taken")


def _is_stale_claim(domain: OrgDomain) -> bool:
    return not domain.is_verified and domain.claimed_at < timezone.now() - STALE_CLAIM_AGE


def domain_clean(value: str, *, org: Org) -> str:
    """Normalize and validate a host an org asks for; the normalized host."""
    host = domain_normalize(value)
    domain_validate(host, org=org)
    return host


@transaction.atomic
def org_domain_claim(*, actor: Actor, org: Org, host: str) -> OrgDomain:
    """Register ``host`` for ``org``: verified at once inside the org's platform namespace, else pending.

    Idempotent: claiming a host the org already holds returns its row unchanged.
    Another org's stale pending claim (``STALE_CLAIM_AGE``) gives way. A pending
    claim is checked at once after commit and again for a few minutes (the
    record is often created just after). The unique constraint on the domain
    still decides a race between two orgs. The public schema has no audit log: the region that
    claims it records the host in the org's log.
    """
    actor_check(actor)
    host = domain_clean(host, org=org)
    existing = OrgDomain.objects.filter(domain=host, tenant=org).first()
    if existing is not None:
        return existing
    stale = [row for row in OrgDomain.objects.filter(domain=host, is_verified=False) if _is_stale_claim(row)]
    for row in stale:
        logger.info("Stale claim of %s by org %s gives way to org %s", host, row.tenant_id, org.pk)
        row.delete()
    is_verified = is_platform_controlled(host, org=org)
    domain = OrgDomain.objects.create(
        domain=host,
        tenant=org,
        is_primary=False,
        is_verified=is_verified,
        verified_at=timezone.now() if is_verified else None,
        verification_token="" if is_verified else verification_token_new(),
    )
    if not is_verified:
        _enqueue_check(domain, retry_missing=True)
    return domain


def _enqueue_check(domain: OrgDomain, *, retry_missing: bool) -> None:
    from apps.org.tasks import org_domain_verify_task

    enqueue_on_commit(
        org_domain_verify_task,
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        domain_id=domain.pk,
        retry_missing=retry_missing,
    )


def org_domain_release(*, actor: Actor, org: Org, host: str) -> None:
    """Stop routing ``host`` to ``org`` (never its primary domain)."""
    actor_check(actor)
    OrgDomain.objects.filter(domain=host, tenant=org, is_primary=False).delete()


def org_domain_mark_verified(*, actor: Actor, domain: OrgDomain) -> OrgDomain:
    """Verified by hand (platform staff in Django admin); routes from now on."""
    actor_check(actor)
    if not domain.is_verified:
        domain.is_verified = True
        domain.verified_at = timezone.now()
        domain.last_check_result = ""
        domain.save(update_fields=["is_verified", "verified_at", "last_check_result"])
    return domain


def org_domain_check(*, actor: Actor, domain: OrgDomain) -> OrgDomain:
    """Look for the TXT record now; verify the domain when it holds the token.

    Records when it looked and what it found (``last_check_result``: the
    domain's status turns from pending to failed until the token is found).
    Raises DomainLookupError when the resolver fails (a caller may retry).
    """
    actor_check(actor)
    if domain.is_verified:
        return domain
    domain.last_checked_at = timezone.now()
    try:
        records = domain_resolver().txt_records(verification_record_name(domain.domain))
    except DomainLookupError:
        _check_record(domain, OrgDomain.CheckResult.LOOKUP_FAILED)
        raise
    if domain.verification_token and domain.verification_token in (record.strip() for record in records):
        domain.is_verified = True
        domain.verified_at = domain.last_checked_at
        domain.last_check_result = ""
        domain.save(update_fields=["is_verified", "verified_at", "last_checked_at", "last_check_result"])
        logger.info("Domain %s verified for org %s", domain.domain, domain.tenant_id)
        return domain
    _check_record(domain, OrgDomain.CheckResult.WRONG_VALUE if records else OrgDomain.CheckResult.NOT_FOUND)
    return domain


def _check_record(domain: OrgDomain, result: str) -> None:
    """Note an unsuccessful check with an update, not save(): routing is unchanged, so the
    receivers that drop host lookups and storefront caches must not run every sweep."""
    domain.last_check_result = result
    OrgDomain.objects.filter(pk=domain.pk).update(
        last_checked_at=domain.last_checked_at, last_check_result=result
    )


def org_domains_pending_check() -> int:
    """Enqueue one check of every pending domain claimed within ``SWEEP_MAX_AGE`` (the periodic sweep).

    How many were enqueued.
    """
    recent = OrgDomain.objects.filter(is_verified=False, claimed_at__gte=timezone.now() - SWEEP_MAX_AGE)
    ids = list(recent.values_list("pk", flat=True))
    for domain_id in ids:
        _enqueue_check(OrgDomain(pk=domain_id), retry_missing=False)
    return len(ids)


# Resolvers --------------------------------------------------------------------------------------------


class TxtResolver(Protocol):
    def txt_records(self, name: str) -> list[str]: ...


def domain_resolver() -> TxtResolver:
    resolver: TxtResolver = import_string(settings.DOMAIN_VERIFICATION_RESOLVER)()
    return resolver


class DnsPythonResolver:
    """Real DNS (dnspython): a missing name or record is an empty answer, a failure DomainLookupError."""

    def txt_records(self, name: str) -> list[str]:
        import dns.exception
        import dns.resolver

        try:
            answer = dns.resolver.resolve(name, "TXT", lifetime=settings.DOMAIN_VERIFICATION_DNS_TIMEOUT)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return []
        except dns.exception.DNSException as error:
            raise DomainLookupError(f"{name}: {error}") from error
        return [b"".join(rdata.strings).decode("utf-8", "replace") for rdata in answer]


_FAKE_KEY = "fake-dns-txt:"


class FakeResolver:
    """Development and tests: TXT records planted in the platform cache, shared by web and worker."""

    def txt_records(self, name: str) -> list[str]:
        records: list[str] = caches[settings.TENANT_LOOKUP_CACHE_ALIAS].get(_FAKE_KEY + name.lower(), [])
        return records


def fake_txt_record_plant(name: str, value: str) -> None:
    """Publish a TXT record for ``FakeResolver`` (e.g. from ``manage.py shell`` during ``make dev``)."""
    cache = caches[settings.TENANT_LOOKUP_CACHE_ALIAS]
    key = _FAKE_KEY + name.lower()
    cache.set(key, [*cache.get(key, []), value], None)
