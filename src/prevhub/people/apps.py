from prevhub.core import registry


class PeopleConfig(registry.HubAppConfig):
    """The person index: one record per person the hub works with, shared by need to know."""

    name = "prevhub.people"
    label = "people"
    verbose_name = "People"
    area = registry.planned(
        "people",
        home="people:person_list",
        partner_models=("people.Person",),
        # Personal data: an administrator manages accounts, not the people the hub works with.
        admin_all=False,
    )
    url_prefix = "people/"
