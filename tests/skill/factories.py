import factory
from factory.django import DjangoModelFactory

from apps.skill.models import Skill


class SkillFactory(DjangoModelFactory):
    """A skill in the public taxonomy (it is seen from every org's schema)."""

    class Meta:
        model = Skill

    slug = factory.Sequence(lambda n: f"test-skill-{n}")
    name = factory.LazyAttribute(lambda skill: skill.slug.replace("-", " ").title())
    parent = None
