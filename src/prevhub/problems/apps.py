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

    def load_demo(self) -> str:
        from prevhub.problems.demo import load_problems_demo

        added = load_problems_demo()
        return f"{added} problem{'s' if added != 1 else ''} added"
