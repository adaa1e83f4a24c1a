from prevhub.core.urlhelpers import object_urls
from prevhub.people import views

app_name = "people"

urlpatterns = object_urls(
    "person",
    list_view=views.PersonListView,
    detail_view=views.PersonDetailView,
    edit_view=views.PersonEditView,
    delete_view=views.PersonDeleteView,
)
