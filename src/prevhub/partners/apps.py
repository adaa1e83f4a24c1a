from prevhub.core import registry


class PartnersConfig(registry.HubAppConfig):
    """Partner organisations: the force itself, councils, health, schools, charities…"""

    name = "prevhub.partners"
    label = "partners"
    verbose_name = "Partners"
    url_prefix = "partners/"
    open_reason = (
        "Who the force's partners are is known to all its staff (problems and tasks name them); "
        "a partner's user sees only their own organisation, by the model's access policy."
    )
