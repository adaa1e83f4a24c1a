from django.urls import path

from prevhub.core.views import jobs, pages

app_name = "core"

urlpatterns = [
    path("admin/", pages.admin_home, name="admin_home"),
    path("admin/audit/", pages.AuditEntryListView.as_view(), name="auditentry_list"),
    path("admin/audit/<int:pk>/", pages.AuditEntryDetailView.as_view(), name="auditentry"),
    path("admin/users/", pages.UserListView.as_view(), name="user_list"),
    path("admin/users/<int:pk>/", pages.UserDetailView.as_view(), name="user"),
    path("admin/users/<int:pk>/edit/", pages.UserEditView.as_view(), name="user_edit"),
    path("admin/jobs/", jobs.jobrun_list, name="jobrun_list"),
    path("admin/jobs/<int:pk>/retry/", jobs.jobrun_retry, name="jobrun_retry"),
    path("jobs/<int:pk>/", jobs.jobrun, name="jobrun"),
    path("shared/", pages.shared_with_us, name="shared"),
    path("accounts/two-factor/setup/", pages.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", pages.two_factor_verify, name="two_factor_verify"),
]
