"""API routes of the safeguarding app, registered on the one router in prevhub.web.api_urls."""

from rest_framework.routers import DefaultRouter

from prevhub.safeguarding.api import views


def register(router: DefaultRouter) -> None:
    """Add this app's viewsets to the hub's router (basename = model name, as the test matrix
    expects)."""
    router.register("safeguarding/cases", views.CaseViewSet, basename="safeguardingcase")
    router.register("safeguarding/incidents", views.IncidentViewSet, basename="incident")
    router.register(
        "safeguarding/assessments", views.RiskAssessmentViewSet, basename="riskassessment"
    )
    router.register(
        "safeguarding/stalking-screenings",
        views.StalkingScreeningViewSet,
        basename="stalkingscreening",
    )
    router.register("safeguarding/marac", views.MaracReferralViewSet, basename="maracreferral")
    router.register("safeguarding/marac-actions", views.MaracActionViewSet, basename="maracaction")
    router.register("safeguarding/orders", views.ProtectionOrderViewSet, basename="protectionorder")
    router.register("safeguarding/breaches", views.BreachViewSet, basename="breach")
    router.register("safeguarding/victims", views.VictimViewSet, basename="safeguarding-victim")
    router.register(
        "safeguarding/work-queue", views.WorkQueueViewSet, basename="safeguarding-work-queue"
    )
    router.register(
        "safeguarding/measures", views.MeasuresViewSet, basename="safeguarding-measures"
    )
