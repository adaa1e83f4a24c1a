"""Completion markers: what is complete on disk, so a rerun skips it.

After each file, ``DEST/YYYY-MM/.prevhub-fetch-<force>.json`` is rewritten atomically with the
file's size, SHA-256, source and time; a (month, kind) whose file still matches is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

MARKER_PREFIX = ".prevhub-fetch-"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _marker_path(dest: Path, month: str, force: str) -> Path:
    return dest / month / f"{MARKER_PREFIX}{force}.json"


def verified_kinds(dest: Path, month: str, force: str) -> set[str]:
    """Kinds of a month whose files match the completion marker (size and SHA-256)."""
    marker = _marker_path(dest, month, force)
    try:
        recorded = json.loads(marker.read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    good = set()
    for kind, entry in recorded.items():
        path = dest / month / entry["name"]
        try:
            if path.stat().st_size == entry["size"] and _sha256(path) == entry["sha256"]:
                good.add(kind)
        except OSError:
            continue
    return good


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def record(dest: Path, month: str, force: str, kind: str, path: Path, source: str) -> None:
    """Add one verified file to the month's marker (read, update, atomic replace)."""
    marker = _marker_path(dest, month, force)
    try:
        content = json.loads(marker.read_text())
    except (OSError, ValueError):
        content = {"force": force, "month": month, "files": {}}
    content["files"][kind] = {
        "name": path.name,
        "size": path.stat().st_size,
        "sha256": _sha256(path),
        "source": source,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_atomically(marker, json.dumps(content, indent=2, sort_keys=True))
