from prevhub.core import registry


class FindConfig(registry.HubAppConfig):
    """The Find pages: maps and tables over prevhub.crime.find, which does every calculation."""

    name = "prevhub.find"
    label = "find"
    verbose_name = "Find"
    area = registry.planned("find", home="find:hotspots")
    url_prefix = "find/"
