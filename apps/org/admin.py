import json
from typing import Any

from celery import signature
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.org.domains import DomainLookupError, domain_normalize, org_domain_check, org_domain_mark_verified
from apps.org.models import Org, OrgDomain, OrgStripeAccount, StripeWebhookEvent, verification_token_new
from apps.org.payment_accounts import stripe_inbox_retry
from volmify.actors import request_actor


class OrgDomainAdminForm(forms.ModelForm):
    """Staff type hosts too: store them in the form routing looks them up in."""

    class Meta:
        model = OrgDomain
        fields = ["domain", "tenant", "is_primary", "is_verified"]

    def clean_domain(self) -> str:
        return domain_normalize(self.cleaned_data["domain"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("is_verified") and not self.instance.verification_token:
            self.instance.verification_token = verification_token_new()  # provable by DNS too
        return cleaned


class OrgDomainInline(admin.TabularInline):
    model = OrgDomain
    form = OrgDomainAdminForm
    extra = 0
    fields = ["domain", "is_primary", "is_verified", "verification_token", "verified_at", "last_checked_at"]
    readonly_fields = ["verification_token", "verified_at", "last_checked_at"]


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "schema_name", "status", "is_template", "created_at"]
    list_filter = ["status", "is_template"]
    search_fields = ["name", "slug", "schema_name"]
    readonly_fields = ["schema_name", "created_at", "provisioned_at", "failure_reason", "created_by"]
    inlines = [OrgDomainInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Org]:
        """Organizations only: the platform's own public schema and the template that new orgs are
        cloned from are tenant rows too, but deleting or editing either would break every org."""
        return (
            super()
            .get_queryset(request)
            .filter(is_template=False)
            .exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)
        )


@admin.register(OrgDomain)
class OrgDomainAdmin(admin.ModelAdmin):
    form = OrgDomainAdminForm
    list_display = [
        "domain", "tenant", "is_primary", "is_verified", "claimed_at", "last_checked_at", "last_check_result",
    ]  # fmt: skip
    list_filter = ["is_verified", "is_primary", "last_check_result"]
    search_fields = ["domain", "tenant__name"]
    list_select_related = ["tenant"]
    readonly_fields = [
        "verification_token",
        "claimed_at",
        "verified_at",
        "last_checked_at",
        "last_check_result",
    ]
    actions = ["mark_verified", "check_dns"]

    @admin.action(description=_("Mark the selected domains verified (they route at once)"))
    def mark_verified(self, request: HttpRequest, queryset: QuerySet[OrgDomain]) -> None:
        domains = list(queryset.filter(is_verified=False))
        for domain in domains:
            org_domain_mark_verified(actor=request_actor(request), domain=domain)
        count = len(domains)
        message = ngettext("%(count)d domain verified.", "%(count)d domains verified.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Check the DNS record of the selected domains now"))
    def check_dns(self, request: HttpRequest, queryset: QuerySet[OrgDomain]) -> None:
        verified = 0
        for domain in queryset.filter(is_verified=False):
            try:
                verified += org_domain_check(actor=request_actor(request), domain=domain).is_verified
            except DomainLookupError as error:
                self.message_user(request, str(error), messages.WARNING)
        message = ngettext("%(count)d domain verified.", "%(count)d domains verified.", verified)
        self.message_user(request, message % {"count": verified}, messages.SUCCESS)


@admin.register(OrgStripeAccount)
class OrgStripeAccountAdmin(admin.ModelAdmin):
    """Each org's connected account: its onboarding status (Stripe's, read-only here) and the
    platform's application fee, which staff set per org."""

    list_display = [
        "org", "account_id", "charges_enabled", "details_submitted", "payouts_enabled",
        "application_fee_percent", "updated_at",
    ]  # fmt: skip
    list_filter = ["charges_enabled", "details_submitted", "payouts_enabled"]
    search_fields = ["org__name", "org__slug", "account_id"]
    list_select_related = ["org"]
    fields = [
        "org", "account_id", "charges_enabled", "details_submitted", "payouts_enabled", "requirements_due",
        "application_fee_percent", "created_at", "updated_at",
    ]  # fmt: skip
    readonly_fields = [
        "org", "account_id", "charges_enabled", "details_submitted", "payouts_enabled", "requirements_due",
        "created_at", "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an org connects its own account from /manage/payments/


# the task that applies inbox events, sent by name: the payment app is above this one
STRIPE_EVENTS_PROCESS = "apps.payment.tasks.stripe_events_process"
INBOX_FIELDS: list[str] = [
    "event_id", "event_type", "status", "org", "account_id", "livemode", "attempts", "last_error",
    "received_at", "processed_at", "payload_pretty",
]  # fmt: skip


@admin.register(StripeWebhookEvent)
class StripeWebhookEventAdmin(admin.ModelAdmin):
    """The webhook inbox, read-only: what Stripe sent and what became of it. Failed or stuck events
    are sent through again with the retry action (processing applies each event once)."""

    list_display = ["event_id", "event_type", "status", "org", "account_id", "attempts", "received_at"]
    list_filter = ["status", "event_type", "livemode", "received_at"]
    search_fields = ["event_id", "account_id", "org__name"]
    list_select_related = ["org"]
    date_hierarchy = "received_at"
    fields = tuple(INBOX_FIELDS)
    readonly_fields = INBOX_FIELDS
    actions = ["retry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StripeWebhookEvent | None = None) -> bool:
        return False  # the inbox is the record of what Stripe sent

    @admin.display(description=_("payload"))
    def payload_pretty(self, event: StripeWebhookEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, sort_keys=True))

    @admin.action(description=_("Process the selected events again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[StripeWebhookEvent]) -> None:
        event_ids = list(queryset.values_list("event_id", flat=True))
        count = stripe_inbox_retry(actor=request_actor(request), event_ids=event_ids)
        if count:
            retried = list(
                StripeWebhookEvent.objects.filter(
                    event_id__in=event_ids, status=StripeWebhookEvent.Status.PENDING
                ).values_list("event_id", flat=True)
            )
            transaction.on_commit(
                lambda: signature(STRIPE_EVENTS_PROCESS, kwargs={"event_ids": retried}).delay()
            )
        message = ngettext(
            "%(count)d event sent for processing again.", "%(count)d events sent for processing again.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
        skipped = len(event_ids) - count
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d event was processed already and is left as it is.",
                    "%(count)d events were processed already and are left as they are.",
                    skipped,
                )
                % {"count": skipped},
                messages.INFO,
            )
