"""Pages of the problems area."""

from django.urls import path

from prevhub.core.urlhelpers import object_urls
from prevhub.problems import views

app_name = "problems"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:tid>/complete/", views.task_complete, name="task_complete"),
    path("<int:pk>/analysis/", views.analysis_save, name="analysis"),
    path("<int:pk>/scan/", views.scan, name="scan"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/lessons/", views.lessons_save, name="lessons"),
    path("<int:pk>/stage/", views.stage_move, name="stage"),
    path("<int:pk>/journal/", views.journal_add, name="journal"),
    path("<int:pk>/responses/add/", views.response_edit, name="response_add"),
    path("<int:pk>/responses/<int:rid>/", views.response_edit, name="response_edit"),
    path("<int:pk>/tasks/add/", views.task_edit, name="task_add"),
    path("<int:pk>/tasks/<int:tid>/", views.task_edit, name="task_edit"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/profile/", views.problem_profile, name="profile"),
    path("<int:pk>/profile.pdf", views.problem_profile_pdf, name="profile_pdf"),
    path("interventions/", views.InterventionListView.as_view(), name="intervention_list"),
    path("interventions/<int:pk>/", views.InterventionDetailView.as_view(), name="intervention"),
    path("interventions/add/", views.InterventionEditView.as_view(), name="intervention_add"),
    path(
        "interventions/<int:pk>/edit/",
        views.InterventionEditView.as_view(),
        name="intervention_edit",
    ),
    *object_urls(
        "problem",
        list_view=views.ProblemListView,
        detail_view=views.ProblemDetailView,
        edit_view=views.ProblemEditView,
        delete_view=views.ProblemDeleteView,
    ),
]
