"""Operations commands: backup and restore of the whole installation.

Both honour ``PREVHUB_HOME``, ``PREVHUB_STORE`` and ``DATABASE_URL`` (the database, crime store
and uploads they back up or restore are the ones the hub itself would use).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prevhub.cli import app
from prevhub.cli.output import console


@app.command("backup")
def backup_command(
    directory: Annotated[Path, typer.Argument(help="New (or empty) folder for the backup.")],
) -> None:
    """Back up the database, the crime store and uploads, with a manifest of checksums."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.ops.backup import backup

    manifest = backup(directory)
    size = sum(f["bytes"] for f in manifest["files"].values())
    console().print(
        f"Backed up to {directory}: {len(manifest['files'])} files, {size:,} bytes "
        f"({manifest['database']} database"
        f"{', crime store' if manifest['crime_store'] else ''})."
    )


@app.command("restore")
def restore_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by `prevhub backup`.")],
    force: Annotated[
        bool, typer.Option(help="Replace an installation that already holds data.")
    ] = False,
) -> None:
    """Restore a backup (every checksum checked first; refuses a home with data unless --force)."""
    from prevhub.cli.platform import django_setup

    django_setup()
    from prevhub.ops.backup import restore

    manifest = restore(directory, force=force)
    console().print(
        f"Restored {len(manifest['files'])} files from {directory} "
        f"(backed up {manifest['created_at']}). Run `prevhub init` if this Prevention Hub is "
        "newer than the backup (it applies any new migrations)."
    )
