"""The console's product editor: sections with a tab bar, forms opened on demand, translations
beside their source text, and destructive actions that ask first."""

import re

import pytest

from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.member.models import OrgMember
from apps.product.models import OrgProductSkill, OrgTaxCategory
from apps.product.services import product_translation_save
from apps.skill.models import Skill
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import OrgBrandFactory, market
from tests.member.factories import OrgMemberFactory
from tests.payment.factories import PaymentPlanFactory, PlanPriceFactory
from tests.product.factories import OrgProductFactory, OrgProductVariantFactory, OrgTaxCategoryFactory

SECTIONS = ("details", "media", "plans", "prices", "translations", "seo", "skills")


@pytest.fixture
def console(org_a, in_org, host_client):
    in_org(org_a)
    regions = market(2)["regions"]
    product = OrgProductFactory(title="Pottery", slug="pottery")
    product_translation_save(
        actor=TEST_ACTOR,
        product=product,
        language_code="en-US",
        title="Pottery",
        slug="pottery",
        summary="Throw a bowl",
        seo_title="Pottery class",
    )
    return host_client(org_a, OrgMemberFactory(role=OrgMember.Role.ADMIN).user), product, regions


def _detail(client, product) -> str:
    return client.get(f"/manage/catalog/products/{product.pk}/").content.decode()


def test_the_editor_is_organised_in_sections_with_a_tab_bar(console):
    client, product, regions = console
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory(product=product), name="Basic")
    PlanPriceFactory(plan=plan, region=regions[0], amount="19.99")
    html = _detail(client, product)
    for section in SECTIONS:
        assert f'<li><a href="#{section}">' in html
        assert f'id="{section}"' in html
    prices = html[html.index('id="prices"') : html.index('id="translations"')]
    assert "$19.99" in prices and f"/plans/{plan.pk}/prices/" in prices
    seo = html[html.index('id="seo"') : html.index('id="skills"')]
    assert (
        "Pottery class" in seo and "Throw a bowl" in seo
    )  # an empty SEO description falls back to the summary


def test_forms_open_on_demand_and_open_by_themselves_when_needed(console):
    client, product, _regions = console
    html = _detail(client, product)
    # No variant yet: the variant form is open (it is the next thing to do); the skill form is folded.
    assert re.search(r'<details class="disclosure" open><summary>Add variant</summary>', html)
    assert re.search(r'<details class="disclosure"><summary>Add a skill</summary>', html)
    OrgProductVariantFactory(product=product)
    html = _detail(client, product)
    assert re.search(r'<details class="disclosure"><summary>Add variant</summary>', html)
    assert re.search(r'<details class="disclosure" open><summary>Add plan</summary>', html)
    response = client.post(f"/manage/catalog/products/{product.pk}/variants/", {"name": "", "position": "0"})
    assert response.status_code == 400
    assert re.search(
        r'<details class="disclosure" open><summary>Add variant</summary>', response.content.decode()
    )


def test_table_headers_are_never_empty(console):
    client, product, regions = console
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory(product=product))
    PlanPriceFactory(plan=plan, region=regions[0])
    OrgProductSkill.objects.create(product=product, skill=Skill.objects.first(), weight=10)
    html = _detail(client, product)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    assert headers and all(re.sub(r"<[^>]+>", "", header).strip() for header in headers)
    assert "sr-only" not in "".join(headers)


def test_a_translation_shows_the_default_languages_text_beside_each_field(console):
    client, product, _regions = console
    html = client.get(f"/manage/catalog/products/{product.pk}/translations/es-MX/").content.decode()
    for label, source in (("Title", "Pottery"), ("Summary", "Throw a bowl"), ("SEO title", "Pottery class")):
        assert re.search(rf'<span class="source-text__label">{label} in en-US</span>{source}</div>', html)
    assert html.count('class="side-by-side"') == 6
    # the default language itself has nothing to translate from
    own = client.get(f"/manage/catalog/products/{product.pk}/translations/en-US/").content.decode()
    assert "source-text" not in own


