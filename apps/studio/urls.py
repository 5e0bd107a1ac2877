"""/studio/: included under that prefix from volmify/urls_tenant.py."""

from django.urls import path

from apps.studio.views.collaborators import StudioCollaboratorsView
from apps.studio.views.home import StudioHomeView
from apps.studio.views.lessons import (
    StudioLessonDeleteView,
    StudioLessonEditView,
    StudioLessonLibraryView,
    StudioQuestionAddView,
)
from apps.studio.views.library import (
    StudioLessonPublishView,
    StudioLessonPullView,
    StudioLibraryImportView,
    StudioLibraryView,
)
from apps.studio.views.outline import (
    StudioCourseListView,
    StudioOutlineActionView,
    StudioOutlinePanelView,
    StudioOutlineView,
)
from apps.studio.views.preview import StudioPreviewCourseView, StudioPreviewLessonView
from apps.studio.views.reviews import StudioReviewQueueView, StudioReviewView, StudioSubmissionFileView

urlpatterns = [
    path("", StudioHomeView.as_view(), name="studio_home"),
    path("courses/", StudioCourseListView.as_view(), name="studio_courses"),
    path("courses/<int:course_id>/", StudioOutlineView.as_view(), name="studio_outline"),
    path(
        "courses/<int:course_id>/collaborators/",
        StudioCollaboratorsView.as_view(),
        name="studio_collaborators",
    ),
    path(
        "courses/<int:course_id>/outline/<slug:action>/",
        StudioOutlineActionView.as_view(),
        name="studio_outline_action",
    ),
    path(
        "courses/<int:course_id>/items/<slug:kind>/<int:item_id>/<slug:panel>/",
        StudioOutlinePanelView.as_view(),
        name="studio_outline_panel",
    ),
    path(
        "courses/<int:course_id>/preview/",
        StudioPreviewCourseView.as_view(),
        name="studio_preview",
    ),
    path(
        "courses/<int:course_id>/preview/lessons/<int:placement_id>/",
        StudioPreviewLessonView.as_view(),
        name="studio_preview_lesson",
    ),
    path("lessons/", StudioLessonLibraryView.as_view(), name="studio_lessons"),
    path("lessons/new/", StudioLessonEditView.as_view(), name="studio_lesson_create"),
    path("lessons/<int:lesson_id>/", StudioLessonEditView.as_view(), name="studio_lesson_edit"),
    path(
        "lessons/<int:lesson_id>/delete/",
        StudioLessonDeleteView.as_view(),
        name="studio_lesson_delete",
    ),
    path(
        "lessons/<int:lesson_id>/questions/",
        StudioQuestionAddView.as_view(),
        name="studio_question_add",
    ),
    path(
        "lessons/<int:lesson_id>/publish/",
        StudioLessonPublishView.as_view(),
        name="studio_lesson_publish",
    ),
    path("lessons/<int:lesson_id>/pull/", StudioLessonPullView.as_view(), name="studio_lesson_pull"),
    path("library/", StudioLibraryView.as_view(), name="studio_library"),
    path(
        "library/<int:library_lesson_id>/import/",
        StudioLibraryImportView.as_view(),
        name="studio_library_import",
    ),
    path("reviews/", StudioReviewQueueView.as_view(), name="studio_reviews"),
    path("reviews/<int:submission_id>/", StudioReviewView.as_view(), name="studio_review"),
    path(
        "reviews/<int:submission_id>/file/",
        StudioSubmissionFileView.as_view(),
        name="studio_submission_file",
    ),
]
