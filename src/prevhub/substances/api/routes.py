"""API routes of the substances app."""

from rest_framework.routers import DefaultRouter

from prevhub.substances.api import views


def register(router: DefaultRouter) -> None:
    router.register(
        "substances/episodes", views.DiversionEpisodeViewSet, basename="diversionepisode"
    )
    router.register(
        "substances/conditions", views.DiversionConditionViewSet, basename="diversioncondition"
    )
    router.register(
        "substances/appointments",
        views.DiversionAppointmentViewSet,
        basename="diversionappointment",
    )
    router.register("substances/drug-tests", views.DrugTestCountViewSet, basename="drugtestcount")
    router.register("substances/naloxone", views.NaloxoneSupplyViewSet, basename="naloxonesupply")
    router.register("substances/measures", views.MeasuresViewSet, basename="substances-measures")
