"""Reading one force's files out of an archive zip on the server, member by member."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from prevhub.crime.sources.fetch.client import NoRangeSupport, PoliceUkClient, RemoteFile
from prevhub.crime.sources.fetch.layout import file_name
from prevhub.errors import PrevhubError

ERR_FORCE_MONTH_MISSING = (
    "data.police.uk has no {kind} file for {force} in {month} (the archive {archive} does not "
    "contain {member})."
)


def open_archive(client: PoliceUkClient, month: str) -> zipfile.ZipFile | None:
    """Open ``/data/archive/<month>.zip`` remotely, or ``None`` if the server has none."""
    path = f"/data/archive/{month}.zip"
    found = client.size(path)
    if found is None:
        return None
    size, ranges = found
    if ranges and size > 0:
        try:
            return zipfile.ZipFile(RemoteFile(client, path, size))
        except NoRangeSupport:
            pass
    # A server without Range support: the whole zip, spooled to a temporary file.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the ZipFile returned
    with client.stream("GET", path) as response:
        for chunk in response.iter_bytes():
            spool.write(chunk)
    spool.seek(0)
    return zipfile.ZipFile(spool)


def extract(
    archive: zipfile.ZipFile, archive_month: str, force: str, month: str, kind: str, dest: Path
) -> Path:
    """Copy one member to ``<name>.part`` (CRC-checked by zipfile), then rename it into place."""
    name = file_name(month, force, kind)
    member = f"{month}/{name}"
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise PrevhubError(
            ERR_FORCE_MONTH_MISSING.format(
                kind=kind, force=force, month=month, archive=f"{archive_month}.zip", member=member
            )
        ) from None
    target = dest / month / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(name + ".part")
    with archive.open(info) as source, partial.open("wb") as sink:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            sink.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    if partial.stat().st_size != info.file_size:
        raise PrevhubError(
            f"{member} came out {partial.stat().st_size} bytes, not {info.file_size}"
        )
    os.replace(partial, target)
    return target
