"""Public schema: instructor profiles (several per user), their affiliations with orgs and the
effective-dated compensation of each, invitations and applications, and the public rollups of
each profile's products and reputation across orgs (written per org by Celery tasks).

Nothing here holds a ForeignKey into a tenant schema: an affiliation names its org (a public row),
and the rollups carry an org id and a product id as plain numbers.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructorConfig(AppConfig):
    name = "apps.instructor"
    label = "instructor"
    verbose_name = _("Instructors")
