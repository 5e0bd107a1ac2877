"""Celery tasks of the org app; they run in the public schema."""

from celery import shared_task

from apps.org.domains import DomainLookupError, org_domain_check, org_domains_pending_check
from apps.org.models import OrgDomain
from apps.org.services import org_provision, org_provisioning_sweep
from volmify.actors import DOMAIN_CHECK, PROVISIONING


@shared_task(name="apps.org.tasks.org_provision_task", acks_late=True)
def org_provision_task(*, org_id: int) -> str:
    """Build the org's schema; returns the resulting status. A re-run on an active org is a no-op."""
    return org_provision(actor=PROVISIONING, org_id=org_id).status


@shared_task(name="apps.org.tasks.provisioning_sweep")
def provisioning_sweep() -> int:
    return org_provisioning_sweep()


# After a claim, how often a missing record is looked for again, and how long to wait each time (the
# owner often creates the record just after claiming); the periodic sweep takes over after that.
MISSING_RECORD_RETRIES = 4
MISSING_RECORD_FIRST_DELAY_SECONDS = 60


@shared_task(
    name="apps.org.tasks.org_domain_verify_task",
    bind=True,
    autoretry_for=(DomainLookupError,),
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=5,
)
def org_domain_verify_task(self, *, domain_id: int, retry_missing: bool = False) -> bool:
    """Check a pending domain's TXT record; whether it is verified now.

    A resolver failure is retried with backoff. A record not there yet is
    looked for again a few times when ``retry_missing`` (right after a claim);
    the periodic sweep checks pending domains again in any case. Gone or
    verified already: a no-op.
    """
    domain = OrgDomain.objects.filter(pk=domain_id).first()
    if domain is None:
        return False
    is_verified = org_domain_check(actor=DOMAIN_CHECK, domain=domain).is_verified
    if not is_verified and retry_missing and self.request.retries < MISSING_RECORD_RETRIES:
        raise self.retry(countdown=MISSING_RECORD_FIRST_DELAY_SECONDS * 2**self.request.retries)
    return is_verified


@shared_task(name="apps.org.tasks.domain_verification_sweep")
def domain_verification_sweep() -> int:
    return org_domains_pending_check()
