"""Top-level URLs. Every hub app's pages are mounted by core from the app's own declaration
(see prevhub.core.registry), each under its area's prefix and behind the area gate. Every page
needs a signed-in user except the sign-in pages, static files and the health check (see
core.middleware.LoginRequiredMiddleware)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from prevhub.core.registry import registry
from prevhub.core.views import pages
from prevhub.web import errors

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("prevhub.core.urls")),
    path("api/", include(("prevhub.web.api_urls", "api"))),
    *registry().page_urlpatterns(),
]
if settings.PREVHUB_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler404 = errors.not_found
handler403 = errors.forbidden
handler500 = errors.server_error
