"""API routes of the reoffending app."""

from rest_framework.routers import DefaultRouter

from prevhub.reoffending.api import views


def register(router: DefaultRouter) -> None:
    router.register("reoffending/members", views.CohortMemberViewSet, basename="cohortmember")
    router.register("reoffending/custody", views.CustodySpellViewSet, basename="custodyspell")
    router.register("reoffending/needs", views.PathwayNeedViewSet, basename="pathwayneed")
    router.register("reoffending/reviews", views.CohortReviewViewSet, basename="cohortreview")
    router.register("reoffending/alerts", views.AlertsViewSet, basename="reoffending-alerts")
    router.register("reoffending/measures", views.MeasuresViewSet, basename="reoffending-measures")
