"""The tenant model and its domains (public schema)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Org(TenantMixin):
    """An organization: one PostgreSQL schema holding everything it owns."""

    class Status(models.TextChoices):
        PROVISIONING = "provisioning", _("Provisioning")
        ACTIVE = "active", _("Active")
        FAILED = "failed", _("Failed")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("subdomain"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROVISIONING)
    failure_reason = models.TextField(_("failure reason"), blank=True)
    is_template = models.BooleanField(
        _("template"), default=False, help_text=_("The schema new orgs are cloned from; never served.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    provisioned_at = models.DateTimeField(_("provisioned"), null=True, blank=True)
    require_two_factor = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_(
            "Owners and admins must confirm a code from an authenticator app to use the console and studio."
        ),
    )

    # Schemas are created by the provisioning task, never as a side effect of save().
    auto_create_schema = False

    class Meta:
        db_table = "org"
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_serving(self) -> bool:
        """Whether its domains serve its pages (``volmify.tenancy``): active, and not the template."""
        return self.is_active and not self.is_template


def verification_token_new() -> str:
    """The value a domain's ``_volmify`` TXT record must hold to prove ownership."""
    return secrets.token_urlsafe(24)


class OrgDomain(DomainMixin):
    """A host name that routes to an org (or, for the public org, to the platform).

    Only verified rows route. Names the platform controls (the platform domain,
    ``<slug>.<platform>`` and names under it) are verified when created; any
    other name stays pending until a DNS TXT record at ``_volmify.<domain>``
    holds ``verification_token`` (``apps.org.domains``) or staff verify it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        VERIFIED = "verified", _("Verified")
        FAILED = "failed", _("Failed")

    class CheckResult(models.TextChoices):
        NOT_FOUND = "not_found", _("No TXT record was found.")
        WRONG_VALUE = "wrong_value", _("A TXT record was found, but it does not hold the token.")
        LOOKUP_FAILED = "lookup_failed", _("The DNS lookup failed.")

    is_verified = models.BooleanField(_("verified"), default=False)
    verification_token = models.CharField(_("verification token"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_check_result = models.CharField(
        _("last check result"), max_length=16, choices=CheckResult.choices, blank=True
    )

    class Meta:
        db_table = "org_domain"
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.domain

    @property
    def status(self) -> str:
        """Verified (routes); failed (the last check did not find the token; checks go on); else pending."""
        if self.is_verified:
            return self.Status.VERIFIED
        return self.Status.FAILED if self.last_check_result else self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)


class OrgStripeAccount(models.Model):
    """An org's Stripe connected account (public schema: a webhook names the account, and the
    account names the org whose schema handles it). No secret key is stored: every call uses the
    platform's key with ``Stripe-Account`` set to ``account_id``."""

    org = models.OneToOneField(Org, on_delete=models.CASCADE, related_name="stripe_account")
    account_id = models.CharField(_("Stripe account"), max_length=255, unique=True)
    charges_enabled = models.BooleanField(_("charges enabled"), default=False)
    details_submitted = models.BooleanField(_("details submitted"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)
    requirements_due = models.JSONField(_("requirements due"), default=list, blank=True)
    application_fee_percent = models.DecimalField(
        _("application fee (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(50))],
        help_text=_("The platform's share of each payment, taken by Stripe as an application fee."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "org_stripe_account"
        verbose_name = _("Stripe account")
        verbose_name_plural = _("Stripe accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application_fee_percent__gte=0, application_fee_percent__lte=50),
                name="org_stripe_account_fee_range",
            )
        ]

    def __str__(self) -> str:
        return self.account_id

    @property
    def can_charge(self) -> bool:
        return self.charges_enabled and self.details_submitted


class StripeWebhookEvent(models.Model):
    """The webhook inbox: every verified Stripe event, stored raw under its id before anything is
    done with it (a second delivery of the same id inserts nothing)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        PROCESSED = "processed", _("Processed")
        IGNORED = "ignored", _("Ignored")
        UNKNOWN_ACCOUNT = "unknown_account", _("Unknown account")
        FAILED = "failed", _("Failed")

    event_id = models.CharField(_("event"), max_length=255, primary_key=True)
    event_type = models.CharField(_("type"), max_length=80)
    account_id = models.CharField(_("Stripe account"), max_length=255, blank=True)
    livemode = models.BooleanField(_("live mode"), default=False)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    org = models.ForeignKey(Org, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        db_table = "stripe_webhook_event"
        ordering = ["-received_at"]
        verbose_name = _("Stripe webhook event")
        verbose_name_plural = _("Stripe webhook events")
        indexes = [models.Index(fields=["status", "received_at"], name="stripe_webhook_status_received")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class InstructorEarningsRollup(models.Model):
    """A creator profile's earnings from one org, per currency and month: absolute totals written
    by the org's ledger task (``apps.ledger.rollup``), read by cross-org pages without touching any
    org's schema. ``profile_id`` is the public instructor profile's id, a plain integer like every
    id here that another app owns."""

    profile_id = models.BigIntegerField(_("creator profile"))
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(_("currency"), max_length=3)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    earned = models.DecimalField(_("earned"), max_digits=16, decimal_places=3, default=0)
    pending = models.DecimalField(
        _("pending"),
        max_digits=16,
        decimal_places=3,
        default=0,
        help_text=_("Earned on sales still inside the org's refund window."),
    )
    paid = models.DecimalField(_("paid"), max_digits=16, decimal_places=3, default=0)
    retainer = models.DecimalField(
        _("retainer"),
        max_digits=16,
        decimal_places=3,
        default=0,
        help_text=_("The part of the earnings that is a fixed amount per month, tied to no product."),
    )
    refreshed_at = models.DateTimeField(_("refreshed"))

    class Meta:
        db_table = "instructor_earnings_rollup"
        ordering = ["profile_id", "org", "currency", "month"]
        verbose_name = _("instructor earnings rollup")
        verbose_name_plural = _("instructor earnings rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["profile_id", "org", "currency", "month"], name="instructor_earnings_rollup_unique"
            )
        ]

    def __str__(self) -> str:
        return f"profile {self.profile_id} org {self.org_id} {self.month:%Y-%m} {self.currency}"
