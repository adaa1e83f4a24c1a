from datetime import date
from typing import Any

from prevhub.core import registry

#: What a school (or another partner hosting a unit) opens: the units it hosts, their
#: sessions and volunteering events; never a child's record, consents, hours or concerns.
_PARTNER_PAGES = frozenset(
    {
        "unit_list",
        "unit",
        "session_list",
        "session",
        "volunteeringevent_list",
        "volunteeringevent",
    }
)


class YouthConfig(registry.HubAppConfig):
    """Volunteer Police Cadets and Mini Police: units, leaders, cadets, sessions, volunteering."""

    name = "prevhub.youth"
    label = "youth"
    verbose_name = "Youth"
    area = registry.planned(
        "youth",
        home="youth:home",
        partner_models=("youth.Unit",),
        partner_pages=_PARTNER_PAGES,
        partner_home="youth:unit_list",
        # Children's data: administering the hub is not a reason to read it.
        admin_all=False,
        admin_landing=True,
    )
    url_prefix = "youth/"

    def load_demo(self) -> str:
        from prevhub.youth.demo import load_youth_demo

        return load_youth_demo()

    def home_panels(self, request: Any) -> list[registry.HomePanel]:
        from prevhub.youth import selectors

        return selectors.home_panels(request.user)

    def problem_deployments(self, user: Any, problem: Any) -> list[registry.Deployment]:
        from prevhub.youth import selectors

        return selectors.problem_deployments(user, problem)

    def team_figures(self, *, start: date, end: date) -> list[registry.TeamFigure]:
        from prevhub.youth import selectors

        return selectors.team_figures(start=start, end=end)
