from __future__ import annotations

import datetime as dt
from typing import Any

from prevhub.core import registry

_SHARED_RECORDS = ("cohortmember", "custodyspell", "pathwayneed", "cohortreview")


class ReoffendingConfig(registry.HubAppConfig):
    """Integrated Offender Management: the cohort, pathway needs, reviews, reoffending."""

    name = "prevhub.reoffending"
    label = "reoffending"
    verbose_name = "Reoffending"
    area = registry.planned(
        "reoffending",
        home="reoffending:home",
        # A partner given a member (e.g. probation, a housing provider) opens that member's
        # records and nothing else of the register: not its alerts, measures or retention.
        partner_models=("reoffending.CohortMember",),
        partner_pages=frozenset({f"{n}_list" for n in _SHARED_RECORDS} | set(_SHARED_RECORDS)),
        partner_home="reoffending:cohortmember_list",
        admin_all=False,
        admin_landing=True,
    )
    url_prefix = "reoffending/"

    def home_panels(self, request: Any) -> list[registry.HomePanel]:
        """An offender manager's reviews due or overdue (references only)."""
        from prevhub.core import roles
        from prevhub.reoffending import conf, selectors

        user = request.user
        if user.is_partner or not user.has_role(roles.OFFENDER_MANAGER):
            return []
        found = selectors.alerts(user)
        selectors.record_alert_reads(found, user)
        items = [
            (
                f"{a.member_reference}: {a.what}",
                a.url,
                ("overdue since " if a.overdue else "due ") + f"{a.due_on:%d %b %Y}",
            )
            for a in found[:10]
        ]
        return [
            registry.HomePanel(
                title="IOM reviews due",
                items=items,
                empty=f"No cohort review is due in the next {conf.alert_days()} days.",
                more_url="/reoffending/",
            )
        ]

    def team_figures(self, *, start: dt.date, end: dt.date) -> list[registry.TeamFigure]:
        """Members selected in the period and on the cohort at its end; needs closed as met.
        Counts under 5 are not published."""
        from prevhub.reoffending import disclosure
        from prevhub.reoffending.choices import Outcome
        from prevhub.reoffending.models import CohortMember, PathwayNeed

        members = CohortMember._base_manager
        selected = members.filter(selected_on__gte=start, selected_on__lt=end).count()
        on_cohort = members.filter(selected_on__lt=end).exclude(deselected_on__lt=end).count()
        needs = PathwayNeed._base_manager.filter(ended_on__gte=start, ended_on__lt=end)
        closed = needs.count()
        met = needs.filter(outcome=Outcome.MET).count()
        if not (selected or on_cohort or closed):
            return []
        caveat = "Counts under 5 are not published."
        figures = []
        for label, value in (
            ("People selected for the IOM cohort", selected),
            ("People on the IOM cohort at the end of the period", on_cohort),
            ("Pathway needs closed", closed),
            ("Pathway needs closed as met", met),
        ):
            if value and not disclosure.is_suppressed(value):
                figures.append(registry.TeamFigure(label, value, "", caveat))
        if closed >= disclosure.MIN_CELL and met >= disclosure.MIN_CELL:
            figures.append(
                registry.TeamFigure(
                    "Share of closed needs met", round(100 * met / closed, 1), "%", caveat
                )
            )
        return figures

    def load_demo(self) -> str:
        from prevhub.reoffending.demo import load_reoffending_demo

        return load_reoffending_demo()
