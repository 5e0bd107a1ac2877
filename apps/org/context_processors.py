"""Template context every page needs: which site this is."""

from django.conf import settings
from django.http import HttpRequest

from apps.org.selectors import platform_url


def site(request: HttpRequest) -> dict[str, object]:
    tenant = getattr(request, "tenant", None)
    is_platform = tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME
    return {
        "current_org": None if is_platform else tenant,
        "is_platform": is_platform,
        "platform_home_url": platform_url("/"),
    }
