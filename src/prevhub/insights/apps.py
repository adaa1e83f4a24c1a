from prevhub.core import registry


class InsightsConfig(registry.HubAppConfig):
    """The web face of the crime library (Measure): calls prevhub.crime, never copies it."""

    name = "prevhub.insights"
    label = "insights"
    verbose_name = "Insights"
    area = registry.planned("measure", home="insights:measure")
    url_prefix = "measure/"
