from django.urls import path

from apps.course import views_learning as learn
from apps.course import views_manage as manage

urlpatterns = [
    # storefront and player
    path("courses/", learn.CourseListView.as_view(), name="course_list"),
    path("courses/<int:course_id>/", learn.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:course_id>/rate/", learn.RatingSubmitView.as_view(), name="course_rate"),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/",
        learn.LessonView.as_view(),
        name="course_lesson",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/complete/",
        learn.LessonCompleteView.as_view(),
        name="course_lesson_complete",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/quiz/",
        learn.QuizSubmitView.as_view(),
        name="course_quiz_submit",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/assignment/",
        learn.AssignmentSubmitView.as_view(),
        name="course_assignment_submit",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/file/",
        learn.LessonFileView.as_view(),
        name="course_lesson_file",
    ),
    path(
        "learning/submissions/<int:submission_id>/file/",
        learn.SubmissionFileView.as_view(),
        name="course_submission_file",
    ),
    path("learning/", learn.MyLearningView.as_view(), name="my_learning"),
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
