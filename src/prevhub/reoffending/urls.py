"""Pages of the reoffending area."""

from django.urls import include, path

from prevhub.core.urlhelpers import object_urls
from prevhub.reoffending import views

app_name = "reoffending"

RECORDS = {
    "cohortmember": ("CohortMember", "members/"),
    "custodyspell": ("CustodySpell", "custody/"),
    "pathwayneed": ("PathwayNeed", "needs/"),
    "cohortreview": ("CohortReview", "reviews/"),
}


def _crud(name: str) -> list:
    cls, prefix = RECORDS[name]
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
    path(
        "members/<int:pk>/retention-delete/",
        views.member_retention_delete,
        name="cohortmember_retention_delete",
    ),
    *(pattern for name in RECORDS for pattern in _crud(name)),
]
