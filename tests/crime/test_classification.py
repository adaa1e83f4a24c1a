"""Offence codes and police.uk crime types in the hub's classes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from prevhub.crime import classification
from prevhub.crime.classification import (
    CRIME_CLASSES,
    classify_crime_type,
    classify_offence,
    is_stalking_or_harassment,
    offences,
)
from prevhub.crime.rate_batch import compare_many
from prevhub.crime.stats import compare_poisson_counts

months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(2010, 2030), st.integers(1, 12))


def test_police_uk_crime_types_fall_in_the_ons_classes() -> None:
    # The ONS split, as listed in ../shared/data/README.md.
    victim_based = {
        "Violence and sexual offences",
        "Robbery",
        "Burglary",
        "Vehicle crime",
        "Theft from the person",
        "Bicycle theft",
        "Shoplifting",
        "Other theft",
        "Criminal damage and arson",
    }
    society = {"Drugs", "Possession of weapons", "Public order", "Other crime"}
    types = classification.crime_types()
    assert {t for t, c in types.items() if c.crime_class == "victim-based"} == victim_based
    assert {
        t for t, c in types.items() if c.crime_class == "other-crimes-against-society"
    } == society
    assert classify_crime_type("Anti-social behaviour").crime_class == "not-a-crime"


def test_stalking_and_harassment_is_8l_8m_8q_8r_and_coercive_control_from_april_2020() -> None:
    for code in ("8L", "8M", "8Q", "8R"):
        assert classify_offence(code, "2019-01").offence_subgroup == "Stalking and harassment"
    assert classify_offence("8U", "2020-03").offence_subgroup == "Violence without injury"
    assert classify_offence("8U", "2020-04").offence_subgroup == "Stalking and harassment"
    assert classify_offence("8U").crime_class == "victim-based"


def test_fraud_and_society_offences_are_not_victim_based() -> None:
    assert classify_offence("53C").crime_class == "fraud"
    assert classify_offence("92D").crime_class == "other-crimes-against-society"
    assert classify_offence("28E").crime_class == "victim-based"


@given(st.sampled_from(sorted(offences())), months)
def test_every_offence_code_has_one_class_and_a_consistent_stalking_answer(
    code: str, month: str
) -> None:
    offence = classify_offence(code, month)
    assert offence.crime_class in CRIME_CLASSES
    assert is_stalking_or_harassment(code, month) == (
        offence.offence_subgroup == "Stalking and harassment"
    )


def test_every_offence_except_fraud_has_a_harm_weight() -> None:
    missing = [o.code for o in offences().values() if o.harm_subgroup is None]
    assert all(offences()[c].crime_class == "fraud" for c in missing)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), min_size=1, max_size=20),
    st.sampled_from([1.0, 0.5, 2.0, 3 / 12]),
)
def test_the_vectorised_rate_test_gives_the_scalar_tests_answers(
    pairs: list[tuple[int, int]], exposure: float
) -> None:
    current = np.array([p[0] for p in pairs])
    baseline = np.array([p[1] for p in pairs])
    rate_ratio, low, high, p_value = compare_many(current, baseline, exposure)
    for i, (c, b) in enumerate(pairs):
        scalar = compare_poisson_counts(c, b, exposure_ratio=exposure)
        assert np.isclose(p_value[i], scalar.p_value, rtol=1e-6, atol=0)
        if scalar.rate_ratio is None:
            assert np.isnan(rate_ratio[i])
        else:
            assert np.isclose(rate_ratio[i], scalar.rate_ratio)
        if scalar.ci95 is None:
            assert np.isnan(low[i])
        else:
            assert np.allclose([low[i], high[i]], scalar.ci95, rtol=1e-6)
