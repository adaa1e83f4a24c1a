from __future__ import annotations

import datetime as dt

from prevhub.core import registry, roles

_SHARED_RECORDS = ("diversionepisode", "diversioncondition", "diversionappointment")


class SubstancesConfig(registry.HubAppConfig):
    """Drug diversion, referral to treatment, drug testing on arrest and naloxone."""

    name = "prevhub.substances"
    label = "substances"
    verbose_name = "Substances"
    area = registry.planned(
        "substances",
        home="substances:home",
        # Offender managers and the hub lead (aggregates): the youth engagement lead, whom the
        # plan also listed, runs cadets and Mini Police, not diversion casework, and has no need
        # to know adults' drug offences (docs/substances.md).
        roles=frozenset({roles.OFFENDER_MANAGER, roles.HUB_LEAD}),
        partner_models=("substances.DiversionEpisode",),
        partner_pages=frozenset({f"{n}_list" for n in _SHARED_RECORDS} | set(_SHARED_RECORDS)),
        partner_home="substances:diversionepisode_list",
        admin_all=False,
        admin_landing=True,
    )
    url_prefix = "substances/"

    def team_figures(self, *, start: dt.date, end: dt.date) -> list[registry.TeamFigure]:
        """Episodes decided in the period: eligible, diverted, completed; tests and kits.
        Counts under 5 are not published."""
        from django.db.models import Sum

        from prevhub.reoffending import disclosure
        from prevhub.substances.choices import Outcome
        from prevhub.substances.models import DiversionEpisode, DrugTestCount, NaloxoneSupply
        from prevhub.substances.selectors import DIVERTED

        episodes = DiversionEpisode._base_manager.filter(decided_on__gte=start, decided_on__lt=end)
        eligible = episodes.exclude(outcome=Outcome.INELIGIBLE).count()
        diverted = episodes.filter(outcome__in=DIVERTED).count()
        completed = episodes.filter(outcome=Outcome.COMPLETED).count()
        tests = (
            DrugTestCount._base_manager.filter(month__gte=start, month__lt=end).aggregate(
                n=Sum("tests")
            )["n"]
            or 0
        )
        kits = (
            NaloxoneSupply._base_manager.filter(month__gte=start, month__lt=end).aggregate(
                n=Sum("kits")
            )["n"]
            or 0
        )
        if not (episodes.exists() or tests or kits):
            return []
        caveat = "Counts under 5 are not published."
        figures = []
        for label, value in (
            ("People eligible for drug diversion", eligible),
            ("People diverted", diverted),
            ("Diversions completed", completed),
            ("Drug tests on arrest", tests),
            ("Naloxone kits supplied", kits),
        ):
            if value and not disclosure.is_suppressed(value):
                figures.append(registry.TeamFigure(label, value, "", caveat))
        return figures

    def load_demo(self) -> str:
        from prevhub.substances.demo import load_substances_demo

        return load_substances_demo()
