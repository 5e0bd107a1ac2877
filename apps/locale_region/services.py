"""Writes to the org's locales, brands and regions. Each drops the cached market snapshot on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import (
    audit_created,
    audit_fields,
    audit_record,
    audit_removing,
    audited,
)
from apps.general.models import Country, Currency, Locale
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.locale_region.selectors import storefront_content_changed
from apps.org.selectors import current_org
from volmify.actors import Actor, actor_check

Verb = OrgAuditEntry.Verb


def _changed() -> None:
    storefront_content_changed()  # market snapshot and cached storefront pages


def _locale_order() -> list[int]:
    return list(OrgLocale.objects.order_by("-is_default", "position", "id").values_list("pk", flat=True))


@transaction.atomic
def org_locale_add(*, actor: Actor, locale: Locale, is_default: bool = False) -> OrgLocale:
    """Let the org author content in ``locale``; the first locale added becomes the default."""
    actor_check(actor)
    if OrgLocale.objects.filter(locale=locale).exists():
        raise ValidationError({"locale": _("The organization already authors in this locale.")})
    is_first = not OrgLocale.objects.exists()
    position = (OrgLocale.objects.aggregate(top=Max("position"))["top"] or 0) + 1
    org_locale = OrgLocale.objects.create(locale=locale, position=position)
    audit_created(actor=actor, target=org_locale, fields=LOCALE_FIELDS, verb=Verb.ADD)
    if is_default or is_first:
        org_locale_set_default(actor=actor, org_locale=org_locale)
    _changed()
    return org_locale


LOCALE_FIELDS = ("locale", "position", "is_default")


@transaction.atomic
def org_locale_set_default(*, actor: Actor, org_locale: OrgLocale) -> OrgLocale:
    with audited(actor=actor, verb=Verb.UPDATE, target=org_locale, fields=("is_default",)):
        OrgLocale.objects.filter(is_default=True).exclude(pk=org_locale.pk).update(is_default=False)
        OrgLocale.objects.filter(pk=org_locale.pk).update(is_default=True)
        org_locale.is_default = True
    _changed()
    return org_locale


@transaction.atomic
def org_locale_remove(*, actor: Actor, org_locale: OrgLocale) -> None:
    if org_locale.is_default:
        raise ValidationError(_("Choose another default locale before removing this one."))
    if org_locale.regions.exists() or OrgRegion.objects.filter(default_locale=org_locale).exists():
        raise ValidationError(_("A region still serves this locale; remove it from the region first."))
    audit_removing(actor=actor, target=org_locale, fields=LOCALE_FIELDS, verb=Verb.REMOVE)
    org_locale.delete()
    _changed()


BRAND_FIELDS = ("name", "slug", "legal_name", "logo_url", "primary_color", "secondary_color")


def _brand_check(brand: OrgBrand) -> None:
    brand.full_clean(validate_constraints=False)
    if OrgBrand.objects.filter(slug=brand.slug).exclude(pk=brand.pk).exists():
        raise ValidationError({"slug": _("Another brand already uses this slug.")})


@transaction.atomic
def org_brand_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    legal_name: str = "",
    logo_url: str = "",
    primary_color: str = "#1f4fd6",
    secondary_color: str = "#0f172a",
) -> OrgBrand:
    brand = OrgBrand(
        name=name,
        slug=slug,
        legal_name=legal_name,
        logo_url=logo_url,
        primary_color=primary_color,
        secondary_color=secondary_color,
    )
    actor_check(actor)
    _brand_check(brand)
    brand.save()
    audit_created(actor=actor, target=brand, fields=BRAND_FIELDS)
    _changed()
    return brand


@transaction.atomic
def org_brand_update(*, actor: Actor, brand: OrgBrand, **fields: str) -> OrgBrand:
    with audited(actor=actor, verb=Verb.UPDATE, target=brand, fields=BRAND_FIELDS):
        for name, value in fields.items():
            if name not in BRAND_FIELDS:
                raise TypeError(name)
            setattr(brand, name, value)
        _brand_check(brand)
        brand.save()
    _changed()
    return brand


def _region_check(
    *,
    region: OrgRegion,
    countries: list[Country],
    locales: list[OrgLocale],
) -> None:
    errors: dict[str, list[str]] = {}
    authored = set(OrgLocale.objects.values_list("pk", flat=True))
    if not locales:
        errors.setdefault("locales", []).append(_("Choose at least one locale for the region."))
    if any(org_locale.pk not in authored for org_locale in locales):
        errors.setdefault("locales", []).append(
            _("A region can only use locales the organization authors in.")
        )
    if region.default_locale_id not in {org_locale.pk for org_locale in locales}:
        errors.setdefault("default_locale", []).append(
            _("The default locale must be one of the region's locales.")
        )
    if not countries:
        errors.setdefault("countries", []).append(_("Choose at least one country."))
    if region.region_type == OrgRegion.RegionType.SINGLE_COUNTRY and len(countries) > 1:
        errors.setdefault("countries", []).append(_("A single-country region has exactly one country."))
    if not region.currency.is_active:
        errors.setdefault("currency", []).append(_("This currency is not in use."))
    if OrgRegion.objects.filter(slug=region.slug).exclude(pk=region.pk).exists():
        errors.setdefault("slug", []).append(_("Another region already uses this slug."))
    if (
        region.path_prefix
        and OrgRegion.objects.filter(path_prefix=region.path_prefix).exclude(pk=region.pk).exists()
    ):
        errors.setdefault("path_prefix", []).append(_("Another region already uses this path prefix."))
    if region.host and OrgRegion.objects.filter(host=region.host).exclude(pk=region.pk).exists():
        errors.setdefault("host", []).append(_("Another region already uses this host."))
    if region.path_prefix in RESERVED_PREFIXES:
        errors.setdefault("path_prefix", []).append(_("This path is used by the site itself."))
    if errors:
        raise ValidationError(errors)


RESERVED_PREFIXES = {"manage", "studio", "accounts", "i18n", "static", "media", "p", "c", "catalog", "region"}


def _region_host_normalize(region: OrgRegion) -> None:
    """Store the host in its canonical form (lowercase, IDNA, no port or trailing dot)."""
    from apps.org.domains import domain_normalize

    if region.access_type == OrgRegion.AccessType.PATH_PREFIX:
        region.host = ""
    try:
        region.host = domain_normalize(region.host) if region.host.strip() else ""
    except ValidationError as error:
        raise ValidationError({"host": error.messages}) from error


def _region_host_register(region: OrgRegion, *, actor: Actor, previous_host: str) -> None:
    """Claim the region's own host for this org (a public ``OrgDomain``) and release the one it left.

    A host inside the org's platform subdomain routes at once; any other stays
    pending until its DNS record proves ownership. Another org's host, a name
    in the platform's namespace, a reserved name or a malformed one is refused.
    """
    from apps.org.domains import org_domain_claim, org_domain_release

    tenant = current_org()
    if region.host:
        try:
            org_domain_claim(actor=actor, org=tenant, host=region.host)
        except ValidationError as error:
            raise ValidationError({"host": error.messages}) from error
    is_left = previous_host and previous_host != region.host
    if is_left and not OrgRegion.objects.filter(host=previous_host).exclude(pk=region.pk).exists():
        org_domain_release(actor=actor, org=tenant, host=previous_host)


def _region_save(
    *, actor: Actor, region: OrgRegion, countries: Iterable[Country], locales: Iterable[OrgLocale]
) -> OrgRegion:
    country_list, locale_list = list(countries), list(locales)
    _region_host_normalize(region)
    region.full_clean(exclude=["countries", "locales"], validate_constraints=False)
    _region_check(region=region, countries=country_list, locales=locale_list)
    previous_host = OrgRegion.objects.filter(pk=region.pk).values_list("host", flat=True).first() or ""
    _region_host_register(region, actor=actor, previous_host=previous_host)
    if region.is_default:
        OrgRegion.objects.filter(is_default=True).exclude(pk=region.pk).update(is_default=False)
    elif not OrgRegion.objects.exclude(pk=region.pk).exists():
        region.is_default = True
    region.save()
    region.countries.set(country_list)
    region.locales.set(locale_list)
    _changed()
    return region


@transaction.atomic
def org_region_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    region_type: str,
    name_translations: dict[str, str] | None = None,
    currency: Currency,
    countries: Iterable[Country],
    locales: Iterable[OrgLocale],
    default_locale: OrgLocale,
    brand: OrgBrand | None = None,
    access_type: str = OrgRegion.AccessType.PATH_PREFIX,
    host: str = "",
    path_prefix: str = "",
    is_default: bool = False,
    position: int = 0,
) -> OrgRegion:
    """A new market. The first region becomes the default one."""
    region = OrgRegion(
        name=name,
        name_translations=name_translations or {},
        slug=slug,
        region_type=region_type,
        currency=currency,
        default_locale=default_locale,
        brand=brand,
        access_type=access_type,
        host=host,
        path_prefix=path_prefix,
        is_default=is_default,
        position=position,
    )
    actor_check(actor)
    _region_save(actor=actor, region=region, countries=countries, locales=locales)
    audit_record(actor=actor, verb=Verb.CREATE, target=region, after=_region_audit(region))
    return region


REGION_FIELDS = (
    "name",
    "name_translations",
    "slug",
    "region_type",
    "currency",
    "default_locale",
    "brand",
    "access_type",
    "host",
    "path_prefix",
    "is_default",
    "is_active",
    "position",
)


@transaction.atomic
def org_region_update(
    *,
    actor: Actor,
    region: OrgRegion,
    countries: Iterable[Country],
    locales: Iterable[OrgLocale],
    **fields: object,
) -> OrgRegion:
    """Change a region. A currency change leaves existing prices in the old currency hidden from sale."""
    actor_check(actor)
    before = _region_audit(region)
    for name, value in fields.items():
        if name not in REGION_FIELDS:
            raise TypeError(name)
        setattr(region, name, value)
    _region_save(actor=actor, region=region, countries=countries, locales=locales)
    audit_record(actor=actor, verb=Verb.UPDATE, target=region, before=before, after=_region_audit(region))
    return region


def _region_audit(region: OrgRegion) -> dict[str, Any]:
    """The region's fields, countries (codes) and locales (ids) as the audit log keeps them."""
    values = audit_fields(region, REGION_FIELDS)
    if region.pk is not None:
        values["countries"] = sorted(str(country.pk) for country in region.countries.all())
        values["locales"] = sorted(region.locales.values_list("pk", flat=True))
    return values


