"""Finding the line that stopped DuckDB's CSV reader, and the size limits every reader keeps.

DuckDB's reader sets most faulty lines aside (its reject tables give their lines), but a few
faults stop it outright with an engine message that names no line: a carriage return or line
feed alone inside an unquoted field ("the CSV Parser state machine reached an invalid state"),
for instance. When that happens a reader calls :func:`unreadable_error`, which scans the file
in Python (only then: the normal path never pays for it) with the same rules (delimiter ``,``,
quote and escape ``"``, the line ending of the header), and returns a
:class:`~prevhub.errors.PrevhubError` naming file, line and field, in the words of
:class:`~prevhub.crime.sources.police_uk.RowProblem`. No DuckDB text reaches the user.

Limits, far above anything published (the longest data.police.uk field is 84 characters, the
longest line 322 bytes, in every file of ../shared/data/police-uk):

* :data:`MAX_FIELD_CHARS`: a field the store keeps may hold at most 500 characters; a longer
  one is a bad row (quarantined with ``--lenient``), so a 1 MB "Location" never reaches the
  store or a page.
* :data:`MAX_LINE_BYTES`: a data.police.uk line may be at most 8 KiB, a force extract's line
  (which may carry columns the hub does not read) 64 KiB; DuckDB rejects longer lines.
* :data:`MAX_RAW_CHARS`: the raw text of a rejected line is kept in the quarantine table cut to
  1,000 characters.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from prevhub.errors import PrevhubError

MAX_FIELD_CHARS = 500
MAX_LINE_BYTES = 8 * 1024
MAX_EXTRACT_LINE_BYTES = 64 * 1024
MAX_RAW_CHARS = 1000

_QUOTE, _COMMA, _CR, _LF = 0x22, 0x2C, 0x0D, 0x0A


@dataclass(frozen=True)
class Fault:
    """Where a file first breaks the CSV rules: line (1 = header), field (or "(row)"), why."""

    line: int
    field: str
    reason: str


def clip(raw: str | None) -> str | None:
    """Raw line text as kept in quarantine: at most :data:`MAX_RAW_CHARS` characters."""
    if raw is None or len(raw) <= MAX_RAW_CHARS:
        return raw
    return raw[:MAX_RAW_CHARS] + f"... ({len(raw):,} characters)"


def long_field(raw: str | None, columns: tuple[str, ...] | list[str]) -> str | None:
    """The name of the first over-long field in a rejected line's text, if it shows one.

    DuckDB rejects a line over the size limit as a whole; its text tells which field made it
    so, for the message.
    """
    if not raw:
        return None
    try:
        fields = next(csv.reader([raw.strip("\r\n")]), [])
    except csv.Error:
        return None
    for index, value in enumerate(fields):
        if len(value) > MAX_FIELD_CHARS:
            return columns[index] if index < len(columns) else None
    return None


def find_fault(path: Path, columns: tuple[str, ...] | None = None) -> Fault | None:
    """The fault of ``path`` most likely to have stopped the reader, or None if none is found.

    A line break on its own inside a field is the fault DuckDB cannot read past, so the first
    of those is reported; otherwise the first other fault (invalid UTF-8, a wrong number of
    fields, bad quoting, an over-long field). ``columns``: the expected header (for field
    names and counts); by default the file's own first line. The line ending is the header's
    (``\\r\\n`` or ``\\n``), as DuckDB detects it.
    """
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first_end = data.find(b"\n")
    newline = b"\r\n" if first_end > 0 and data[first_end - 1] == _CR else b"\n"
    stop, other = _scan(data, newline, columns)
    if stop is not None:
        return stop
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(newline, 0, exc.start) + 1
        start = data.rfind(newline, 0, exc.start) + len(newline) if line > 1 else 0
        field = data.count(b",", start, exc.start)
        bad_utf8 = Fault(line, _name(columns, field, line), "not valid UTF-8")
        if other is None or bad_utf8.line < other.line:
            return bad_utf8
    return other


def _name(columns: tuple[str, ...] | None, index: int, line: int) -> str:
    if line == 1 or columns is None:
        return f"column {index + 1}"
    return columns[index] if index < len(columns) else "(row)"


def _scan(
    data: bytes, newline: bytes, columns: tuple[str, ...] | None
) -> tuple[Fault | None, Fault | None]:
    """Walk the bytes with the reader's rules: (first stray line break, first other fault)."""
    expected = len(columns) if columns is not None else None
    line, field, field_start = 1, 0, 0
    quoted = closed = False
    quote_line = 0
    other: Fault | None = None
    pos, size = 0, len(data)
    while pos < size:
        byte = data[pos]
        if quoted:
            if byte == _QUOTE:
                if pos + 1 < size and data[pos + 1] == _QUOTE:
                    pos += 2
                    continue
                quoted, closed = False, True
            elif data.startswith(newline, pos):
                line += 1
                pos += len(newline)
                continue
            pos += 1
            continue
        if data.startswith(newline, pos):
            other = other or _too_long(data, field_start, pos, line, field, columns)
            if expected is None:
                expected = field + 1
            elif field + 1 != expected:
                reason = "too few fields" if field + 1 < expected else "too many fields"
                other = other or Fault(line, "(row)", reason)
            line, field = line + 1, 0
            pos += len(newline)
            field_start, closed = pos, False
            continue
        if byte in (_CR, _LF):
            reason = "a line break inside a field (a carriage return or line feed on its own)"
            return Fault(line, _name(columns, field, line), reason), other
        if byte == _COMMA:
            other = other or _too_long(data, field_start, pos, line, field, columns)
            field += 1
            field_start, closed = pos + 1, False
        elif closed:
            other = other or Fault(line, _name(columns, field, line), "badly quoted value")
        elif byte == _QUOTE and pos == field_start:
            quoted, quote_line = True, line
        pos += 1
    if quoted:
        reason = "a quoted value never ends"
        other = other or Fault(quote_line, _name(columns, field, quote_line), reason)
    elif size and field_start < size:  # a last line without a line ending
        other = other or _too_long(data, field_start, size, line, field, columns)
        if expected is not None and field + 1 != expected:
            reason = "too few fields" if field + 1 < expected else "too many fields"
            other = other or Fault(line, "(row)", reason)
    return None, other


