"""API routes of the specials app (basename = model name, as the test matrix expects)."""

from rest_framework.routers import DefaultRouter

from prevhub.specials.api import views


def register(router: DefaultRouter) -> None:
    router.register("specials/officers", views.OfficerViewSet, basename="officer")
    router.register(
        "specials/qualification-kinds", views.QualificationKindViewSet, basename="qualificationkind"
    )
    router.register("specials/qualifications", views.QualificationViewSet, basename="qualification")
    router.register("specials/duties", views.DutyViewSet, basename="duty")
    router.register("specials/events", views.EventViewSet, basename="specials-event")
    router.register("specials/sign-ups", views.EventSignupViewSet, basename="specials-eventsignup")
    router.register(
        "specials/availability", views.AvailabilityViewSet, basename="specials-availability"
    )
    router.register("specials/notices", views.AttendanceNoticeViewSet, basename="attendancenotice")
    router.register("specials/measures", views.MeasuresViewSet, basename="specials-measures")
