from django.urls import path

from apps.course import views_learning as learn
from apps.course import views_studio as studio

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
]
