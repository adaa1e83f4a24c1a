"""How every `prevhub` command prints results: a Rich table, CSV or JSON, from the same rows.

A command builds flat rows (one dict per line, values as plain Python numbers, strings, None)
and calls :func:`emit` with the format the user chose:

* **csv** carries plain values a spreadsheet reads as they are: integers as integers, floats
  with every digit Python needs to round-trip them (``0.9350462``, never ``"1,275,004."``),
  nothing (an empty cell) for a missing value, a list as its items joined by ``"; "`` (the
  flags of a measure row), dates as ISO 8601. One value per cell: an interval is two columns
  (``ci95_low``, ``ci95_high``). Text that a spreadsheet would run as a formula (starting
  ``=``, ``+``, ``-``, ``@``) gets a leading quote, as the web exports do
  (``core.exports.CSV_INJECTION_PREFIXES``, OWASP's advice); numbers are never quoted.
* **json** writes ``payload`` when given (the command's documented shape, e.g.
  :meth:`MeasureResult.to_dict`), otherwise the rows; infinite and NaN floats become ``null``
  (JSON has no such numbers) and dates become ISO 8601 strings.
* **table** is for reading: counts with thousands separators, ratios to two places, p-values
  as ``< 0.001`` or three places, a dash for a missing value, as the hub's pages write them
  (:mod:`prevhub.core.formatting`; not imported here, because it loads Django and these
  commands must start quickly without it). Long tables are cut at ``limit`` rows with a note
  on standard error.

Messages, notes and warnings go to standard error, so CSV and JSON on standard output stay
machine-readable.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

DASH = "—"
#: Text a spreadsheet reads as a formula (the web exports' rule, ``core.exports``).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class OutputFormat(StrEnum):
    """How results are printed."""

    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")]


@dataclass(frozen=True)
class Column:
    """One column: its name in CSV and the rows, and how the table format shows it.

    ``kind`` says how a table cell is written: ``auto`` (counts with thousands separators,
    other numbers to two places), ``text``, ``ratio`` (two places), ``percent`` (signed, one
    place), ``p_value`` or ``interval`` (a ``(low, high)`` pair). ``value`` computes the
    table cell from the whole row (e.g. one "95% CI" cell from ``ci95_low`` and ``ci95_high``);
    ``min_width`` keeps a name column readable when the terminal is narrow, ``max_width``
    lets a column of codes fold first.
    """

    name: str
    header: str | None = None
    kind: str = "auto"
    value: Callable[[Mapping[str, Any]], Any] | None = None
    min_width: int | None = None
    max_width: int | None = None

    @property
    def justify(self) -> str:
        return "left" if self.kind == "text" else "right"


def columns_of(
    rows: Sequence[Mapping[str, Any]], columns: Iterable[Column | str] | None
) -> list[Column]:
    """The columns to print: those given (names become :class:`Column`), else the first row's."""
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    return [c if isinstance(c, Column) else Column(c) for c in columns]


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat | str,
    *,
    columns: Iterable[Column | str] | None = None,
    table_columns: Iterable[Column | str] | None = None,
    title: str | None = None,
    payload: Any = None,
    limit: int | None = None,
    out: IO[str] | None = None,
) -> None:
    """Print ``rows`` in ``fmt`` to standard output (``out`` in tests).

    ``columns`` are the CSV (and default table) columns; ``table_columns`` narrows or
    reshapes the table only; ``payload`` replaces the rows in JSON.
    """
    out = out or sys.stdout
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        out.write(to_json(payload if payload is not None else list(rows)))
        out.write("\n")
    elif fmt is OutputFormat.csv:
        out.write(to_csv(rows, columns_of(rows, columns)))
    else:
        shown = columns_of(rows, table_columns if table_columns is not None else columns)
        print_table(rows, shown, title=title, limit=limit)


# --- CSV ---------------------------------------------------------------------------------------


