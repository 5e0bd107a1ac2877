import factory

from apps.org.models import Org, OrgDomain
from apps.org.services import org_domain_name, org_schema_name


class OrgFactory(factory.django.DjangoModelFactory):
    """An org row in ``provisioning``, without its schema (provisioning builds that)."""

    class Meta:
        model = Org

    name = factory.Sequence(lambda n: f"Org {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    schema_name = factory.LazyAttribute(lambda org: org_schema_name(org.slug))
    status = Org.Status.PROVISIONING


class OrgDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgDomain

    tenant = factory.SubFactory(OrgFactory)
    domain = factory.LazyAttribute(lambda domain: org_domain_name(domain.tenant.slug))
    is_primary = True
    is_verified = True
