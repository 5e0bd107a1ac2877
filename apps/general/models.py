"""Global registries (public schema), loaded from Babel/CLDR and pycountry data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Locale(models.Model):
    """A BCP 47 locale the platform knows (the seed's ``locale`` with ``localeKey``)."""

    locale_key = models.CharField(
        _("locale key"), max_length=35, unique=True, help_text=_("BCP 47, e.g. es-MX")
    )
    name = models.CharField(_("English name"), max_length=150)
    native_name = models.CharField(_("native name"), max_length=150)
    language = models.CharField(_("language"), max_length=8)
    is_rtl = models.BooleanField(_("right to left"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "locale"
        ordering = ["locale_key"]
        verbose_name = _("locale")
        verbose_name_plural = _("locales")

    def __str__(self) -> str:
        return f"{self.locale_key} ({self.name})"


class Currency(models.Model):
    """An ISO 4217 currency with the number of minor units CLDR gives it."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    symbol = models.CharField(_("symbol"), max_length=12)
    minor_units = models.PositiveSmallIntegerField(_("minor units"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "currency"
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class Country(models.Model):
    """An ISO 3166-1 country."""

    alpha2 = models.CharField(_("alpha-2 code"), max_length=2, unique=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("numeric code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=150)
    default_currency = models.ForeignKey(
        Currency, verbose_name=_("default currency"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "country"
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return f"{self.name} ({self.alpha2})"
