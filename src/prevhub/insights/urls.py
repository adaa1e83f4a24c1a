from django.urls import path

from prevhub.insights import upload, views

app_name = "insights"

urlpatterns = [
    path("", views.measure_view, name="measure"),
    path("load/", upload.upload_view, name="upload"),
]
