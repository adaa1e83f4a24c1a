"""Diversion measures against counts worked out by hand: offered, accepted and completed rates
with Wilson intervals, time to first appointment, breakdowns with the disproportionality ratio
and small cells suppressed, reoffending at 12 months by how the episode ended."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user
from prevhub.crime.store import CrimeStore
from prevhub.substances import selectors
from prevhub.substances.models import DiversionEpisode
from tests.reoffending.helpers import make_person
from tests.substances.helpers import make_episode

pytestmark = pytest.mark.django_db
D = dt.date


def _episodes() -> None:
    """20 eligible episodes and 2 ineligible (invented):
    - 12 white men: 10 offered, 8 accepted, of whom 6 completed, 2 did not;
    - 6 black men: 3 offered, 2 accepted (1 completed, 1 in progress);
    - 2 white women: not offered; 2 more ineligible (no admission).
    Referral to first appointment for the 6 white completers: 3, 5, 7, 9, 11, 13 days."""
    waits = iter([3, 5, 7, 9, 11, 13])
    for i in range(12):
        fields: dict[str, Any] = {"sex": "male", "ethnicity": "white"}
        if i < 10:
            fields["offered_on"] = D(2025, 1, 13)
        if i < 8:
            fields.update(accepted=True, accepted_on=D(2025, 1, 13))
        if i < 6:
            wait = next(waits)
            fields.update(
                completed_on=D(2025, 4, 1),
                referred_on=D(2025, 1, 14),
                first_appointment_on=D(2025, 1, 14) + dt.timedelta(days=wait),
            )
        elif i < 8:
            fields.update(not_completed_on=D(2025, 4, 1))
        elif i < 10:
            fields.update(accepted=False)
        make_episode(offender_reference=f"OFF-W{i}", **fields)
    for i in range(6):
        fields = {"sex": "male", "ethnicity": "black"}
        if i < 3:
            fields["offered_on"] = D(2025, 1, 13)
        if i < 2:
            fields.update(accepted=True, accepted_on=D(2025, 1, 13))
        if i == 0:
            fields.update(completed_on=D(2025, 4, 1))
        if i == 2:
            fields.update(accepted=False)
        make_episode(**fields)
    for _ in range(2):
        make_episode(sex="female", ethnicity="white")
    for _ in range(2):
        make_episode(eligibility={"admission": "not_met", "no_excluding_factors": "met"})


def test_rates_with_wilson_intervals_equal_the_hand_count() -> None:
    _episodes()
    result = selectors.measures(store_path=Path("/nonexistent/none.duckdb"))
    funnel = result["funnel"]
    # Eligible 20 (12 + 6 + 2); offered 13 (10 + 3): 65.0%. Wilson 95% for 13/20, worked by
    # hand: z = 1.959964, p = 0.65, centre = (0.65 + 1.9208/40) / (1 + 3.8415/20) = 0.6254,
    # half = 1.96 * sqrt(0.65 * 0.35 / 20 + 3.8415 / 1600) / 1.19207 = 0.1918: 43.3% to 81.9%.
    assert (funnel["considered"], funnel["eligible"]) == (22, 20)
    offered = funnel["offered"]
    assert (offered["count"], offered["total"], offered["pct"]) == (13, 20, 65.0)
    assert (offered["low"], offered["high"]) == (43.3, 81.9)
    # Accepted 10 of 13 offered; finished 8 (6 + 2 white; the black in-progress one has not
    # finished, and the black completer makes 7 completed of 9 finished).
    assert (funnel["accepted"]["count"], funnel["accepted"]["total"]) == (10, 13)
    assert (funnel["completed"]["count"], funnel["completed"]["total"]) == (7, 9)
    # Waits 3, 5, 7, 9, 11, 13: median 8, quartiles (medians of halves) 5 and 11.
    assert result["wait"] == {"count": 6, "median": 8.0, "q1": 5, "q3": 11}


def test_breakdowns_give_the_disproportionality_ratio_and_suppress_small_cells() -> None:
    _episodes()
    rows = {(r["dimension"], r["group"]): r for r in selectors.measures()["breakdowns"]}
    # Diverted = accepted (in progress, completed or not completed): white men 8, black men 2,
    # white women 0; overall 10 of 20 eligible = 0.5.
    white = rows[("Ethnicity", "White")]  # 14 eligible (12 men + 2 women), 8 diverted
    assert (white["eligible"], white["diverted"], white["rate_pct"]) == (14, 8, 57.1)
    assert white["ratio"] == round((8 / 14) / 0.5, 2) == 1.14
    black = rows[("Ethnicity", "Black, Black British, Caribbean or African")]
    # 6 eligible, 2 diverted: 2 is under 5, so shown as "fewer than 5" and no ratio.
    assert (black["eligible"], black["diverted"], black["ratio"]) == (6, "fewer than 5", None)
    women = rows[("Sex", "Female")]
    assert women["eligible"] == "fewer than 5" and women["ratio"] is None
    men = rows[("Sex", "Male")]  # 18 eligible, 10 diverted: (10/18)/0.5 = 1.11
    assert (men["eligible"], men["diverted"], men["ratio"]) == (18, 10, 1.11)
    age = rows[("Age at offence", "35 to 44")]  # born 1 Jan 1990, offence 10 Jan 2025: 35
    assert age["eligible"] == 20


def test_reoffending_at_12_months_by_outcome(tmp_path: Path) -> None:
    extract = tmp_path / "extract.csv"
    # Decided 12 Jan 2025; the 12 months at risk are 12 Jan 2025 to 11 Jan 2026. Completers
    # OFF-W0..W5: W0 and W1 have an offence inside (2025-06-01), W2 one outside (2026-01-12).
    # Non-completers W6, W7: W6 inside. Not diverted (declined) W8, W9: both inside.
    rows = [
        ("R1", "2025-06-01", "46", "OFF-W0"),
        ("R2", "2025-06-01", "46", "OFF-W1"),
        ("R3", "2026-01-12", "46", "OFF-W2"),
        ("R4", "2025-07-01", "46", "OFF-W6"),
        ("R5", "2025-08-01", "46", "OFF-W8"),
        ("R6", "2025-08-02", "92D", "OFF-W9"),
        ("R7", "2024-01-01", "46", "OFF-Z"),  # sets the extract's first day
        ("R8", "2026-06-30", "46", "OFF-Z"),  # and its last
    ]
    with extract.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["crime_reference", "recorded_date", "offence_code", "offender_id"])
        writer.writerows(rows)
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_recorded_crime(extract, force="nottinghamshire")
    _episodes()
    found = {r["group_key"]: r for r in selectors.measures(store_path=path)["reoffending"]}
    # Completers 6 people, 2 reoffended: 2 is under 5 -> withheld.
    assert found["completed"]["binary"]["total"] == 6
    assert found["completed"]["binary"]["count"] == "fewer than 5"
    assert found["completed"]["binary"]["pct"] is None
    # Non-completers 2 people (fewer than 5), not diverted 2 with offender ids (the black men
    # and women have none): both withheld.
    assert found["not_completed"]["binary"]["total"] == "fewer than 5"
    assert found["not_diverted"]["binary"]["total"] == "fewer than 5"


def test_counts_never_name_anyone_and_hub_lead_reads_measures(client: Any) -> None:
    from prevhub.substances.models import DrugTestCount, NaloxoneSupply

    DrugTestCount.objects.create(month=D(2025, 1, 15), tests=40, positive_cocaine=8,
                                 positive_opiates=4, positive_both=2)  # fmt: skip
    NaloxoneSupply.objects.create(month=D(2025, 1, 1), kits=6)
    counts = selectors.counts_by_month()
    # The month is stored as its first day; 8 + 4 + 2 = 14 positive of 40 = 35.0%.
    assert counts == [
        {"month": D(2025, 1, 1), "tests": 40, "positive": 14,
         "positive_rate": counts[0]["positive_rate"], "kits": 6},
    ]  # fmt: skip
    assert counts[0]["positive_rate"]["pct"] == 35.0
    make_episode(person=make_person(given_name="Secretname"))
    lead = make_user(roles.HUB_LEAD)
    client.force_login(lead)
    page = client.get("/substances/measures/").content.decode()
    assert "Secretname" not in page and "DIV-" not in page and "35.0%" in page
    assert client.get("/substances/episodes/").status_code == 404
    assert api_client_for(lead).get("/api/substances/measures/").status_code == 200
    assert DiversionEpisode.objects.count() == 1
