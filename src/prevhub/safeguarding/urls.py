"""Pages of the safeguarding area."""

from django.urls import include, path

from prevhub.core.urlhelpers import object_urls
from prevhub.safeguarding import views

app_name = "safeguarding"


def _crud(name: str, prefix: str) -> list:
    cls = {
        "safeguardingcase": "Case",
        "incident": "Incident",
        "riskassessment": "RiskAssessment",
        "maracreferral": "MaracReferral",
        "protectionorder": "ProtectionOrder",
        "breach": "Breach",
    }[name]
    return [
        path(
            prefix,
            include(
                object_urls(
                    name,
                    list_view=getattr(views, f"{cls}ListView"),
                    detail_view=getattr(views, f"{cls}DetailView"),
                    edit_view=getattr(views, f"{cls}EditView"),
                )
            ),
        ),
        # No delete page (retention only); the name stays so links and tests can ask for it.
        path(f"{prefix}<int:pk>/delete/", views.no_delete, name=f"{name}_delete"),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measures, name="measures"),
    path("retention/", views.retention, name="retention"),
    path("victims/add/", views.victim_register, name="victim_register"),
    path(
        "cases/<int:pk>/retention-delete/",
        views.case_retention_delete,
        name="safeguardingcase_retention_delete",
    ),
    path(
        "orders/<int:pk>/transition/",
        views.protection_order_transition,
        name="protectionorder_transition",
    ),
    *_crud("safeguardingcase", "cases/"),
    *_crud("incident", "incidents/"),
    *_crud("riskassessment", "assessments/"),
    *_crud("maracreferral", "marac/"),
    *_crud("protectionorder", "orders/"),
    *_crud("breach", "breaches/"),
]
