from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The framework every app inherits: users and roles, access rules, audit, generic views."""

    name = "prevhub.core"
    label = "core"
    verbose_name = "Platform"

    def ready(self) -> None:
        from prevhub.core import signals  # noqa: F401  (connect audit signals)
