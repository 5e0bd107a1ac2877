"""Tenant schema: courses (``OrgProductCourse``), their modules, sections and placements of
reusable lessons (``OrgLesson``), quizzes, assignments, progress and challenge ratings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CourseConfig(AppConfig):
    name = "apps.course"
    label = "course"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from apps.course import signals  # noqa: F401  (connects the receivers)
