import factory

from apps.member.models import OrgMember
from tests.user.factories import UserFactory


class OrgMemberFactory(factory.django.DjangoModelFactory):
    """A member of the org whose schema is active when the factory runs."""

    class Meta:
        model = OrgMember

    user = factory.SubFactory(UserFactory)
    role = OrgMember.Role.LEARNER