def plain(value: Any) -> str:
    """A value as one CSV cell a spreadsheet reads as it is.

    >>> [plain(v) for v in (1275004, 1054292.17, 0.935, None, float("inf"), ["a", "b"], True)]
    ['1275004', '1054292.17', '0.935', '', '', 'a; b', 'true']
    >>> plain(-8.87), plain("=HYPERLINK()")
    ('-8.87', "'=HYPERLINK()")
    """
    value = _python(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, default=_json_default, sort_keys=False)
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_PREFIXES) else text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    """Header line of column names, then one line per row (``\\r\\n`` line ends, as RFC 4180)."""
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([plain(row.get(c.name)) for c in columns])
    return buffer.getvalue()


# --- JSON --------------------------------------------------------------------------------------


def to_json(data: Any) -> str:
    """Indented JSON with non-finite floats as null and dates as ISO 8601."""
    return json.dumps(_finite(data), indent=2, default=_json_default, allow_nan=False)


def _finite(value: Any) -> Any:
    value = _python(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _python(value: Any) -> Any:
    """NumPy scalars as Python numbers (``numpy.int64(3)`` -> ``3``); anything else as it is."""
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy" and getattr(value, "ndim", 1) == 0:
        return item()
    return value


# --- table -------------------------------------------------------------------------------------


def cell(value: Any, kind: str = "auto") -> str:
    """A value as the table shows it.

    >>> [cell(1275004), cell(1054292.174), cell(0.00012, "p_value"), cell(0.0412, "p_value")]
    ['1,275,004', '1,054,292.17', '< 0.001', '0.041']
    >>> [cell(-8.871, "percent"), cell(0.91134, "ratio"), cell((0.8865, None), "interval")]
    ['-8.9', '0.91', '0.89–inf']
    """
    value = _python(value)
    if value is None or value == "":
        return DASH
    if kind == "text" or isinstance(value, str):
        return str(value)
    if kind == "interval":
        low, high = value
        return f"{cell(low, 'ratio')}–{'inf' if high is None else cell(high, 'ratio')}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell(v)}" for k, v in value.items())
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "inf" if value > 0 else ("-inf" if value < 0 else DASH)
        if kind == "p_value":
            return "< 0.001" if value < 0.001 else f"{value:.3f}"
        if kind == "percent":
            return f"{value:+.1f}"
        if kind == "ratio":
            return f"{value:.2f}"
        if value != 0 and abs(value) < 0.01:
            return f"{value:.2g}"
        return f"{value:,.2f}".removesuffix(".00") if value.is_integer() else f"{value:,.2f}"
    return str(value)


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    caption: str | None = None,
    limit: int | None = None,
) -> None:
    """A Rich table on standard output (the first ``limit`` rows; the rest counted on stderr)."""
    from rich.table import Table

    table = Table(title=title, caption=caption)
    for c in columns:
        table.add_column(
            c.header or c.name,
            overflow="fold",
            justify=c.justify,  # type: ignore[arg-type]
            min_width=c.min_width,
            max_width=c.max_width,
        )
    shown = rows if limit is None else rows[:limit]
    for row in shown:
        table.add_row(
            *(cell(c.value(row) if c.value else row.get(c.name), c.kind) for c in columns)
        )
    console().print(table)
    if limit is not None and len(rows) > limit:
        stderr().print(f"{len(rows) - limit:,} more rows (use --format csv or json).")


# --- consoles ----------------------------------------------------------------------------------

_consoles: dict[bool, Any] = {}


def console() -> Any:
    """The Rich console on standard output (made on first use: Rich is imported then)."""
    return _console(stderr=False)


def stderr() -> Any:
    """The Rich console on standard error, for messages, notes and warnings."""
    return _console(stderr=True)


def _console(*, stderr: bool) -> Any:
    # Rich looks up sys.stdout / sys.stderr at each print, so one console per stream serves
    # every invocation (CliRunner swaps the streams per call).
    if stderr not in _consoles:
        from rich.console import Console

        # emoji=False: no ":smile:" codes in data, and Rich's emoji table is slow to import.
        _consoles[stderr] = Console(stderr=stderr, emoji=False)
    return _consoles[stderr]


def notes(lines: Iterable[str]) -> None:
    """Lines for a person (a test's name, caveats) on standard error, markup escaped."""
    from rich.markup import escape

    for line in lines:
        stderr().print(escape(line))
