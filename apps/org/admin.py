from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.org.domains import DomainLookupError, domain_normalize, org_domain_check, org_domain_mark_verified
from apps.org.models import Org, OrgDomain, verification_token_new
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
