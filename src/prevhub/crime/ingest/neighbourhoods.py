"""The LSOA -> neighbourhood mapping a force supplies (its own neighbourhood names)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from prevhub.crime.sources.csv_faults import MAX_FIELD_CHARS
from prevhub.errors import PrevhubError


def import_neighbourhoods(con: duckdb.DuckDBPyConnection, mapping_csv: Path | str) -> int:
    """Replace the mapping from a CSV with those two columns; returns the rows imported.

    Accepted headers: ``lsoa_code`` (or ``lsoa``) and ``neighbourhood`` (or ``name``).
    """
    path = Path(mapping_csv)
    if not path.exists():
        raise PrevhubError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PrevhubError(f"{path}, line {line}: not valid UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        header = {h.strip().lower(): i for i, h in enumerate(next(reader, []))}
        lsoa_col = header.get("lsoa_code", header.get("lsoa"))
        name_col = header.get("neighbourhood", header.get("name"))
        if lsoa_col is None or name_col is None:
            raise PrevhubError(f"{path}, line 1: need columns lsoa_code and neighbourhood")
        for row in reader:
            line = reader.line_num
            cells = [row[i].strip() if i < len(row) else "" for i in (lsoa_col, name_col)]
            if not cells[0] or not cells[1]:
                raise PrevhubError(f"{path}, line {line}: empty lsoa_code or neighbourhood")
            for field, value in zip(("lsoa_code", "neighbourhood"), cells, strict=True):
                if len(value) > MAX_FIELD_CHARS:
                    raise PrevhubError(
                        f"{path}, line {line}, field {field!r}: longer than {MAX_FIELD_CHARS} "
                        f"characters ({len(value):,})"
                    )
            rows.append((cells[0], cells[1]))
    except csv.Error as exc:
        raise PrevhubError(f"{path}, line {reader.line_num}: not valid CSV ({exc})") from None
    con.execute("BEGIN")
    con.execute("DELETE FROM neighbourhoods")
    con.executemany("INSERT OR REPLACE INTO neighbourhoods VALUES (?, ?)", rows)
    con.execute("COMMIT")
    return len(rows)
