"""An invented demo problem on real open crime data, so `make demo` shows the whole SARA page."""

from __future__ import annotations

import contextlib

from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.errors import PrevhubError
from prevhub.partners.models import Organisation
from prevhub.problems import services
from prevhub.problems.models import Problem, Response, Task

DEMO_TITLE = "Shoplifting in Mansfield town centre (demo)"


def load_problems_demo(coordinator: str = "coordinator", partner_slug: str = "city-council") -> int:
    """Create the demo problem once (idempotent); returns how many problems were added."""
    if Problem.objects.filter(title=DEMO_TITLE).exists():
        return 0
    owner = User.objects.get(username=coordinator)
    partner = Organisation.objects.get(slug=partner_slug)
    with audit_batch():
        problem = Problem.objects.create(
            title=DEMO_TITLE,
            description="Shops report repeat thefts; invented example for the demonstration.",
            problem_type="place",
            force="nottinghamshire",
            districts=["Mansfield"],
            crime_types=["Shoplifting"],
            owner=owner,
            priority="high",
            victim_target="Small independent shops",
            offender="A few prolific local adults",
            place="The town-centre precinct",
            place_manager="Precinct management company",
        )
        problem.shared_with.add(partner)
        response = Response.objects.create(
            problem=problem, title="Tag high-value stock and screen exits", techniques=[1, 3]
        )
        Task.objects.create(
            problem=problem,
            response=response,
            title="Survey CCTV coverage of the precinct",
            owner_organisation=partner,
        )
    with contextlib.suppress(PrevhubError):  # no crime data: the problem stands without figures
        services.problem_scan(problem=problem, user=owner)
    return 1
