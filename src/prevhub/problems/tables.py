from prevhub.core.tables import Column, Table


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


class InterventionTable(Table):
    columns = (
        Column("name", "Intervention", link=True),
        Column("effect", "Effect"),
        Column("effect_evidence", "Evidence quality"),
        Column("mechanism", "Mechanism"),
        Column("implementation", "Implementation"),
        Column("economic_cost", "Economic cost"),
    )
