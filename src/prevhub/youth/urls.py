"""Pages of the youth area."""

from django.urls import include, path

from prevhub.core.urlhelpers import object_urls
from prevhub.youth import views

app_name = "youth"


def _crud(name: str, prefix: str, declared: dict) -> list:
    return [
        path(
            prefix,
            include(
                object_urls(
                    name,
                    list_view=declared["list"],
                    detail_view=declared["detail"],
                    edit_view=declared["edit"],
                    delete_view=declared["delete"],
                )
            ),
        )
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measures, name="measures"),
    path("retention/", views.retention, name="retention"),
    path("cadets/import/", views.roster_import, name="cadet_import"),
    *_crud("unit", "units/", views.UNIT),
    *_crud("leader", "leaders/", views.LEADER),
    *_crud("assignment", "assignments/", views.ASSIGNMENT),
    *_crud("cadet", "cadets/", views.CADET),
    *_crud("consent", "consents/", views.CONSENT),
    *_crud("session", "sessions/", views.SESSION),
    *_crud("volunteeringevent", "events/", views.EVENT),
    *_crud("volunteeringhours", "hours/", views.HOURS),
    *_crud("award", "awards/", views.AWARD),
    *_crud("concern", "concerns/", views.CONCERN),
]
