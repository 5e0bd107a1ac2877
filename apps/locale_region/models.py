"""Markets of one org: the locales it authors in, its brands and its regions (tenant schema)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from volmify.names import name_in_language, name_translations_clean

HEX_COLOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #1a2b3c."))


class OrgLocale(models.Model):
    """A global locale the org authors content in; exactly one is the default (first fallback)."""

    locale = models.ForeignKey(
        "general.Locale", verbose_name=_("locale"), on_delete=models.PROTECT, related_name="+"
    )
    is_default = models.BooleanField(_("default"), default=False)
    position = models.PositiveSmallIntegerField(
        _("fallback position"), default=0, help_text=_("Lower comes first in the fallback chain.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_locale"
        ordering = ["-is_default", "position", "id"]
        verbose_name = _("org locale")
        verbose_name_plural = _("org locales")
        constraints = [
            models.UniqueConstraint(fields=["locale"], name="org_locale_unique_locale"),
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="org_locale_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.locale.locale_key

    @property
    def locale_key(self) -> str:
        return self.locale.locale_key


class OrgBrand(models.Model):  # type: ignore[django-manager-missing]
    """A brand identity the org sells under; regions and products point at one."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    logo_url = models.URLField(_("logo URL"), blank=True)
    primary_color = models.CharField(
        _("primary colour"), max_length=7, default="#1f4fd6", validators=[HEX_COLOR]
    )
    secondary_color = models.CharField(
        _("secondary colour"), max_length=7, default="#0f172a", validators=[HEX_COLOR]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_brand"
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        constraints = [models.UniqueConstraint(fields=["slug"], name="org_brand_unique_slug")]

    def __str__(self) -> str:
        return self.name


class OrgRegion(models.Model):
    """A market: countries served in one currency, with a subset of the org's locales and a brand."""

    class RegionType(models.TextChoices):
        SINGLE_COUNTRY = "single_country", _("Single country")
        MULTI_COUNTRY = "multi_country", _("Multi-country")
        LINGUISTIC = "linguistic", _("Linguistic")
        ECONOMIC = "economic", _("Economic")

    class AccessType(models.TextChoices):
        DOMAIN = "domain", _("Own domain")
        SUBDOMAIN = "subdomain", _("Subdomain")
        PATH_PREFIX = "path_prefix", _("Path prefix")

    name = models.CharField(_("name"), max_length=120)
    name_translations = models.JSONField(
        _("name in other languages"), default=dict, blank=True, help_text=_("By interface language.")
    )
    slug = models.SlugField(_("slug"), max_length=40)
    region_type = models.CharField(_("type"), max_length=20, choices=RegionType.choices)
    countries = models.ManyToManyField(
        "general.Country", verbose_name=_("countries"), related_name="+", db_table="org_region_country"
    )
    currency = models.ForeignKey(
        "general.Currency", verbose_name=_("currency"), on_delete=models.PROTECT, related_name="+"
    )
    locales = models.ManyToManyField(
        OrgLocale, verbose_name=_("locales"), related_name="regions", db_table="org_region_locale"
    )
    default_locale = models.ForeignKey(
        OrgLocale, verbose_name=_("default locale"), on_delete=models.PROTECT, related_name="+"
    )
    brand = models.ForeignKey(
        OrgBrand,
        verbose_name=_("brand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regions",
    )
    access_type = models.CharField(
        _("reached by"), max_length=20, choices=AccessType.choices, default=AccessType.PATH_PREFIX
    )
    host = models.CharField(
        _("host"),
        max_length=253,
        blank=True,
        help_text=_("The domain or subdomain that serves this region, e.g. eu.example.com."),
    )
    path_prefix = models.SlugField(
        _("path prefix"), max_length=20, blank=True, help_text=_("e.g. eu for /eu/")
    )
    is_default = models.BooleanField(_("default region"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "org_region"
        ordering = ["position", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="org_region_unique_slug"),
            models.UniqueConstraint(
                fields=["host"], condition=~models.Q(host=""), name="org_region_unique_host"
            ),
            models.UniqueConstraint(
                fields=["path_prefix"], condition=~models.Q(path_prefix=""), name="org_region_unique_prefix"
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="org_region_one_default"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(access_type="path_prefix", host="") & ~models.Q(path_prefix="")
                    | models.Q(access_type__in=["domain", "subdomain"], path_prefix="") & ~models.Q(host="")
                ),
                name="org_region_reached_one_way",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language."""
        return name_in_language(self.name, self.name_translations)

    def clean(self) -> None:
        self.name_translations = name_translations_clean(self.name_translations, max_length=120)
        if self.access_type == self.AccessType.PATH_PREFIX:
            if not self.path_prefix:
                raise ValidationError({"path_prefix": _("A region reached by path prefix needs a prefix.")})
            self.host = ""
        else:
            if not self.host:
                raise ValidationError({"host": _("A region reached by its own domain needs a host.")})
            self.path_prefix = ""
