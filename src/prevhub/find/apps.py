from django.apps import AppConfig


class FindConfig(AppConfig):
    """The Find pages: maps and tables over prevhub.crime.find, which does every calculation."""

    name = "prevhub.find"
    label = "find"
    verbose_name = "Find"
