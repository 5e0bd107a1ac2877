import pytest
from django.core.exceptions import ValidationError

from apps.skill.models import Skill
from apps.skill.selectors import skill_by_slug, skill_descendant_ids, skill_tree
from apps.skill.services import skill_taxonomy_load
from apps.skill.taxonomy import STARTER_TAXONOMY, taxonomy_arabic_add
from tests.actors import TEST_ACTOR
from tests.skill.factories import SkillFactory
from tests.user.factories import UserFactory


def _count(nodes) -> int:
    return sum(1 + _count(children) for _, _, _, children in nodes)


def test_starter_taxonomy_is_loaded_by_migration(db):
    assert Skill.objects.filter(slug__in=[n[0] for n in STARTER_TAXONOMY]).count() == len(STARTER_TAXONOMY)
    assert Skill.objects.count() >= _count(STARTER_TAXONOMY) >= 50
    django = Skill.objects.get(slug="django")
    assert django.parent.slug == "web-development"
    assert django.parent.parent.slug == "software-development"
    assert django.parent.parent.parent is None


def test_taxonomy_names_are_translated(db):
    skill = Skill.objects.get(slug="data-science")
    skill.set_current_language("es")
    assert skill.name == "Ciencia de datos"
    skill.set_current_language("en")
    assert skill.name == "Data Science"


def test_taxonomy_loader_is_idempotent_and_keeps_staff_edits(db):
    skill = Skill.objects.get(slug="python")
    skill.set_current_language("en")
    skill.name = "Python 3"
    skill.save()
    assert skill_taxonomy_load(actor=TEST_ACTOR) == 0
    assert Skill.objects.count() == _count(STARTER_TAXONOMY)
    assert Skill.objects.language("en").get(slug="python").name == "Python 3"


def test_admin_offers_deactivation_not_deletion(staff_client, db):
    platform_client = staff_client
    rust = Skill.objects.get(slug="rust")
    assert platform_client.get(f"/admin/skill/skill/{rust.pk}/delete/").status_code == 403
    assert Skill.objects.filter(slug="rust").exists()


def test_descendants_include_the_skill_and_every_level_below(db):
    root = Skill.objects.get(slug="software-development")
    ids = skill_descendant_ids(skill_id=root.pk)
    expected = set(
        Skill.objects.filter(slug__in=["software-development", "web-development", "django"]).values_list(
            "pk", flat=True
        )
    )
    assert expected <= ids
    assert Skill.objects.get(slug="statistics").pk not in ids
    assert skill_descendant_ids(skill_id=Skill.objects.get(slug="django").pk) == {
        Skill.objects.get(slug="django").pk
    }


def test_a_skill_cannot_be_moved_under_its_own_descendant(db):
    web = Skill.objects.get(slug="web-development")
    web.parent = Skill.objects.get(slug="django")
    with pytest.raises(ValidationError) as error:
        web.full_clean()
    assert "parent" in error.value.message_dict


def test_skill_tree_is_depth_first_with_depths(db):
    parent = SkillFactory(slug="zz-parent", sort_order=999)
    SkillFactory(slug="zz-child", parent=parent)
    tree = [(skill.slug, depth) for skill, depth in skill_tree()]
    index = tree.index(("zz-parent", 0))
    assert tree[index + 1] == ("zz-child", 1)
    assert skill_by_slug(slug="zz-child").parent_id == parent.pk


def test_platform_staff_manage_skills_in_admin(staff_client, db):
    platform_client = staff_client
    response = platform_client.get("/admin/skill/skill/?q=django")
    assert response.status_code == 200
    assert b"web-development" in response.content or b"Django" in response.content
    response = platform_client.post(
        "/admin/skill/skill/add/",
        {
            "slug": "htmx",
            "name": "htmx",
            "description": "",
            "parent": Skill.objects.get(slug="web-development").pk,
            "sort_order": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert Skill.objects.get(slug="htmx").parent.slug == "web-development"


def test_skill_admin_is_not_served_on_org_domains(host_client, org_a):
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert host_client(org_a, user=staff).get("/admin/skill/skill/").status_code == 404


def test_every_starter_skill_has_an_arabic_name(db):
    def slugs(nodes):
        return [slug for node in nodes for slug in (node[0], *slugs(node[3]))]

    starter = slugs(STARTER_TAXONOMY)
    named = dict(
        Skill.objects.filter(slug__in=starter, translations__language_code="ar").values_list(
            "slug", "translations__name"
        )
    )
    assert set(named) == set(starter)
    assert named["data-science"] == "علم البيانات"


def test_the_arabic_names_keep_a_name_staff_wrote(db):
    skill = Skill.objects.get(slug="statistics")
    skill.set_current_language("ar")
    skill.name = "علم الإحصاء"
    skill.save()
    Skill._parler_meta.root_model.objects.filter(master__slug="leadership", language_code="ar").delete()
    assert taxonomy_arabic_add(skill_model=Skill, translation_model=Skill._parler_meta.root_model) == 1
    assert Skill.objects.language("ar").get(slug="statistics").name == "علم الإحصاء"
    assert Skill.objects.language("ar").get(slug="leadership").name == "القيادة"
