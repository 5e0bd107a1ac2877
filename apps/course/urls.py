from django.urls import path

from apps.course import views_manage as manage

urlpatterns = [
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
