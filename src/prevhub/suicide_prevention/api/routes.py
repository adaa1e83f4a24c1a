"""API routes of the suicide prevention app, on the one router in prevhub.web.api_urls."""

from rest_framework.routers import DefaultRouter

from prevhub.suicide_prevention.api import views


def register(router: DefaultRouter) -> None:
    """Basename = model name, as the test matrix expects."""
    router.register(
        "suicide-prevention/records", views.SurveillanceRecordViewSet, basename="surveillancerecord"
    )
    router.register(
        "suicide-prevention/locations", views.LocationOfConcernViewSet, basename="locationofconcern"
    )
    router.register(
        "suicide-prevention/measures", views.LocationMeasureViewSet, basename="locationmeasure"
    )
