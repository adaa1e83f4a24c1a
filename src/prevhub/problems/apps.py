from django.apps import AppConfig


class ProblemsConfig(AppConfig):
    """SARA problems worked with partners, their responses, tasks and assessments."""

    name = "prevhub.problems"
    label = "problems"
    verbose_name = "Problems"
