from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """The person index: one record per person the hub works with, shared by need to know."""

    name = "prevhub.people"
    label = "people"
    verbose_name = "People"
