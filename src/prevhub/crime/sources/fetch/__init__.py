"""Download data.police.uk files for one force and a range of months, politely and resumably.

data.police.uk serves the same data two ways:

- **Archive zips** at ``/data/archive/YYYY-MM.zip``: every force's street, outcomes and
  stop-and-search CSVs for the 36 months ending ``YYYY-MM``, laid out as
  ``YYYY-MM/YYYY-MM-<force>-<kind>.csv``. A zip is well over a gigabyte, so we never download it
  whole: we read its central directory and the wanted members with HTTP ``Range`` requests and
  write only the force's files. A member's CRC is checked as it is read.
- **The JSON API** at ``/api/...``: used only for months no archive serves yet. Street crimes
  come from ``crimes-street`` queried with each neighbourhood's boundary polygon plus
  ``crimes-no-location``; stop and search from ``stops-force``. The API has no force-wide
  outcomes query, so outcomes come only from archives. API rows are converted to the archive's
  CSV columns; the API gives no LSOA, so ``LSOA code`` and ``LSOA name`` are left empty (such
  rows count in force totals but not in area breakdowns until an LSOA is assigned from the
  coordinates).

Rules we keep: at most 15 requests a second (data.police.uk's published limit) through a token
bucket; HTTP 429 and 503 are retried after ``Retry-After`` (or an exponential back-off), a
bounded number of times, then stop with a clear error; a file is written to ``<name>.part`` and
renamed only once complete and verified; a month's completion marker (sizes and SHA-256 of its
files) is written atomically, and months whose marker matches the files on disk are skipped on
the next run.

The package is split by concern: :mod:`.client` (HTTP, rate limit, retries, range reads),
:mod:`.layout` (kinds, columns, file names; months come from :mod:`prevhub.crime.periods`),
:mod:`.markers` (what is complete
on disk), :mod:`.archive` (members of a remote zip), :mod:`.api` (the JSON API fallback) and
:mod:`.run` (:func:`fetch_police_uk`, which decides where each month comes from).
"""

from prevhub.crime.sources.fetch.api import ERR_OUTCOMES_NEED_ARCHIVE
from prevhub.crime.sources.fetch.archive import ERR_FORCE_MONTH_MISSING
from prevhub.crime.sources.fetch.client import (
    DEFAULT_BASE_URL,
    ERR_GAVE_UP,
    MAX_REQUESTS_PER_SECOND,
    RANGE_BLOCK,
    PoliceUkClient,
    TokenBucket,
)
from prevhub.crime.sources.fetch.layout import (
    ARCHIVE_MONTHS,
    KINDS,
    OUTCOMES,
    STOP_AND_SEARCH,
    STOP_AND_SEARCH_COLUMNS,
    STREET,
    STREET_COLUMNS,
    file_name,
)
from prevhub.crime.sources.fetch.markers import MARKER_PREFIX, verified_kinds
from prevhub.crime.sources.fetch.run import (
    ERR_NO_STOP_SEARCH,
    ERR_NOT_PUBLISHED,
    ERR_UNAVAILABLE,
    ERR_UNKNOWN_FORCE,
    FetchReport,
    Progress,
    fetch_police_uk,
)

__all__ = [
    "ARCHIVE_MONTHS",
    "DEFAULT_BASE_URL",
    "ERR_FORCE_MONTH_MISSING",
    "ERR_GAVE_UP",
    "ERR_NOT_PUBLISHED",
    "ERR_NO_STOP_SEARCH",
    "ERR_OUTCOMES_NEED_ARCHIVE",
    "ERR_UNAVAILABLE",
    "ERR_UNKNOWN_FORCE",
    "KINDS",
    "MARKER_PREFIX",
    "MAX_REQUESTS_PER_SECOND",
    "OUTCOMES",
    "RANGE_BLOCK",
    "STOP_AND_SEARCH",
    "STOP_AND_SEARCH_COLUMNS",
    "STREET",
    "STREET_COLUMNS",
    "FetchReport",
    "PoliceUkClient",
    "Progress",
    "TokenBucket",
    "fetch_police_uk",
    "file_name",
    "verified_kinds",
]
