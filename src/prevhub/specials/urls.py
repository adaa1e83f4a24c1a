"""Pages of the Specials area."""

from django.urls import include, path

from prevhub.core.urlhelpers import object_urls
from prevhub.specials import views

app_name = "specials"

urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measures, name="measures"),
    path("where-the-hours-went/", views.hours_map, name="hours_map"),
    path("officers/import/", views.roster_import, name="roster_import"),
    path("officers/<int:pk>/feed/", views.officer_feed, name="officer_feed"),
    path("duties/<int:pk>/sign-off/", views.duty_sign_off, name="duty_sign_off"),
    path("sign-ups/<int:pk>/confirm/", views.signup_confirm, name="eventsignup_confirm"),
    # Token-authenticated (core.registry: the app's token_pages): a calendar program's URL.
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("officers/", include(object_urls("officer", **views.OFFICER))),
    path(
        "qualification-kinds/",
        include(object_urls("qualificationkind", **views.QUALIFICATION_KIND)),
    ),
    path("qualifications/", include(object_urls("qualification", **views.QUALIFICATION))),
    path("duties/", include(object_urls("duty", **views.DUTY))),
    path("events/", include(object_urls("event", **views.EVENT))),
    path("sign-ups/", include(object_urls("eventsignup", **views.EVENT_SIGNUP))),
    path("availability/", include(object_urls("availability", **views.AVAILABILITY))),
    path("notices/", include(object_urls("attendancenotice", **views.ATTENDANCE_NOTICE))),
]
