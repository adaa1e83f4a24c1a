"""The one result shape every evaluation method returns.

A method answers "by how much did crime change, against what comparison, and how sure can we
be" with an :class:`EvaluationResult`: the headline estimate on a stated scale, its standard
error and/or interval, a p-value, the method's name, reference and version, the caveats that
say what the figure cannot tell, and the method's own parts (WDD's local, displacement and
total estimates; an event study's months; synthetic control's weights and placebos).

The dashboard, the annual report and the problem assessment store ``to_dict()`` as it was
computed, so a later change to a method cannot silently rewrite an old answer: the stored
``version`` says which rules made it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from scipy import stats as sps

#: Bump when any method's arithmetic changes, so stored results say which rules made them.
EVALUATION_VERSION = "1"


def _num(x: float | None) -> float | None:
    """A JSON-safe float: NaN and infinity become None (JSON has no such numbers)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def normal_quantile(alpha: float) -> float:
    """The two-sided standard normal critical value for ``alpha`` (1.96 for 0.05)."""
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    return float(sps.norm.ppf(1 - alpha / 2))


@dataclass(frozen=True)
class Estimate:
    """One estimated quantity with its standard error, z, two-sided p and interval."""

    estimate: float
    se: float | None = None
    z: float | None = None
    p_value: float | None = None
    ci: tuple[float, float] | None = None

    @classmethod
    def normal(cls, estimate: float, se: float, alpha: float) -> Estimate:
        """Estimate ± z·se with the z-test of estimate = 0 (a normal approximation)."""
        q = normal_quantile(alpha)
        if se > 0:
            z = estimate / se
            p = float(2 * sps.norm.sf(abs(z)))
        else:
            z, p = math.nan, math.nan
        return cls(estimate, se, z, p, (estimate - q * se, estimate + q * se))

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": _num(self.estimate),
            "se": _num(self.se),
            "z": _num(self.z),
            "p_value": _num(self.p_value),
            "ci": [_num(self.ci[0]), _num(self.ci[1])] if self.ci else None,
        }


@dataclass(frozen=True)
class EvaluationResult:
    """What an evaluation method found, in the same shape for every method.

    ``estimate`` is on ``scale`` (e.g. "crimes, treated minus control change" for WDD,
    "incidence rate ratio" for DiD); ``ci`` is the ``1 - alpha`` interval on that scale.
    ``parts`` holds the method's own figures (JSON-ready). ``caveats`` are sentences a
    reader must see next to the figure.
    """

    method: str
    label: str
    reference: str
    estimate: float | None
    scale: str
    se: float | None = None
    ci: tuple[float, float] | None = None
    p_value: float | None = None
    alpha: float = 0.05
    caveats: list[str] = field(default_factory=list)
    parts: dict[str, Any] = field(default_factory=dict)
    version: str = EVALUATION_VERSION

    @property
    def significant(self) -> bool:
        """Whether the p-value is below alpha (False when there is none)."""
        return self.p_value is not None and self.p_value < self.alpha

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "label": self.label,
            "reference": self.reference,
            "estimate": _num(self.estimate),
            "scale": self.scale,
            "se": _num(self.se),
            "ci": [_num(self.ci[0]), _num(self.ci[1])] if self.ci else None,
            "p_value": _num(self.p_value),
            "alpha": self.alpha,
            "caveats": list(self.caveats),
            "parts": self.parts,
            "version": self.version,
        }
