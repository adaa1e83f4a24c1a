"""Figures that depend only on the crime store, computed once per version of the store.

The crime store changes only when data is ingested (an ingest swaps in a new file or rewrites
it), so a page's figures for one query are the same on every request until then. The cache key
carries the store's *version* — its path, inode, size and modification time — so an ingest makes
every earlier entry unreachable at once, with no invalidation step to forget. Values live in
Django's cache (per process by default; Redis or a shared backend in production via settings).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache

from prevhub.paths import crime_store_path

T = TypeVar("T")
_MISSING = object()


def store_version(path: Path | None = None) -> str:
    """Who the store is right now: changes whenever an ingest writes or swaps the file.

    A missing store has its own version ("absent"), so a page cached before the first ingest is
    not served after it.
    """
    path = path or crime_store_path()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return f"{path}:absent"
    wal = Path(f"{path}.wal")
    wal_part = ""
    if wal.exists():
        ws = wal.stat()
        wal_part = f":{ws.st_size}:{ws.st_mtime_ns}"
    return f"{path}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}{wal_part}"


def cached_on_store(
    namespace: str,
    key: Any,
    compute: Callable[[], T],
    *,
    path: Path | None = None,
    timeout: int | None = 24 * 3600,
) -> T:
    """``compute()`` once per (namespace, key, store version); the cached value afterwards.

    `key` is anything JSON can write (a query's fields); `compute` must return a picklable value
    and must not depend on the user (pages apply access rules around, not inside, the cache).
    """
    raw = json.dumps([namespace, key, store_version(path)], sort_keys=True, default=str)
    cache_key = "prevhub:store:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, timeout)
    return value  # type: ignore[return-value]
