"""API routes of the Safer Business register (basename = model name, as the test matrix
expects)."""

from rest_framework.routers import DefaultRouter

from prevhub.business.api import views


def register(router: DefaultRouter) -> None:
    router.register("business/businesses", views.BusinessViewSet, basename="business")
    router.register("business/surveys", views.SecuritySurveyViewSet, basename="securitysurvey")
    router.register(
        "business/recommendations", views.RecommendationViewSet, basename="recommendation"
    )
    router.register("business/action-days", views.ActionDayViewSet, basename="actionday")
