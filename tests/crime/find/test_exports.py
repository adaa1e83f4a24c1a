"""Exported names cover what the public functions return (one vocabulary, nothing hidden)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import typing

import pytest

MODULES = (
    "prevhub.crime",
    "prevhub.crime.find",
    "prevhub.crime.geography",
    "prevhub.crime.stats",
)


def _classes_in(annotation: object) -> set[type]:
    """Project classes named anywhere in a return annotation (tuple[...], X | None, list[X])."""
    found: set[type] = set()
    if isinstance(annotation, type) and annotation.__module__.startswith("prevhub."):
        found.add(annotation)
    for arg in typing.get_args(annotation):
        found |= _classes_in(arg)
    return found


@pytest.mark.parametrize("module_name", MODULES)
def test_every_class_a_public_function_returns_is_exported(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = set(module.__all__)
    missing = {}
    for name in module.__all__:
        value = getattr(module, name)
        if not inspect.isfunction(value):
            continue
        returned = _classes_in(typing.get_type_hints(value).get("return"))
        for cls in returned:
            if dataclasses.is_dataclass(cls) and cls.__name__ not in exported:
                missing[cls.__name__] = name
    assert not missing, f"{module_name} returns classes it does not export: {missing}"


def test_statistics_share_one_vocabulary() -> None:
    """z, p_value, q_value, seed, permutations: no p, pval, trend_p, zscore, nperm."""
    from prevhub.crime.find import (
        EmergingCell,
        EmergingHotSpots,
        GiStarResult,
        KnoxResult,
        MannKendall,
    )

    fields = set()
    for cls in (EmergingCell, EmergingHotSpots, GiStarResult, KnoxResult, MannKendall):
        fields |= {f.name for f in dataclasses.fields(cls)}
    assert {"z", "p_value", "q_value", "seed", "permutations", "trend_p_value"} <= fields
    bad = {f for f in fields if f in {"p", "pval", "pvalue", "trend_p", "zscore", "nperm"}}
    assert not bad
