from prevhub.core import registry


class ReportsConfig(registry.HubAppConfig):
    """The hub lead's dashboard and the annual Prevention Hub report."""

    name = "prevhub.reports"
    label = "reports"
    verbose_name = "Reports"
    area = registry.planned("reports", home="reports:home")
    url_prefix = "reports/"
