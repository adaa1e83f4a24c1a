"""Evaluation methods: did a response work, against what comparison, and what cannot be claimed.

No Django here (the import contract): each method takes counts and returns one result shape,
:class:`EvaluationResult` (estimate, standard error or interval, p-value, the method's name,
reference and version, caveats, and the method's own parts). ``prevhub.crime.evaluation.areas``
reads the counts from the crime store for areas and periods.

Methods: :func:`wdd` and :func:`wdd_harm_weighted` (weighted displacement difference),
:func:`difference_in_differences` and :func:`event_study` (Poisson / negative binomial),
:func:`synthetic_control` (with in-space placebos), :func:`control_chart` and
:func:`seasonal_baseline`, :func:`hotspot_accuracy` (PAI, PEI, RRI). Formulas and what each
cannot tell: ``docs/methods/evaluation.md``.
"""

from prevhub.crime.evaluation.charts import control_chart, seasonal_baseline, western_electric
from prevhub.crime.evaluation.did import difference_in_differences, event_study
from prevhub.crime.evaluation.hotspots import hotspot_accuracy
from prevhub.crime.evaluation.result import EVALUATION_VERSION, Estimate, EvaluationResult
from prevhub.crime.evaluation.synth import synthetic_control
from prevhub.crime.evaluation.wdd import WddCounts, wdd, wdd_harm, wdd_harm_weighted

__all__ = [
    "EVALUATION_VERSION",
    "Estimate",
    "EvaluationResult",
    "WddCounts",
    "control_chart",
    "difference_in_differences",
    "event_study",
    "hotspot_accuracy",
    "seasonal_baseline",
    "synthetic_control",
    "wdd",
    "wdd_harm",
    "wdd_harm_weighted",
    "western_electric",
]
