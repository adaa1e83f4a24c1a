"""Pages of the substances area."""

from django.urls import include, path

from prevhub.core.urlhelpers import object_urls
from prevhub.core.views.generic import ObjectDeleteView
from prevhub.substances import views
from prevhub.substances.models import DrugTestCount, NaloxoneSupply

app_name = "substances"

RECORDS = {
    "diversionepisode": ("DiversionEpisode", "episodes/"),
    "diversioncondition": ("DiversionCondition", "conditions/"),
    "diversionappointment": ("DiversionAppointment", "appointments/"),
    "drugtestcount": ("DrugTestCount", "drug-tests/"),
    "naloxonesupply": ("NaloxoneSupply", "naloxone/"),
}
#: Counts name nobody: they are corrected or deleted like any other figure.
COUNTS = {"drugtestcount": DrugTestCount, "naloxonesupply": NaloxoneSupply}


def _crud(name: str) -> list:
    cls, prefix = RECORDS[name]
    patterns = [
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
        )
    ]
    if name in COUNTS:
        delete = type(
            f"{cls}DeleteView", (ObjectDeleteView,), {"queryset": COUNTS[name].objects.all()}
        )
        patterns.append(path(f"{prefix}<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"))
    else:
        patterns.append(path(f"{prefix}<int:pk>/delete/", views.no_delete, name=f"{name}_delete"))
    return patterns


urlpatterns = [
    path("", views.home, name="home"),
    path("measures/", views.measures, name="measures"),
    path("retention/", views.retention, name="retention"),
    path(
        "episodes/<int:pk>/retention-delete/",
        views.episode_retention_delete,
        name="diversionepisode_retention_delete",
    ),
    *(pattern for name in RECORDS for pattern in _crud(name)),
]
