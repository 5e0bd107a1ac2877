"""Drop cached host lookups whenever a domain or an org changes.

Receivers rather than services because platform staff edit these rows in
Django admin too; this is cache bookkeeping, not a business rule.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from apps.org.models import Org, OrgDomain
from volmify.tenancy import host_lookups_forget


@receiver(pre_save, sender=OrgDomain)
def _remember_previous_domain(sender, instance: OrgDomain, **kwargs) -> None:
    previous = OrgDomain.objects.filter(pk=instance.pk).values_list("domain", flat=True).first()
    instance._previous_domain = previous


@receiver(post_save, sender=OrgDomain)
@receiver(post_delete, sender=OrgDomain)
def _forget_domain(sender, instance: OrgDomain, **kwargs) -> None:
    host_lookups_forget([instance.domain, getattr(instance, "_previous_domain", None)])


@receiver(post_save, sender=Org)
@receiver(post_delete, sender=Org)
def _forget_org(sender, instance: Org, **kwargs) -> None:
    host_lookups_forget(OrgDomain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
