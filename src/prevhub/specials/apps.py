from __future__ import annotations

import datetime as dt
from typing import Any

from prevhub.core import registry


class SpecialsConfig(registry.HubAppConfig):
    """The Special Constabulary: officers, vetting, qualifications, duties, events and hours."""

    name = "prevhub.specials"
    label = "specials"
    verbose_name = "Specials"
    # Need to know: officers' vetting and business interests are personal data; an
    # administrator without the specials role sees only the landing page (which says so).
    area = registry.planned("specials", home="specials:home", admin_all=False, admin_landing=True)
    url_prefix = "specials/"
    #: The calendar feed: its secret token is the credential (core.registry.TOKEN_PAGES).
    token_pages = {
        "calendar_feed": "an officer's duties for a calendar program: the secret, "
        "revocable token in the URL is the credential (only its hash is stored)"
    }

    def load_demo(self) -> str:
        from prevhub.specials.demo import load_specials_demo

        return load_specials_demo()

    def home_panels(self, request: Any) -> list[registry.HomePanel]:
        from django.urls import reverse

        from prevhub.core import formatting
        from prevhub.specials import selectors

        user = request.user
        if not selectors.may_see_register(user):
            return []
        from prevhub.core.audit import record_reads
        from prevhub.specials.models import Officer

        alerts = [a for a in selectors.expiry_alerts() if a.expired or a.stage is not None][:8]
        # The panel shows vetting expiries: a read of those officers' vetting records.
        shown = Officer._base_manager.filter(pk__in={a.officer_id for a in alerts})
        record_reads(shown, how="start page expiry alerts")
        items = [
            (
                f"{a.collar_number}: {a.what}",
                reverse("specials:officer", args=[a.officer_id]),
                ("expired " if a.expired else "expires ") + formatting.date(a.expires_on),
            )
            for a in alerts
        ]
        return [
            registry.HomePanel(
                title="Specials: vetting and qualifications expiring",
                items=items,
                empty="Nothing expires in the next 90 days.",
                more_url=reverse("specials:home"),
            )
        ]

    def problem_deployments(self, user: Any, problem: Any) -> list[registry.Deployment]:
        from django.urls import reverse

        from prevhub.specials import selectors

        url = ""
        if selectors.may_see_register(user):
            url = reverse("specials:duty_list") + f"?problem={problem.pk}"
        return [
            registry.Deployment(
                label=r["label"], when=r["day"], hours=r["hours"], source="Specials", url=url
            )
            for r in selectors.problem_deployment_rows(problem)
        ]

    def team_figures(self, *, start: dt.date, end: dt.date) -> list[registry.TeamFigure]:
        from prevhub.specials import conf, selectors

        last_day = end - dt.timedelta(days=1)
        if last_day < start:
            return []
        m = selectors.hours_measures(
            first=selectors.month_of(start), last=selectors.month_of(last_day)
        )
        if m.total_hours == 0 and m.serving_at_start == 0:
            return []
        figures = [
            registry.TeamFigure(
                "Special constables' hours worked",
                round(m.total_hours, 1),
                "hours",
                "From worked duties recorded in the register.",
            ),
            registry.TeamFigure("Hours deployed to problems", round(m.problem_hours, 1), "hours"),
            registry.TeamFigure(
                "Hours deployed to hot-spot cells", round(m.hotspot_hours, 1), "hours"
            ),
        ]
        latest = m.monthly[-1] if m.monthly else None
        if latest and latest["officers_counted"] >= selectors.SUPPRESS_BELOW:
            figures.append(
                registry.TeamFigure(
                    "Officers meeting the minimum hours",
                    round(100 * latest["meeting_share"]),
                    "%",
                    f"In {latest['month']}, against {conf.minimum_hours():g} hours "
                    f"({m.rule} rule).",
                )
            )
        if m.serving_at_start >= selectors.SUPPRESS_BELOW:
            figures.append(
                registry.TeamFigure(
                    "Officers retained over the period",
                    round(100 * (m.retention or 0)),
                    "%",
                    "Of those serving on the first day.",
                )
            )
        if m.value is not None:
            figures.append(
                registry.TeamFigure(
                    "Value of the hours",
                    round(m.value),
                    "£",
                    "At the force's configured hourly value.",
                )
            )
        return figures
