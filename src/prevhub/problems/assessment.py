"""Assessment methods: each takes a problem, periods and a comparison area and returns figures.

A method is a function registered in :data:`METHODS` under a short name, stored with the
result on the problem. The before/after comparison with a relative effect size is the first;
the fuller methods that come later (weighted displacement difference with a buffer zone,
difference-in-differences over monthly series) register here with the same signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prevhub.crime.area_figures import before_after
from prevhub.errors import PrevhubError
from prevhub.problems import figures
from prevhub.problems.models import Problem

Method = Callable[..., dict[str, Any]]
METHODS: dict[str, tuple[str, Method]] = {}
DEFAULT_METHOD = "before-after"


def register(name: str, label: str) -> Callable[[Method], Method]:
    def _add(fn: Method) -> Method:
        METHODS[name] = (label, fn)
        return fn

    return _add


@register("before-after", "Before and after, with a comparison area (relative effect size)")
def _before_after(
    *,
    problem: Problem,
    before: tuple[str, str],
    after: tuple[str, str],
    comparison_districts: list[str],
    comparison_lsoas: list[str],
) -> dict[str, Any]:
    target = figures.selection(problem)
    comparison = figures.comparison_selection(problem, comparison_districts, comparison_lsoas)
    with figures.open_store() as store:
        return before_after(store, target, before, after, comparison).to_dict()


def run(method: str, **kwargs: Any) -> dict[str, Any]:
    if method not in METHODS:
        raise PrevhubError(f"Unknown assessment method {method!r}; one of {', '.join(METHODS)}.")
    result = METHODS[method][1](**kwargs)
    result["method"] = method
    result["method_label"] = METHODS[method][0]
    return result
