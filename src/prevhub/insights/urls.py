from django.urls import path

from prevhub.insights import views

app_name = "insights"

urlpatterns = [path("", views.measure_view, name="measure")]
