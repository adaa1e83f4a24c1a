from django.urls import path

from prevhub.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("annual/", views.annual, name="annual"),
    path("annual/<int:pk>/download/", views.annual_download, name="annual_download"),
]