@transaction.atomic
def org_locale_move(*, actor: Actor, org_locale: OrgLocale, offset: int) -> None:
    """Move a locale ``offset`` places in the fallback chain (negative: earlier); the default stays first."""
    actor_check(actor)
    chain = list(OrgLocale.objects.select_for_update().order_by("-is_default", "position", "id"))
    index = next(i for i, row in enumerate(chain) if row.pk == org_locale.pk)
    first_movable = 1 if chain and chain[0].is_default else 0
    target = max(first_movable, min(len(chain) - 1, index + offset))
    if org_locale.is_default or target == index:
        return
    before = [row.pk for row in chain]
    chain.insert(target, chain.pop(index))
    for position, row in enumerate(chain, start=1):
        if row.position != position:
            OrgLocale.objects.filter(pk=row.pk).update(position=position)
    audit_record(
        actor=actor,
        verb=Verb.MOVE,
        target=org_locale,
        before={"order": before},
        after={"order": _locale_order()},
    )
    _changed()


@transaction.atomic
def org_brand_delete(*, actor: Actor, brand: OrgBrand) -> None:
    """Remove a brand; its regions and products keep selling without a brand."""
    audit_removing(actor=actor, target=brand, fields=BRAND_FIELDS)
    brand.delete()
    _changed()


@transaction.atomic
def org_region_delete(*, actor: Actor, region: OrgRegion) -> None:
    """Remove a region that has no prices yet; a priced region is deactivated instead, keeping its prices."""
    if region.is_default:
        raise ValidationError(_("Make another region the default before removing this one."))
    if region.plan_prices.exists():
        raise ValidationError(_("This region has prices; deactivate it instead of removing it."))
    audit_record(actor=actor, verb=Verb.DELETE, target=region, before=_region_audit(region))
    host = region.host
    region.delete()
    if host:
        from apps.org.domains import org_domain_release

        org_domain_release(actor=actor, org=current_org(), host=host)
    _changed()
