"""One place that reads the environment, so every setting's source is visible in one file."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from the environment, or the default."""
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_required(name: str) -> str:
    """A setting production must be given explicitly: failing closed beats a guessable default."""
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in the environment for production settings "
            f"(see docs/deployment.md)."
        )
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """True for 1/true/yes/on (any case)."""
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """An integer from the environment, with the variable named if it is not one."""
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list from the environment."""
    value = os.environ.get(name)
    if value in (None, ""):
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]
