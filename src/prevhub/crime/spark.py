"""Apache Spark as a second engine for the measures, over a Parquet export of the crime store.

:class:`SparkStore` offers the few methods :func:`prevhub.crime.measures.measure` calls on a
store (``query``, ``forces``, ``loaded_months``, ``path``), with each table of the export
(:mod:`prevhub.crime.parquet`) registered as a Spark temporary view of the same name. So the
measure's SQL, the one definition of the counts, runs unchanged on Spark SQL: there is no second
copy of the counting rules to drift.

pyspark is the optional extra ``spark`` (``pip install "prevhub[spark]"``) and needs Java 17
(Debian: ``openjdk-17-jre-headless``); it is imported only when a Spark store is opened.

The session: ``PREVHUB_SPARK_MASTER`` (default ``local[2]``) names the master; set it to the
empty string under ``spark-submit`` so the cluster's master and configuration are used (see
``docs/scale.md``). Locally the web UI is off and the driver binds to 127.0.0.1.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from prevhub.crime import parquet
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

MASTER_ENV = "PREVHUB_SPARK_MASTER"
DEFAULT_MASTER = "local[2]"

#: Settings every session gets: partition values stay strings ("2024-01" is a month, not a
#: date), timestamps in UTC, few shuffle partitions (the grouped results are small).
SESSION_CONF = {
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "8",
}
#: Only for a local master: no web UI, nothing listening beyond this machine.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.ui.showConsoleProgress": "false",
}


def spark_session(master: str | None = None) -> Any:
    """The Spark session (created on first use, reused after)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise PrevhubError(
            'the Spark engine needs pyspark: pip install "prevhub[spark]" (and Java 17, e.g. '
            "Debian's openjdk-17-jre-headless)"
        ) from None
    chosen = os.environ.get(MASTER_ENV, DEFAULT_MASTER) if master is None else master
    builder = SparkSession.builder.appName("prevhub")
    conf = dict(SESSION_CONF)
    if chosen:
        builder = builder.master(chosen)
        if chosen.startswith("local"):
            conf.update(LOCAL_CONF)
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # Java missing or failing to start: say so in words
        raise PrevhubError(
            f"could not start Spark ({type(exc).__name__}: {str(exc).splitlines()[0][:200]}); "
            "the Spark engine needs Java 17 (Debian: openjdk-17-jre-headless)"
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkStore:
    """A complete Parquet export read by Spark, answering the measures' queries.

    Refuses a partial export (the manifest, :func:`prevhub.crime.parquet.check_complete`).
    """

    read_only = True

    def __init__(self, directory: Path | str, *, session: Any = None) -> None:
        self.path = Path(directory)
        self.manifest = parquet.check_complete(self.path)
        self.spark = session if session is not None else spark_session()
        for table, source in parquet.table_sources(self.path, self.manifest).items():
            reader = self.spark.read
            if source["partitioned"]:
                reader = reader.option("basePath", str(source["path"]))
            frame = reader.parquet(str(source["path"])).select(*source["columns"])
            frame.createOrReplaceTempView(table)

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        """Rows of a query, in Spark SQL with positional ``?`` parameters (as DuckDB's)."""
        args = list(params)
        frame = self.spark.sql(sql, args=args) if args else self.spark.sql(sql)
        return [tuple(row) for row in frame.collect()]

    # The same small queries as the DuckDB store: the same methods, over query().
    forces = CrimeStore.forces
    loaded_months = CrimeStore.loaded_months
    count = CrimeStore.count

    @property
    def schema_version(self) -> int:
        return int(self.manifest["schema_version"])

    def close(self) -> None:
        """Drop the views (the session stays up for the next store: starting one takes seconds)."""
        for table in self.manifest["tables"]:
            self.spark.catalog.dropTempView(table)

    def __enter__(self) -> SparkStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
