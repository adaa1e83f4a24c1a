"""Pages of the problems area."""

from django.urls import URLPattern

app_name = "problems"

urlpatterns: list[URLPattern] = []
