from prevhub.core import registry


class ProblemsConfig(registry.HubAppConfig):
    """SARA problems worked with partners, their responses, tasks and assessments."""

    name = "prevhub.problems"
    label = "problems"
    verbose_name = "Problems"
    area = registry.planned(
        "problems",
        home="problems:dashboard",
        # A partner organisation works on the problems shared with it: every page of the area
        # opens for them, each showing only what is shared (the models' access policies).
        partner_models=("problems.Problem",),
    )
    url_prefix = "problems/"

    def home_panels(self, request) -> list[registry.HomePanel]:  # type: ignore[no-untyped-def]
        from prevhub.problems.selectors import partner_tasks_panel

        user = request.user
        return [partner_tasks_panel(user)] if user.is_partner else []

    def team_figures(self, *, start, end) -> list[registry.TeamFigure]:  # type: ignore[no-untyped-def]
        """Problems opened and closed in the period, and those still open at its end."""
        from prevhub.problems.models import Problem, Stage

        opened = Problem.objects.filter(opened_on__gte=start, opened_on__lt=end).count()
        closed = Problem.objects.filter(
            stage=Stage.CLOSED, closed_on__gte=start, closed_on__lt=end
        ).count()
        if not (opened or closed):
            return []
        still_open = (
            Problem.objects.filter(opened_on__lt=end)
            .exclude(stage=Stage.CLOSED, closed_on__lt=end)
            .count()
        )
        return [
            registry.TeamFigure("Problems opened with partners", opened),
            registry.TeamFigure("Problems closed", closed),
            registry.TeamFigure("Problems open at the end of the period", still_open),
        ]

    def load_demo(self) -> str:
        from prevhub.problems.demo import load_problems_demo

        added = load_problems_demo()
        return f"{added} problem{'s' if added != 1 else ''} added"
