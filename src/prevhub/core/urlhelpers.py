"""URL patterns for the four generic views of a model, named `<model>_list`, `<model>`, …"""

from __future__ import annotations

from django.urls import URLPattern, path
from django.views import View


def object_urls(
    model_name: str,
    *,
    list_view: type[View],
    detail_view: type[View],
    edit_view: type[View] | None = None,
    delete_view: type[View] | None = None,
) -> list[URLPattern]:
    patterns = [
        path("", list_view.as_view(), name=f"{model_name}_list"),
        path("<int:pk>/", detail_view.as_view(), name=model_name),
    ]
    if edit_view is not None:
        patterns += [
            path("add/", edit_view.as_view(), name=f"{model_name}_add"),
            path("<int:pk>/edit/", edit_view.as_view(), name=f"{model_name}_edit"),
        ]
    if delete_view is not None:
        patterns.append(
            path("<int:pk>/delete/", delete_view.as_view(), name=f"{model_name}_delete")
        )
    return patterns
