"""Tenant schema: courses (``OrgProductCourse``), their modules, sections and placements of
reusable lessons (``OrgLesson``), quizzes, assignments, progress and challenge ratings."""

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.product.extensions import ProductExtension, product_extension_register


def _at_level(level: str) -> Q:
    return Q(course__level=level)


# A course is a product's extension row (``OrgProductCourse.product``, related name "course"),
# selected with a product's detail; the storefront catalog filters by its level.
COURSE_EXTENSION = ProductExtension(related_name="course", catalog_filters={"level": _at_level})


class CourseConfig(AppConfig):
    name = "apps.course"
    label = "course"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from apps.course import signals  # noqa: F401  (connects the receivers)

        product_extension_register(COURSE_EXTENSION)
