from django.urls import path

from prevhub.find import views

app_name = "find"

urlpatterns = [
    path("", views.hotspots_view, name="hotspots"),
    path("emerging/", views.emerging_view, name="emerging"),
    path("boundaries/", views.boundaries_view, name="boundaries"),
    path("repeats/", views.repeats_view, name="repeats"),
    path("near-repeat/", views.near_repeat_view, name="near_repeat"),
]
