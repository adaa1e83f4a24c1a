"""The WDD test reproduces Wheeler & Ratcliffe (2018) and Wheeler's published worked values.

Sources of every expected number:
* the paper's worked example (Wheeler & Ratcliffe 2018, Crime Science 7:11): control 308→318,
  treated 207→110, displacement control 150→140, displacement buffer 178→157: total −118,
  SE √1568, z −2.98, 95 % interval (−196, −40), as in the test suite of Wheeler's own R
  package ``ptools`` (tests/testthat/test-wdd.R, "Est & Variance Paper");
* time weights: Wheeler's post "The WDD test with different pre/post time periods"
  (andrewpwheeler.com, 2021-01-09), control 100→50, treated 80→20, time weights (2, 1):
  estimate −20, SE √115 (ptools test "Time Weights");
* area weights: "The WDD test with different area sizes" (2021-02-23), area weights
  (0.9, 1.2, 1.6, 1.5): −99.69444444, SE 35.4280755, z −2.813995483, interval
  (−169.1321965, −30.25669241) (ptools test "Area Weights");
* harm weights: "Amending the WDD test to incorporate harm weights" (2020-11-19), five crime
  types with weights 3, 2, 5, 7, 10: −1721, SE 304.10360077, z −5.65925558, interval
  (−2317.03210507, −1124.96789493) (ptools test "Cumulative Harm").
"""

from __future__ import annotations

import math

import pytest

from prevhub.crime.classification import harm_weights_by_crime_type
from prevhub.crime.evaluation import WddCounts, wdd, wdd_harm, wdd_harm_weighted


def test_simple_local_displacement_and_total_ptools() -> None:
    # ptools tests "Local -10", "Displacement -10", "Total -20".
    assert wdd((20, 20), (20, 10)).parts["local"]["estimate"] == -10
    assert wdd((20, 20), (20, 20), (20, 20), (20, 10)).parts["displacement"]["estimate"] == -10
    assert wdd((20, 20), (20, 10), (20, 20), (20, 10)).parts["total"]["estimate"] == -20


def test_paper_worked_example() -> None:
    r = wdd((308, 318), (207, 110), (150, 140), (178, 157), alpha=0.05)
    total = r.parts["total"]
    assert total["estimate"] == pytest.approx(-118)
    assert total["se"] == pytest.approx(math.sqrt(1568))
    assert round(total["z"], 2) == -2.98
    assert [round(x) for x in total["ci"]] == [-196, -40]
    # local = (110−207) − (318−308) = −107 by hand; displacement = (157−178) − (140−150) = −11
    assert r.parts["local"]["estimate"] == -107
    assert r.parts["local"]["se"] == pytest.approx(math.sqrt(308 + 318 + 207 + 110))
    assert r.parts["displacement"]["estimate"] == -11
    assert (r.estimate, r.se, r.method) == (total["estimate"], total["se"], "wdd")
    assert r.reference.startswith("Wheeler, A. P. & Ratcliffe")


def test_time_weights_blog_2021_01_09() -> None:
    r = wdd((100, 50), (80, 20), time_weights=(2, 1), alpha=0.05)
    assert r.parts["total"]["estimate"] == pytest.approx(-20)
    assert r.parts["total"]["se"] == pytest.approx(math.sqrt(115))


def test_area_weights_blog_2021_02_23() -> None:
    r = wdd((308, 318), (207, 110), (150, 140), (178, 157), area_weights=(0.9, 1.2, 1.6, 1.5))
    t = r.parts["total"]
    assert t["estimate"] == pytest.approx(-99.69444444)
    assert t["se"] == pytest.approx(35.4280755)
    assert t["z"] == pytest.approx(-2.813995483)
    assert t["ci"] == pytest.approx([-169.1321965, -30.25669241])


HARM_EXAMPLE = {  # (control, treated) before/after per crime type, Wheeler 2020
    "motor vehicle theft": ((133, 91), (130, 74)),
    "theft": ((388, 305), (327, 202)),
    "burglary": ((148, 97), (398, 190)),
    "robbery": ((86, 64), (144, 92)),
    "assault": ((94, 67), (183, 96)),
}
HARM_WEIGHTS = {"motor vehicle theft": 3, "theft": 2, "burglary": 5, "robbery": 7, "assault": 10}


def test_harm_weights_blog_2020_11_19() -> None:
    locals_ = [wdd(c, t).parts["local"] for c, t in HARM_EXAMPLE.values()]
    combined = wdd_harm(
        [p["estimate"] for p in locals_],
        [p["se"] for p in locals_],
        list(HARM_WEIGHTS.values()),
    )
    assert combined.estimate == pytest.approx(-1721.0)
    assert combined.se == pytest.approx(304.10360077)
    assert combined.z == pytest.approx(-5.65925558, rel=1e-6)
    assert combined.ci == pytest.approx((-2317.03210507, -1124.96789493))
    # The same through the crime-type entry point.
    r = wdd_harm_weighted(
        {k: WddCounts(control=c, treated=t) for k, (c, t) in HARM_EXAMPLE.items()},
        HARM_WEIGHTS,
        part="local",
    )
    assert r.estimate == pytest.approx(-1721.0) and r.se == pytest.approx(304.10360077)


def test_harm_weighted_defaults_to_the_engines_crime_harm_index() -> None:
    chi = harm_weights_by_crime_type()
    counts = {
        "Burglary": WddCounts(control=(50, 40), treated=(30, 20)),
        "Shoplifting": WddCounts(control=(10, 12), treated=(15, 9)),
    }
    r = wdd_harm_weighted(counts)
    # by hand: burglary total = (20−30) − (40−50) = 0; shoplifting = (9−15) − (12−10) = −8
    expected = 0 * chi["Burglary"] + (-8) * chi["Shoplifting"]
    var = (50 + 40 + 30 + 20) * chi["Burglary"] ** 2 + (10 + 12 + 15 + 9) * chi["Shoplifting"] ** 2
    assert r.estimate == pytest.approx(expected)
    assert r.se == pytest.approx(math.sqrt(var))
    assert {row["crime_type"]: row["weight"] for row in r.parts["by_crime_type"]} == {
        "Burglary": chi["Burglary"],
        "Shoplifting": chi["Shoplifting"],
    }


def test_bad_input_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="control"):
        wdd((1, 2, 3), (1, 2))
    with pytest.raises(ValueError, match="treated counts"):
        wdd((1, 2), (-1, 2))
    with pytest.raises(ValueError, match="weights"):
        wdd((1, 2), (1, 2), time_weights=(0, 1))
    with pytest.raises(ValueError, match="no harm weight for Nonsense"):
        wdd_harm_weighted({"Nonsense": WddCounts((1, 1), (1, 1))})


def test_result_is_json_ready_and_says_what_it_cannot_tell() -> None:
    import json

    data = wdd((10, 10), (10, 5)).to_dict()
    json.dumps(data)
    assert data["version"] and data["caveats"]
    assert any("No displacement buffer" in c for c in data["caveats"])
