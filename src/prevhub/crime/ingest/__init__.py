"""The ingest pipelines: one module per source, each one transaction on an open store.

:class:`~prevhub.crime.store.CrimeStore` owns the file (opening, versions, the swap that
publishes a finished ingest); these modules own what an ingest does inside it:

* :mod:`.police_uk`: data.police.uk monthly files, checked and loaded in batches;
* :mod:`.recorded_crime`: a force's recorded-crime extract;
* :mod:`.neighbourhoods`: the LSOA -> neighbourhood mapping;
* :mod:`.loads`: the ``loads`` table every pipeline records its loads in;
* :mod:`.report`: what an ingest tells its caller.
"""

from prevhub.crime.ingest.report import FileLoad, IngestReport, ProgressCallback

__all__ = ["FileLoad", "IngestReport", "ProgressCallback"]
