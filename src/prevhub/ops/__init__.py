"""Operations: backup and restore of an installation (see prevhub.ops.backup)."""
