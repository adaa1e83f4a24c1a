from datetime import date
from typing import Any

from prevhub.core import registry

_SHARED_RECORDS = ("surveillancerecord", "locationofconcern", "locationmeasure")


class SuicidePreventionConfig(registry.HubAppConfig):
    """Real-time surveillance of suspected suicides, locations of concern, cluster alerts and
    the monthly surveillance report."""

    name = "prevhub.suicide_prevention"
    label = "suicide_prevention"
    verbose_name = "Suicide prevention"
    area = registry.planned(
        "suicide-prevention",
        home="suicide_prevention:home",
        # A partner organisation given a record (e.g. a bereavement support service) or a
        # location (e.g. the railway, the council) opens those records, and nothing else of
        # the register: not its report, alerts or retention.
        partner_models=(
            "suicide_prevention.SurveillanceRecord",
            "suicide_prevention.LocationOfConcern",
        ),
        partner_pages=frozenset(
            {f"{name}_list" for name in _SHARED_RECORDS} | set(_SHARED_RECORDS)
        ),
        partner_home="suicide_prevention:surveillancerecord_list",
        admin_all=False,
        admin_landing=True,
    )
    url_prefix = "suicide-prevention/"

    def home_panels(self, request: Any) -> list[registry.HomePanel]:
        """The cluster alert, on the suicide prevention lead's start page."""
        from prevhub.core import roles

        user = request.user
        if user.is_partner or not user.has_role(roles.SUICIDE_PREVENTION):
            return []
        from django.urls import reverse

        from prevhub.suicide_prevention.selectors import cached_cluster_alert

        alert = cached_cluster_alert()
        items = []
        if alert is not None and alert.alerting:
            test = alert.test
            items.append(
                (
                    f"Possible cluster: {len(alert.groups[0])} linked deaths",
                    reverse("suicide_prevention:clusters"),
                    f"Knox test p = {test.p_sim:.3f}, {test.statistic} pairs within "
                    f"{test.within_metres:g} m and {test.within_days:g} days "
                    f"(expected {test.expected:.1f})",
                )
            )
        return [
            registry.HomePanel(
                title="Suicide prevention cluster alerts",
                items=items,
                empty="No unusual cluster of suspected suicides in the last year "
                "(Knox test, see the Clusters page).",
                more_url=reverse("suicide_prevention:clusters"),
            )
        ]

    def team_figures(self, *, start: date, end: date) -> list[registry.TeamFigure]:
        from prevhub.suicide_prevention.selectors import team_figures

        return team_figures(start=start, end=end)

    def load_demo(self) -> str:
        from prevhub.suicide_prevention.demo import load_suicide_prevention_demo

        return load_suicide_prevention_demo()