def test_a_failing_translation_re_renders_only_the_form_with_htmx(console):
    client, product, _regions = console
    product_translation_save(
        actor=TEST_ACTOR, product=product, language_code="es-MX", title="Cerámica", slug="ceramica"
    )
    url = f"/manage/catalog/products/{product.pk}/translations/es-MX/"
    response = client.post(url, {"title": "", "slug": "ceramica"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 400
    assert html.startswith("<form") and html.count("<form") == 1
    assert "<header" not in html and "console__nav" not in html
    assert "This field is required." in html
    product.refresh_from_db()
    product.set_current_language("es-MX")
    assert product.title == "Cerámica"


@pytest.mark.parametrize("kind", ["brand", "region", "tax", "locale", "skill"])
def test_destructive_actions_ask_first_and_only_the_post_acts(console, kind):
    client, product, regions = console
    brand = OrgBrandFactory(name="Acme blue")
    category = OrgTaxCategoryFactory(name="Books")
    spare = OrgLocale.objects.get(locale__locale_key="de-DE")
    OrgRegion.objects.filter(default_locale=spare).update(
        default_locale=OrgLocale.objects.get(is_default=True)
    )
    for region in OrgRegion.objects.all():
        region.locales.remove(spare)
    skill = Skill.objects.first()
    OrgProductSkill.objects.create(product=product, skill=skill, weight=10)
    region = regions[1]
    url, question, remaining = {
        "brand": (
            f"/manage/markets/brands/{brand.pk}/delete/",
            "Remove the brand “Acme blue”?",
            lambda: OrgBrand.objects.filter(pk=brand.pk),
        ),
        "region": (
            f"/manage/markets/regions/{region.pk}/delete/",
            f"Remove the region “{region.name}”?",
            lambda: OrgRegion.objects.filter(pk=region.pk),
        ),
        "tax": (
            f"/manage/catalog/tax/{category.pk}/delete/",
            "Remove the tax category “Books”?",
            lambda: OrgTaxCategory.objects.filter(pk=category.pk),
        ),
        "locale": (
            f"/manage/markets/locales/{spare.pk}/remove/",
            "Remove the locale de-DE?",
            lambda: OrgLocale.objects.filter(pk=spare.pk),
        ),
        "skill": (
            f"/manage/catalog/products/{product.pk}/skills/{skill.pk}/remove/",
            "Remove the skill",
            lambda: OrgProductSkill.objects.filter(product=product),
        ),
    }[kind]
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert question in html and f'<form method="post" action="{url}"' in html and "Cancel" in html
    assert remaining().exists()  # asking changed nothing
    assert client.post(url).status_code == 302
    assert not remaining().exists()


def test_edit_pages_link_to_the_question_instead_of_removing_at_once(console):
    client, _product, _regions = console
    brand = OrgBrandFactory()
    html = client.get(f"/manage/markets/brands/{brand.pk}/").content.decode()
    delete_url = f"/manage/markets/brands/{brand.pk}/delete/"
    assert f'<a class="button button--small button--danger" href="{delete_url}">' in html
    assert f'action="{delete_url}"' not in html
    locales = client.get("/manage/markets/locales/").content.decode()
    assert "/remove/" in locales and not re.search(r'<form[^>]*action="[^"]*/remove/"', locales)


def test_another_orgs_confirmation_pages_are_404(in_org, org_a, org_b, host_client):
    in_org(org_a)
    brand = OrgBrandFactory()
    category = OrgTaxCategoryFactory()
    in_org(org_b)
    client = host_client(org_b, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    assert client.get(f"/manage/markets/brands/{brand.pk}/delete/").status_code == 404
    assert client.get(f"/manage/catalog/tax/{category.pk}/delete/").status_code == 404
    in_org(org_a)
    assert OrgBrand.objects.filter(pk=brand.pk).exists()
