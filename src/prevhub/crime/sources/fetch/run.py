"""The fetch itself: which months come from which archive, and which from the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from prevhub.crime.periods import month_from_index, month_index, months_in
from prevhub.crime.sources.fetch.api import ApiSource
from prevhub.crime.sources.fetch.archive import extract, open_archive
from prevhub.crime.sources.fetch.client import DEFAULT_BASE_URL, PoliceUkClient
from prevhub.crime.sources.fetch.layout import ARCHIVE_MONTHS, KINDS, STOP_AND_SEARCH, STREET
from prevhub.crime.sources.fetch.markers import record, verified_kinds
from prevhub.errors import PrevhubError

ERR_UNKNOWN_FORCE = "Unknown force id {force!r}: data.police.uk knows {known}."
ERR_NOT_PUBLISHED = (
    "data.police.uk has not published {month} (published months: {first} to {last})."
)
ERR_NO_STOP_SEARCH = "data.police.uk has no stop-and-search data for {force} in {month}."
ERR_UNAVAILABLE = (
    "No archive or API serves {month}: it is older than the API's months ({first} to {last}) "
    "and the server has no archive {archive}.zip."
)


@dataclass
class FetchReport:
    """What a fetch did: files written (with their source) and months skipped as complete."""

    written: list[Path] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file name -> "archive:..."/"api"
    skipped: list[str] = field(default_factory=list)  # "YYYY-MM <kind>" already complete


class Progress:
    """What the fetch tells a progress display; the CLI's Rich bar implements it."""

    def start(self, total: int) -> None:
        """Called once with the number of files to fetch."""

    def advance(self, description: str) -> None:
        """Called after each file is written (or skipped)."""


def fetch_police_uk(
    force: str,
    first: str,
    last: str,
    dest: Path | str,
    *,
    kinds: Iterable[str] = (STREET,),
    base_url: str = DEFAULT_BASE_URL,
    client: PoliceUkClient | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Download one force's files for ``first``..``last`` into ``dest`` in archive layout.

    Parameters
    ----------
    force
        data.police.uk force id, e.g. ``nottinghamshire``.
    first, last
        Months ``YYYY-MM``, inclusive.
    dest
        Folder; files go to ``dest/YYYY-MM/YYYY-MM-<force>-<kind>.csv``.
    kinds
        Any of ``street``, ``outcomes``, ``stop-and-search``.
    base_url
        Server to use (ignored when ``client`` is given).
    client
        A configured :class:`PoliceUkClient` (tests pass one with short back-offs).
    progress
        Receives progress events.

    Raises
    ------
    PrevhubError
        For an unknown force, a month not published, a file missing from an archive, or a
        server that keeps failing.
    """
    wanted_kinds = tuple(dict.fromkeys(kinds))
    for kind in wanted_kinds:
        if kind not in KINDS:
            raise PrevhubError(f"Unknown kind {kind!r}; choose from {', '.join(KINDS)}.")
    months = months_in((first, last))
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    own_client = client is None
    client = client or PoliceUkClient(base_url)
    progress = progress or Progress()
    report = FetchReport()
    try:
        forces = client.get_json("/api/forces")
        names = {entry["id"]: entry["name"] for entry in forces}
        if force not in names:
            raise PrevhubError(
                ERR_UNKNOWN_FORCE.format(force=force, known=", ".join(sorted(names)))
            )
        dates = client.get_json("/api/crimes-street-dates")
        published = {entry["date"]: entry.get("stop-and-search", []) for entry in dates}
        newest = max(published)
        oldest = min(published)
        for month in months:
            if month > newest:
                raise PrevhubError(ERR_NOT_PUBLISHED.format(month=month, first=oldest, last=newest))
            if (
                STOP_AND_SEARCH in wanted_kinds
                and month in published
                and force not in published[month]
            ):
                raise PrevhubError(ERR_NO_STOP_SEARCH.format(force=force, month=month))

        pending: dict[str, list[str]] = {}
        for month in months:
            done = verified_kinds(dest, month, force)
            missing = [kind for kind in wanted_kinds if kind not in done]
            report.skipped.extend(f"{month} {kind}" for kind in wanted_kinds if kind in done)
            if missing:
                pending[month] = missing
        progress.start(sum(len(kinds) for kinds in pending.values()))

        # The newest archive holds the latest revision of every month in its 36; older months
        # come from older archives, and a month whose archive is not out yet from the API.
        queue = sorted(pending, reverse=True)
        api = ApiSource(client, force, names[force])
        candidate = newest
        while queue:
            candidate = min(candidate, month_from_index(month_index(queue[0]) + ARCHIVE_MONTHS - 1))
            archive = open_archive(client, candidate)
            if archive is None:
                if candidate == queue[0]:
                    month = queue.pop(0)
                    if month not in published:
                        raise PrevhubError(
                            ERR_UNAVAILABLE.format(
                                month=month, first=oldest, last=newest, archive=candidate
                            )
                        )
                    for kind in pending[month]:
                        path = api.fetch(month, kind, dest)
                        record(dest, month, force, kind, path, "api")
                        report.written.append(path)
                        report.sources[path.name] = "api"
                        progress.advance(path.name)
                candidate = month_from_index(month_index(candidate) - 1)
                continue
            archive_month = candidate
            low = month_index(archive_month) - ARCHIVE_MONTHS + 1
            covered = [m for m in queue if low <= month_index(m) <= month_index(archive_month)]
            with archive:
                for month in covered:
                    for kind in pending[month]:
                        path = extract(archive, archive_month, force, month, kind, dest)
                        source = f"archive:{archive_month}.zip"
                        record(dest, month, force, kind, path, source)
                        report.written.append(path)
                        report.sources[path.name] = source
                        progress.advance(path.name)
            queue = [m for m in queue if m not in covered]
    finally:
        if own_client:
            client.close()
    return report
