from prevhub.core.tables import Column, Table
from prevhub.problems.techniques import effect_label, evidence_quality


def _area(problem) -> str:  # type: ignore[no-untyped-def]
    return ", ".join([*problem.districts, *problem.lsoas]) or problem.force


class ProblemTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda p: p.reference),
        Column("title", "Title"),
        Column("stage", "Stage"),
        Column("priority", "Priority"),
        Column("problem_type", "Type"),
        Column("area", "Area", sortable=False, value=_area),
        Column("owner__username", "Owner"),
        Column("review_date", "Review date"),
        Column("opened_on", "Opened"),
    )
    default_columns = ("id", "title", "stage", "priority", "area", "owner__username", "review_date")


class TaskTable(Table):
    columns = (
        Column("title", "Task", link=True),
        Column("problem", "Problem", sortable=False, value=lambda t: t.problem.reference),
        Column(
            "owner",
            "Owner",
            sortable=False,
            value=lambda t: t.owner_organisation or t.owner_user or "",
        ),
        Column("due_date", "Due"),
        Column("status", "Status"),
        Column("completed_on", "Completed"),
    )


def _quality(field: str):  # type: ignore[no-untyped-def]
    return lambda i: evidence_quality(getattr(i, field))


class InterventionTable(Table):
    """The evidence library, every rating in the Crime Reduction Toolkit's words
    (``techniques.evidence_quality``), whether it was stored as an older page's 0–4 or a word."""

    columns = (
        Column("name", "Intervention", link=True),
        Column("effect", "Effect", value=lambda i: effect_label(i.effect)),
        Column("effect_evidence", "Effect: quality of evidence", value=_quality("effect_evidence")),
        Column("mechanism", "Mechanism", value=_quality("mechanism")),
        Column("moderators", "Moderators", value=_quality("moderators")),
        Column("implementation", "Implementation", value=_quality("implementation")),
        Column("economic_cost", "Economic cost", value=_quality("economic_cost")),
    )
