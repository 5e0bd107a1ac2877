"""Platform staff's org list in Django admin holds organizations only: never the public schema's row
or the template that new orgs are cloned from, so neither can be edited or deleted there."""

import pytest
from django.conf import settings

from apps.org.models import Org


def _org(**filters) -> Org:
    return Org.objects.get(**filters)


def test_the_org_list_shows_orgs_but_not_the_platform_or_the_template(staff_client, org_a, org_b):
    html = staff_client.get("/admin/org/org/").content.decode()
    template, public = _org(is_template=True), _org(schema_name=settings.PUBLIC_SCHEMA_NAME)
    assert f"/admin/org/org/{org_a.pk}/change/" in html and f"/admin/org/org/{org_b.pk}/change/" in html
    assert f"/admin/org/org/{template.pk}/change/" not in html
    assert f"/admin/org/org/{public.pk}/change/" not in html


@pytest.mark.parametrize("which", ["template", "public"])
@pytest.mark.parametrize("page", ["change", "delete"])
def test_the_platform_and_the_template_cannot_be_opened_or_deleted(staff_client, db, which, page):
    org = _org(is_template=True) if which == "template" else _org(schema_name=settings.PUBLIC_SCHEMA_NAME)
    response = (
        staff_client.post(f"/admin/org/org/{org.pk}/delete/", {"post": "yes"})
        if page == "delete"
        else (staff_client.get(f"/admin/org/org/{org.pk}/change/"))
    )
    assert response.status_code == 302  # admin sends an unknown object back to its index
    assert response["Location"] == "/admin/"
    assert Org.objects.filter(pk=org.pk).exists()
