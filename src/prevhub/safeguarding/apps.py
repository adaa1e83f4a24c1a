from prevhub.core import registry

_SHARED_RECORDS = (
    "safeguardingcase",
    "incident",
    "riskassessment",
    "maracreferral",
    "protectionorder",
    "breach",
)


class SafeguardingConfig(registry.HubAppConfig):
    """Cases, risk assessments, MARAC referrals and protection orders with their deadlines."""

    name = "prevhub.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"
    area = registry.planned(
        "safeguarding",
        home="safeguarding:home",
        # A partner organisation given a case (e.g. an IDVA service) opens that case's records
        # (each model shares through its case), and nothing else of the register: not its
        # work queue, measures, retention or victim registration.
        partner_models=("safeguarding.SafeguardingCase",),
        partner_pages=frozenset(
            {f"{name}_list" for name in _SHARED_RECORDS}
            | set(_SHARED_RECORDS)
            | {"stalkingscreening", "maracaction"}  # API routes of records within a case
        ),
        partner_home="safeguarding:safeguardingcase_list",
        admin_all=False,
        admin_landing=True,
    )
    url_prefix = "safeguarding/"

    def team_figures(self, *, start, end) -> list[registry.TeamFigure]:  # type: ignore[no-untyped-def]
        from prevhub.safeguarding.selectors import team_figures

        return team_figures(start, end)

    def load_demo(self) -> str:
        from prevhub.safeguarding.demo import load_safeguarding_demo

        return load_safeguarding_demo()
