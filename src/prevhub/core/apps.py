from prevhub.core import registry


class CoreConfig(registry.HubAppConfig):
    """The framework every app inherits: users and roles, access rules, audit, generic views.

    Its own pages are the admin area (users, the audit log) under ``admin/``; sign-in, the
    start page and the partner's "shared with us" list are open to every signed-in user.
    """

    name = "prevhub.core"
    label = "core"
    verbose_name = "Platform"
    area = registry.planned("admin", home="core:admin_home")
    api_routes = "prevhub.core.api.routes"
    gated_prefixes = ("admin/",)

    def ready(self) -> None:
        from prevhub.core import signals  # noqa: F401  (connect audit signals)
