"""Pages of the suicide prevention area."""

from django.urls import include, path

from prevhub.core.urlhelpers import object_urls
from prevhub.suicide_prevention import views

app_name = "suicide_prevention"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("clusters/", views.clusters, name="clusters"),
    path("retention/", views.retention, name="retention"),
    path(
        "records/",
        include(
            object_urls(
                "surveillancerecord",
                list_view=views.SurveillanceRecordListView,
                detail_view=views.SurveillanceRecordDetailView,
                edit_view=views.SurveillanceRecordEditView,
            )
        ),
    ),
    # No delete page (retention only); the name stays so links and tests can ask for it.
    path("records/<int:pk>/delete/", views.no_delete, name="surveillancerecord_delete"),
    path(
        "locations/",
        include(
            object_urls(
                "locationofconcern",
                list_view=views.LocationListView,
                detail_view=views.LocationDetailView,
                edit_view=views.LocationEditView,
                delete_view=views.LocationDeleteView,
            )
        ),
    ),
    path(
        "measures/",
        include(
            object_urls(
                "locationmeasure",
                list_view=views.MeasureListView,
                detail_view=views.MeasureDetailView,
                edit_view=views.MeasureEditView,
                delete_view=views.MeasureDeleteView,
            )
        ),
    ),
]
