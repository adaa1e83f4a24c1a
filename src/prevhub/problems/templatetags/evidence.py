"""The evidence library's ratings in the Crime Reduction Toolkit's words, for templates
(``{% load evidence %}``; the rules are ``problems.techniques``)."""

from __future__ import annotations

from django import template

from prevhub.problems import techniques

register = template.Library()


@register.filter
def toolkit_effect(value: object) -> str:
    return techniques.effect_label(value)


@register.filter
def toolkit_quality(value: object) -> str:
    return techniques.evidence_quality(value)
