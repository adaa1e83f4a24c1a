"""Pages of the Safer Business area."""

from django.urls import include, path

from prevhub.business import views
from prevhub.core.urlhelpers import object_urls

app_name = "business"


def _crud(name: str, cls: str, prefix: str) -> object:
    return path(
        prefix,
        include(
            object_urls(
                name,
                list_view=getattr(views, f"{cls}ListView"),
                detail_view=getattr(views, f"{cls}DetailView"),
                edit_view=getattr(views, f"{cls}EditView"),
                delete_view=getattr(views, f"{cls}DeleteView"),
            )
        ),
    )


urlpatterns = [
    path("", views.home, name="home"),
    path("businesses/import/", views.business_import, name="business_import"),
    path("crime-around/", views.crime_around, name="crime_around"),
    path("surveys/<int:pk>/report/", views.survey_report, name="securitysurvey_report"),
    path("surveys/<int:pk>/report.pdf", views.survey_report_pdf, name="securitysurvey_pdf"),
    path("surveys/<int:pk>/follow-up/", views.survey_follow_up, name="securitysurvey_follow_up"),
    _crud("business", "Business", "businesses/"),
    _crud("securitysurvey", "SecuritySurvey", "surveys/"),
    _crud("recommendation", "Recommendation", "recommendations/"),
    _crud("actionday", "ActionDay", "action-days/"),
]
