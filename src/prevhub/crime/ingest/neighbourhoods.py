"""The LSOA -> neighbourhood mapping a force supplies (its own neighbourhood names)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from prevhub.errors import PrevhubError


def import_neighbourhoods(con: duckdb.DuckDBPyConnection, mapping_csv: Path | str) -> int:
    """Replace the mapping from a CSV with those two columns; returns the rows imported.

    Accepted headers: ``lsoa_code`` (or ``lsoa``) and ``neighbourhood`` (or ``name``).
    """
    path = Path(mapping_csv)
    if not path.exists():
        raise PrevhubError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = {h.strip().lower(): h for h in reader.fieldnames or []}
        lsoa_col = header.get("lsoa_code") or header.get("lsoa")
        name_col = header.get("neighbourhood") or header.get("name")
        if not lsoa_col or not name_col:
            raise PrevhubError(f"{path}, line 1: need columns lsoa_code and neighbourhood")
        rows = []
        for line, row in enumerate(reader, start=2):
            code, name = (row.get(lsoa_col) or "").strip(), (row.get(name_col) or "").strip()
            if not code or not name:
                raise PrevhubError(f"{path}, line {line}: empty lsoa_code or neighbourhood")
            rows.append((code, name))
    con.execute("BEGIN")
    con.execute("DELETE FROM neighbourhoods")
    con.executemany("INSERT OR REPLACE INTO neighbourhoods VALUES (?, ?)", rows)
    con.execute("COMMIT")
    return len(rows)
