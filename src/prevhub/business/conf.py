"""The register's settings, each with its default and why (override in Django settings)."""

from __future__ import annotations

from django.conf import settings


def police_force() -> str:
    """The data.police.uk force id whose LSOA boundaries place businesses and whose crimes are
    counted around them (``PREVHUB_BUSINESS_FORCE``). Default ``nottinghamshire``: the one force
    whose boundaries are packaged (``prevhub.crime.geography``); a force that loads its own with
    ``prevhub boundaries load`` sets this to its id."""
    return str(getattr(settings, "PREVHUB_BUSINESS_FORCE", "nottinghamshire"))


def default_radius_m() -> int:
    """Metres around a business counted as "around the premises" (``PREVHUB_BUSINESS_RADIUS_M``,
    default 250). Not from a published standard: police.uk snaps crimes to map points that can
    be a street's length away, so a radius much under 200 m measures the snapping (see
    docs/business.md)."""
    return int(getattr(settings, "PREVHUB_BUSINESS_RADIUS_M", 250))


def default_months() -> int:
    """Months before and after a visit compared (``PREVHUB_BUSINESS_MONTHS``, default 3): a
    quarter either side, the visit's own month in neither."""
    return int(getattr(settings, "PREVHUB_BUSINESS_MONTHS", 3))
