"""Top-level URLs: pages, the API, sign-in. Every one of them needs a signed-in user except the
sign-in pages, static files and the health check (see core.middleware.LoginRequiredMiddleware)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path

from prevhub.core.navigation import AREAS
from prevhub.core.views import pages
from prevhub.web import errors

_placeholder_areas = [area for area in AREAS if not area.available]

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
    path("partners/", include("prevhub.partners.urls")),
    path("people/", include("prevhub.people.urls")),
    path("measure/", include("prevhub.insights.urls")),
    path("problems/", include("prevhub.problems.urls")),
    path("safeguarding/", include("prevhub.safeguarding.urls")),
    path("find/", include("prevhub.find.urls")),
    path("api/", include(("prevhub.web.api_urls", "api"))),
    path(
        "",
        include(
            (
                [
                    path(
                        f"{area.slug}/", pages.area_placeholder, {"slug": area.slug}, name=area.slug
                    )
                    for area in _placeholder_areas
                ],
                "area",
            )
        ),
    ),
]
if settings.PREVHUB_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler404 = errors.not_found
handler403 = errors.forbidden
handler500 = errors.server_error
