from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """The web face of the crime library (Measure, Find): calls prevhub.crime, never copies it."""

    name = "prevhub.insights"
    label = "insights"
    verbose_name = "Insights"
