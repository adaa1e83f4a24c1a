from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partner organisations: the force itself, councils, health, schools, charities…"""

    name = "prevhub.partners"
    label = "partners"
    verbose_name = "Partners"
