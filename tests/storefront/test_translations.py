"""Storefront pages pick translations along the visitor's chain, bare languages included."""

import pytest
from django.db import connection

from apps.product.services import product_skill_set
from tests.actors import TEST_ACTOR
from tests.skill.factories import SkillFactory


@pytest.mark.parametrize(("prefix", "name"), [("", "Glazing"), ("/latam", "Esmaltado"), ("/eu", "Glazing")])
def test_a_skill_named_per_language_shows_in_the_visitors_language(shop, host_client, org_a, prefix, name):
    connection.set_schema_to_public()
    skill = SkillFactory(slug="glazing")
    # the taxonomy names skills per language ("es"), not per locale ("es-MX")
    for code, text in (("es", "Esmaltado"), ("en", "Glazing")):
        skill.set_current_language(code)
        skill.name = text
        skill.save()
    connection.set_tenant(org_a)
    product_skill_set(actor=TEST_ACTOR, product=shop["product"], skill=skill, weight=50)
    html = host_client(org_a).get(f"{prefix}/p/django-for-teams/").content.decode()
    other = {"Glazing": "Esmaltado", "Esmaltado": "Glazing"}[name]
    assert (f">{name}</a>" in html, f">{other}</a>" in html) == (True, False)
