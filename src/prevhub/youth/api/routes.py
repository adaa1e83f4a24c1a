"""API routes of the youth app (basename = model name, as the test matrix expects)."""

from rest_framework.routers import DefaultRouter

from prevhub.youth.api import views


def register(router: DefaultRouter) -> None:
    router.register("youth/units", views.UnitViewSet, basename="unit")
    router.register("youth/leaders", views.LeaderViewSet, basename="leader")
    router.register("youth/assignments", views.AssignmentViewSet, basename="assignment")
    router.register("youth/cadets", views.CadetViewSet, basename="cadet")
    router.register("youth/consents", views.ConsentViewSet, basename="consent")
    router.register("youth/sessions", views.SessionViewSet, basename="session")
    router.register("youth/events", views.VolunteeringEventViewSet, basename="volunteeringevent")
    router.register("youth/hours", views.VolunteeringHoursViewSet, basename="volunteeringhours")
    router.register("youth/awards", views.AwardViewSet, basename="award")
    router.register("youth/concerns", views.ConcernViewSet, basename="concern")
    router.register("youth/measures", views.MeasuresViewSet, basename="youth-measures")
