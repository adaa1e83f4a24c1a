from __future__ import annotations

from datetime import date
from typing import Any

from prevhub.core import registry

#: Records a business crime reduction partnership or BID opens for its own members, and the
#: action days it took part in (list and detail pages, the survey report, their API routes).
_PARTNER_PAGES = frozenset(
    {
        "home",
        "business_list",
        "business",
        "securitysurvey_list",
        "securitysurvey",
        "securitysurvey_report",
        "securitysurvey_pdf",
        "recommendation_list",
        "recommendation",
        "actionday_list",
        "actionday",
    }
)


class BusinessConfig(registry.HubAppConfig):
    """Safer Business: businesses, their security surveys, action days and the crime around."""

    name = "prevhub.business"
    label = "business"
    verbose_name = "Safer Business"
    area = registry.planned(
        "business",
        home="business:home",
        partner_models=("business.Business", "business.ActionDay"),
        partner_pages=_PARTNER_PAGES,
    )
    url_prefix = "business/"

    def load_demo(self) -> str:
        from prevhub.business.demo import load_business_demo

        return load_business_demo()

    def team_figures(self, *, start: date, end: date) -> list[registry.TeamFigure]:
        from prevhub.business.selectors import team_figures

        return team_figures(start=start, end=end)

    def problem_deployments(self, user: Any, problem: Any) -> list[registry.Deployment]:
        from prevhub.business.selectors import problem_deployments

        return problem_deployments(user, problem)
