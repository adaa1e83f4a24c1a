from prevhub.core.urlhelpers import object_urls
from prevhub.partners import views

app_name = "partners"

urlpatterns = object_urls(
    "organisation",
    list_view=views.OrganisationListView,
    detail_view=views.OrganisationDetailView,
    edit_view=views.OrganisationEditView,
    delete_view=views.OrganisationDeleteView,
)
