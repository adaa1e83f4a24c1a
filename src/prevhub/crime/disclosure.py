"""Small-number suppression of published tables (statistical disclosure control).

A table of counts of deaths by month and age band, sex or method can identify a person when a
cell is small. The rule here, the one the hub applies to every aggregate it publishes about
people (ONS, "Statistical disclosure control" guidance for health statistics; the NHS Digital
and OHID practice of suppressing counts of 1 to 4):

1. **Primary suppression**: a count from 1 to ``threshold - 1`` (default 1-4) is withheld.
   Zero is shown (it identifies nobody) and so is any count of ``threshold`` or more.
2. **Secondary suppression**: a withheld cell must not be recoverable by subtraction. Each
   row and each column is published with its total; where a line (row or column, with its
   total shown) has exactly one withheld cell, the smallest other non-zero shown cell of that
   line is withheld too; where there is none, the line's total is withheld. Every row, then
   every column, repeated until no line changes. Totals are cells of the table like any
   other (a total below the threshold is withheld by rule 1; the grand total is the corner).

The function works on the full table *with* its margins, so what is shown is exactly what is
checked. It returns a mask; the caller renders a withheld cell as "[c]" (confidential) or "<5".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

THRESHOLD = 5
MARK = "[c]"


@dataclass(frozen=True)
class SuppressedTable:
    """Counts with margins (last row: column totals, last column: row totals) and the mask of
    withheld cells (True = withheld), same shape."""

    counts: np.ndarray
    withheld: np.ndarray
    threshold: int

    def shown(self) -> list[list[int | None]]:
        """The table as published: None where a cell is withheld."""
        return [
            [None if w else int(c) for c, w in zip(row, mask, strict=True)]
            for row, mask in zip(self.counts, self.withheld, strict=True)
        ]

    @property
    def primary(self) -> int:
        return int(((self.counts > 0) & (self.counts < self.threshold)).sum())


def with_margins(inner: np.ndarray) -> np.ndarray:
    """The table with a last column of row totals and a last row of column totals."""
    inner = np.asarray(inner, dtype=np.int64)
    rows, cols = inner.shape
    full = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    full[:rows, :cols] = inner
    full[:rows, cols] = inner.sum(axis=1)
    full[rows, :cols] = inner.sum(axis=0)
    full[rows, cols] = inner.sum()
    return full


def _secondary(values: np.ndarray, withheld: np.ndarray) -> bool:
    """One pass over one line (cells then its total as the last item): True if it changed."""
    cells, total_withheld = withheld[:-1], withheld[-1]
    if total_withheld or int(cells.sum()) != 1:
        return False
    candidates = [k for k in range(len(cells)) if not cells[k] and values[k] > 0]
    if candidates:
        k = min(candidates, key=lambda k: (values[k], k))
        withheld[k] = True
    else:
        withheld[-1] = True
    return True


def suppress(inner: np.ndarray, *, threshold: int = THRESHOLD) -> SuppressedTable:
    """Suppress a two-way table of counts (rows x columns) with its margins.

    Examples
    --------
    >>> t = suppress(np.array([[3, 10], [8, 12]]))
    >>> t.shown()
    [[None, None, 13], [None, None, 20], [11, 22, 33]]
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    counts = with_margins(inner)
    if (counts < 0).any():
        raise ValueError("counts cannot be negative")
    withheld = (counts > 0) & (counts < threshold)
    changed = True
    while changed:
        changed = False
        for r in range(counts.shape[0]):
            line = withheld[r].copy()
            if _secondary(counts[r], line):
                withheld[r] = line
                changed = True
        for c in range(counts.shape[1]):
            line = withheld[:, c].copy()
            if _secondary(counts[:, c], line):
                withheld[:, c] = line
                changed = True
    return SuppressedTable(counts=counts, withheld=withheld, threshold=threshold)


def suppress_total(value: int, *, threshold: int = THRESHOLD) -> int | None:
    """One published count on its own: None when 1 to threshold-1."""
    return None if 0 < value < threshold else int(value)


__all__ = ["MARK", "THRESHOLD", "SuppressedTable", "suppress", "suppress_total", "with_margins"]
