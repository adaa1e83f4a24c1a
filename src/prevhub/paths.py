"""Where Prevention Hub keeps its files.

`PREVHUB_HOME` names one folder for the embedded SQLite database, the crime store and uploads,
so a whole installation can be backed up or moved as one folder. No Django import here: the
crime library uses it too.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_HOME = Path.home() / ".local" / "share" / "prevhub"


def prevhub_home() -> Path:
    """The PREVHUB_HOME folder (created on first use)."""
    home = Path(os.environ.get("PREVHUB_HOME") or DEFAULT_HOME).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def crime_store_path() -> Path:
    """The crime store: `PREVHUB_STORE` if set, else `crime.duckdb` inside PREVHUB_HOME."""
    explicit = os.environ.get("PREVHUB_STORE")
    return Path(explicit).expanduser() if explicit else prevhub_home() / "crime.duckdb"


def uploads_path() -> Path:
    """Uploaded attachments live under PREVHUB_HOME/uploads."""
    path = prevhub_home() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path
