"""Small-number suppression (prevhub.crime.disclosure), against tables worked by hand from the
rule in the module's docstring: 1-4 withheld; a line (row or column, with its total shown)
with exactly one withheld cell loses its smallest other non-zero cell, or its total."""

from __future__ import annotations

import numpy as np

from prevhub.crime.disclosure import suppress, suppress_total


def test_a_single_small_cell_spreads_until_no_line_gives_it_away() -> None:
    """Months x sexes, margins shown:   male female | total
        Jan                               12      3 |  15
        Feb                                9      7 |  16
        Mar                                6      8 |  14
        total                             27     18 |  45
    By hand, in the module's order (every row, then every column, repeated):
    primary: 3. Rows: Jan has one withheld (3), its other non-zero cell 12 goes.
    Columns: male has one withheld (12): its smallest other is 6 (Mar), withheld; female has
    one (3): its smallest other is 7 (Feb), withheld. Rows again: Feb has one (7), 9 goes;
    Mar has one (6), 8 goes. Columns again: male 12, 9, 6 and female 3, 7, 8 withheld: done.
    Every month's cells are withheld; the totals are shown."""
    table = suppress(np.array([[12, 3], [9, 7], [6, 8]]))
    assert table.shown() == [
        [None, None, 15],
        [None, None, 16],
        [None, None, 14],
        [27, 18, 45],
    ]


def test_zeros_are_shown_and_a_small_total_is_withheld() -> None:
    """[[0, 2], [6, 10]] with margins [[0, 2, 2], [6, 10, 16], [6, 12, 18]].
    Primary: the 2 in row 0 and row 0's total 2. Rows: row 0's total is withheld (nothing
    to protect by subtraction there); rows 1 and 2 have none. Columns: column 0 none;
    column 1 has one withheld (2) of [2, 10 | 12]: 10 goes; the totals column has one
    withheld (2) of [2, 16 | 18]: 16 goes. Rows again: row 1 = [6, 10 | 16] has its total
    withheld: skipped. Columns again: nothing. Zero is shown."""
    table = suppress(np.array([[0, 2], [6, 10]]))
    assert table.shown() == [
        [0, None, None],
        [6, None, None],
        [6, 12, 18],
    ]


def test_no_small_number_nothing_withheld() -> None:
    table = suppress(np.array([[5, 6], [7, 0]]))
    assert not table.withheld.any()
    assert table.shown() == [[5, 6, 11], [7, 0, 7], [12, 6, 18]]


def test_every_withheld_cell_has_company_in_its_row_and_column() -> None:
    """The property the rule guarantees: no line with a shown total has exactly one
    withheld cell (checked on random tables)."""
    rng = np.random.default_rng(4)
    for _ in range(200):
        table = suppress(rng.poisson(4, size=(6, 5)))
        w = table.withheld
        for line in [*w, *w.T]:
            assert line[-1] or line[:-1].sum() != 1


def test_single_counts() -> None:
    assert [suppress_total(v) for v in (0, 1, 4, 5)] == [0, None, None, 5]
