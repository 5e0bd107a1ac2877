from django.urls import path

from apps.console.views import ManageHomeView, StudioHomeView

urlpatterns = [
    path("manage/", ManageHomeView.as_view(), name="manage_home"),
    path("studio/", StudioHomeView.as_view(), name="studio_home"),
]
