from django.contrib import admin

from apps.org.models import Org, OrgDomain


class OrgDomainInline(admin.TabularInline):
    model = OrgDomain
    extra = 0


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "schema_name", "status", "is_template", "created_at"]
    list_filter = ["status", "is_template"]
    search_fields = ["name", "slug", "schema_name"]
    readonly_fields = ["schema_name", "created_at", "provisioned_at", "failure_reason", "created_by"]
    inlines = [OrgDomainInline]


@admin.register(OrgDomain)
class OrgDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain", "tenant__name"]
    list_select_related = ["tenant"]
