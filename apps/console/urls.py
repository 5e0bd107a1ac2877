from django.urls import path

from apps.console.views import ManageHomeView, SecurityView, StudioHomeView

urlpatterns = [
    path("manage/", ManageHomeView.as_view(), name="manage_home"),
    path("manage/security/", SecurityView.as_view(), name="manage_security"),
    path("studio/", StudioHomeView.as_view(), name="studio_home"),
]
