"""Writes of the Reports area: the annual report's file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from prevhub.crime.periods import Period
from prevhub.errors import PrevhubError
from prevhub.paths import prevhub_home

OUTPUTS = ("pdf", "html")


def reports_folder() -> Path:
    """PREVHUB_HOME/reports: generated reports (aggregates only, no personal data)."""
    folder = prevhub_home() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def annual_report_document(
    *, period: Period | str, force: str | None, output: str, progress: Any = None
) -> bytes:
    """The annual report as PDF or HTML bytes."""
    from prevhub.crime.store import CrimeStore
    from prevhub.paths import crime_store_path
    from prevhub.reports import annual, render

    if output not in OUTPUTS:
        raise PrevhubError(f"output {output!r}: choose pdf or html")
    steps = progress or (lambda done, total, message="": None)
    if not crime_store_path().exists():
        raise PrevhubError(f"no crime store at {crime_store_path()}: load data first")
    with CrimeStore(crime_store_path(), read_only=True) as store:
        report = annual.build(store, period, force, progress=lambda d, t, m: steps(d, t + 2, m))
    steps(6, 8, "Drawing the charts")
    html = render.to_html(report)
    if output == "html":
        return html.encode()
    steps(7, 8, "Laying out the PDF")
    return render.to_pdf(html)


def annual_report_write(
    *, period: Period | str, force: str | None, output: str, name: str, progress: Any = None
) -> Path:
    """Write the report to ``reports_folder()/name.<output>`` atomically (a reader never sees
    half a file, and a killed job leaves no partial report)."""
    data = annual_report_document(period=period, force=force, output=output, progress=progress)
    target = reports_folder() / f"{name}.{output}"
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temp, target)
    return target
