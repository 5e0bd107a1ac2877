"""Moved to ``apps.storefront.views``. Only the studio's previews still import the two player views
from here; this re-export goes when the studio moves to its own page-area app."""

from apps.storefront.views.course import CourseDetailView
from apps.storefront.views.player import LessonView

__all__ = ["CourseDetailView", "LessonView"]