def _too_long(
    data: bytes, start: int, end: int, line: int, field: int, columns: tuple[str, ...] | None
) -> Fault | None:
    if end - start <= MAX_FIELD_CHARS:  # bytes >= characters: no decoding needed
        return None
    chars = len(data[start:end].decode("utf-8", errors="replace"))
    if chars > MAX_FIELD_CHARS:
        return Fault(
            line,
            _name(columns, field, line),
            f"longer than {MAX_FIELD_CHARS} characters ({chars:,})",
        )
    return None


def unreadable_error(
    named: list[tuple[Path, str]], columns: tuple[str, ...] | None, *, lenient: bool
) -> PrevhubError:
    """The error for a read DuckDB could not finish: the first fault in the first faulty file.

    ``named``: (path on disk, name the user knows it by) of every file the read covered.
    """
    after = (
        " --lenient cannot set this line aside: the CSV reader cannot read past it."
        if lenient
        else ""
    )
    for path, name in named:
        fault = find_fault(path, columns)
        if fault is not None:
            return PrevhubError(
                f"{name}, line {fault.line}, field {fault.field!r}: {fault.reason}. Nothing was "
                f"loaded.{after} Fix the line and ingest again."
            )
    names = ", ".join(name for _, name in named)
    return PrevhubError(
        f"{names}: the CSV reader could not read this file and no single bad line was "
        'found (check that it is UTF-8 CSV with "," between fields). Nothing was loaded.'
    )
