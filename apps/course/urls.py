from django.urls import path

from apps.course import views_manage as manage
from apps.course import views_studio as studio

urlpatterns = [
    # studio
    path("studio/courses/", studio.StudioCourseListView.as_view(), name="studio_courses"),
    path("studio/courses/<int:course_id>/", studio.StudioOutlineView.as_view(), name="studio_outline"),
    path(
        "studio/courses/<int:course_id>/outline/<slug:action>/",
        studio.StudioOutlineActionView.as_view(),
        name="studio_outline_action",
    ),
    path(
        "studio/courses/<int:course_id>/preview/",
        studio.StudioPreviewCourseView.as_view(),
        name="studio_preview",
    ),
    path(
        "studio/courses/<int:course_id>/preview/lessons/<int:placement_id>/",
        studio.StudioPreviewLessonView.as_view(),
        name="studio_preview_lesson",
    ),
    path("studio/lessons/", studio.StudioLessonLibraryView.as_view(), name="studio_lessons"),
    path("studio/lessons/new/", studio.StudioLessonEditView.as_view(), name="studio_lesson_create"),
    path("studio/lessons/<int:lesson_id>/", studio.StudioLessonEditView.as_view(), name="studio_lesson_edit"),
    path(
        "studio/lessons/<int:lesson_id>/delete/",
        studio.StudioLessonDeleteView.as_view(),
        name="studio_lesson_delete",
    ),
    path(
        "studio/lessons/<int:lesson_id>/questions/",
        studio.StudioQuestionAddView.as_view(),
        name="studio_question_add",
    ),
    path("studio/reviews/", studio.StudioReviewQueueView.as_view(), name="studio_reviews"),
    path("studio/reviews/<int:submission_id>/", studio.StudioReviewView.as_view(), name="studio_review"),
    path(
        "studio/reviews/<int:submission_id>/file/",
        studio.StudioSubmissionFileView.as_view(),
        name="studio_submission_file",
    ),
    # manage
    path("manage/enrollments/", manage.ManageEnrollmentListView.as_view(), name="manage_enrollments"),
    path(
        "manage/enrollments/<int:enrollment_id>/",
        manage.ManageEnrollmentChangeView.as_view(),
        name="manage_enrollment_change",
    ),
    path(
        "manage/enrollments/<int:enrollment_id>/revoke/",
        manage.ManageEnrollmentRevokeView.as_view(),
        name="manage_enrollment_revoke",
    ),
]
