from django.contrib import admin
from parler.admin import TranslatableAdmin

from apps.skill.models import Skill


@admin.register(Skill)
class SkillAdmin(TranslatableAdmin):
    list_display = ["__str__", "slug", "parent", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    list_editable = ["sort_order", "is_active"]
    search_fields = ["slug", "translations__name"]
    autocomplete_fields = ["parent"]
    ordering = ["slug"]

    def has_delete_permission(self, request, obj=None) -> bool:
        """Courses and products in every org's schema may point at a skill: deactivate it instead."""
        return False

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("name",)}
