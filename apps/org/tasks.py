"""Celery tasks of the org app; they run in the public schema."""

from celery import shared_task

from apps.org.domains import DomainLookupError, org_domain_check, org_domains_pending_check
from apps.org.models import OrgDomain
from apps.org.selectors import tenant_connection
from apps.org.services import org_provision, org_provisioning_sweep


@shared_task(name="apps.org.tasks.org_provision_task", acks_late=True)
def org_provision_task(*, org_id: int) -> str:
    """Build the org's schema; returns the resulting status. A re-run on an active org is a no-op."""
    return org_provision(org_id=org_id).status


@shared_task(name="apps.org.tasks.provisioning_sweep")
def provisioning_sweep() -> int:
    return org_provisioning_sweep()


@shared_task(
    name="apps.org.tasks.org_domain_verify_task",
    autoretry_for=(DomainLookupError,),
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=5,
)
def org_domain_verify_task(*, domain_id: int) -> bool:
    """Check a pending domain's TXT record; whether it is verified now.

    A resolver failure is retried with backoff; a record not there yet is not
    (the periodic sweep checks pending domains again). Gone or verified: a no-op.
    """
    domain = OrgDomain.objects.filter(pk=domain_id).first()
    if domain is None:
        return False
    return org_domain_check(domain=domain).is_verified


@shared_task(name="apps.org.tasks.domain_verification_sweep")
def domain_verification_sweep() -> int:
    return org_domains_pending_check()


@shared_task(name="apps.org.tasks.schema_probe")
def schema_probe() -> dict[str, object]:
    """Report the schema the task ran in and who is a member there (used to prove routing)."""
    from apps.member.models import OrgMember

    return {
        "schema": tenant_connection().schema_name,
        "members": sorted(OrgMember.objects.values_list("user__email", flat=True)),
    }
