"""Choice sets of the reoffending register, with their sources."""

from __future__ import annotations

from django.db import models


class Strand(models.TextChoices):
    """The three cohort strands of the Neighbourhood Crime Integrated Offender Management
    Strategy (Home Office and Ministry of Justice, December 2020)."""

    FIXED = "fixed", "Fixed (neighbourhood crime)"
    FLEX = "flex", "Flex (local priority)"
    FREE = "free", "Free (locally chosen)"


class StatutoryStatus(models.TextChoices):
    LICENCE = "licence", "On licence"
    COMMUNITY_ORDER = "community_order", "Community order"
    NONE = "none", "None (non-statutory)"


class Pathway(models.TextChoices):
    """The seven reducing-reoffending pathways (Reducing Re-offending National Action Plan,
    Home Office 2004)."""

    ACCOMMODATION = "accommodation", "Accommodation"
    EDUCATION = "education", "Education, training and employment"
    HEALTH = "health", "Health"
    DRUGS_ALCOHOL = "drugs_alcohol", "Drugs and alcohol"
    FINANCE = "finance", "Finance, benefit and debt"
    FAMILIES = "families", "Children and families"
    ATTITUDES = "attitudes", "Attitudes, thinking and behaviour"


class Outcome(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    MET = "met", "Need met"
    PARTLY_MET = "partly_met", "Need partly met"
    NOT_MET = "not_met", "Need not met"
    DECLINED = "declined", "Declined by the person"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue on the cohort"
    CHANGE_STRAND = "change_strand", "Change strand"
    DESELECT = "deselect", "De-select"


class RetentionReason(models.TextChoices):
    RETENTION_PERIOD = "retention_period", "Retention period has ended"
    RECORDED_IN_ERROR = "recorded_in_error", "Recorded in error"
