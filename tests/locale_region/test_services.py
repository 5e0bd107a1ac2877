import pytest
from django.core.exceptions import ValidationError

from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgLocale, OrgRegion
from apps.locale_region.selectors import market_snapshot
from apps.locale_region.services import (
    org_brand_create,
    org_locale_add,
    org_locale_set_default,
    org_region_create,
)
from apps.org.models import OrgDomain
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import OrgBrandFactory, market, org_locale


def test_first_locale_becomes_default_and_default_moves(org_a, in_org):
    in_org(org_a)
    en = org_locale_add(actor=TEST_ACTOR, locale=Locale.objects.get(locale_key="en-US"))
    es = org_locale_add(actor=TEST_ACTOR, locale=Locale.objects.get(locale_key="es-MX"))
    assert [en.is_default, OrgLocale.objects.get(pk=es.pk).is_default] == [True, False]
    org_locale_set_default(actor=TEST_ACTOR, org_locale=es)
    assert list(OrgLocale.objects.filter(is_default=True).values_list("pk", flat=True)) == [es.pk]


def test_locale_added_twice_is_refused(org_a, in_org):
    in_org(org_a)
    org_locale_add(actor=TEST_ACTOR, locale=Locale.objects.get(locale_key="en-US"))
    with pytest.raises(ValidationError):
        org_locale_add(actor=TEST_ACTOR, locale=Locale.objects.get(locale_key="en-US"))
    assert OrgLocale.objects.count() == 1


def _region_kwargs(**overrides):
    en = org_locale("en-US", is_default=True)
    kwargs = {
        "name": "Europe",
        "slug": "eu",
        "region_type": OrgRegion.RegionType.MULTI_COUNTRY,
        "currency": Currency.objects.get(code="EUR"),
        "countries": list(Country.objects.filter(alpha2__in=["DE", "FR"])),
        "locales": [en],
        "default_locale": en,
        "path_prefix": "eu",
    }
    kwargs.update(overrides)
    return kwargs


def test_region_created_with_countries_locales_and_first_is_default(org_a, in_org):
    in_org(org_a)
    region = org_region_create(actor=TEST_ACTOR, **_region_kwargs())
    assert region.is_default is True
    assert sorted(region.countries.values_list("alpha2", flat=True)) == ["DE", "FR"]
    snapshot = market_snapshot()
    assert snapshot.regions[0].slug == "eu"
    assert snapshot.regions[0].currency_code == "EUR"


def test_region_locale_the_org_does_not_author_in_is_refused(org_a, org_b, in_org):
    in_org(org_b)
    foreign = org_locale("fr-FR", is_default=True)
    in_org(org_a)
    own = org_locale("en-US", is_default=True)
    with pytest.raises(ValidationError) as error:
        org_region_create(actor=TEST_ACTOR, **_region_kwargs(locales=[foreign], default_locale=own))
    assert "locales" in error.value.message_dict
    assert OrgRegion.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"region_type": OrgRegion.RegionType.SINGLE_COUNTRY}, "countries"),
        ({"countries": []}, "countries"),
        ({"path_prefix": "manage"}, "path_prefix"),
        ({"access_type": OrgRegion.AccessType.DOMAIN, "host": ""}, "host"),
        ({"access_type": OrgRegion.AccessType.PATH_PREFIX, "path_prefix": ""}, "path_prefix"),
    ],
)
def test_region_bad_input_saves_nothing(org_a, in_org, overrides, field):
    in_org(org_a)
    with pytest.raises(ValidationError) as error:
        org_region_create(actor=TEST_ACTOR, **_region_kwargs(**overrides))
    assert field in error.value.message_dict
    assert OrgRegion.objects.count() == 0


def test_region_with_own_host_claims_it_pending_and_refuses_another_orgs_host(org_a, org_b, in_org):
    in_org(org_a)
    org_region_create(
        actor=TEST_ACTOR,
        **_region_kwargs(access_type=OrgRegion.AccessType.DOMAIN, host="EU.Alpha.example", path_prefix=""),
    )
    domain = OrgDomain.objects.get(domain="eu.alpha.example")
    assert (domain.tenant_id, domain.is_verified) == (
        org_a.pk,
        False,
    )  # pending until its DNS record is found
    in_org(org_b)
    with pytest.raises(ValidationError) as error:
        org_region_create(
            actor=TEST_ACTOR,
            **_region_kwargs(
                access_type=OrgRegion.AccessType.DOMAIN, host="eu.alpha.example", path_prefix=""
            ),
        )
    assert "host" in error.value.message_dict


def test_brand_color_and_duplicate_slug_are_refused(org_a, in_org):
    in_org(org_a)
    OrgBrandFactory(slug="acme")
    with pytest.raises(ValidationError) as error:
        org_brand_create(actor=TEST_ACTOR, name="Acme", slug="acme", primary_color="red")
    assert (
        set(error.value.message_dict) == {"slug", "primary_color"}
        or "primary_color" in error.value.message_dict
    )


def test_market_fixture_builds_five_regions(org_a, in_org):
    in_org(org_a)
    data = market(5)
    assert [region.currency.code for region in data["regions"]] == ["USD", "EUR", "MXN", "INR", "EGP"]
