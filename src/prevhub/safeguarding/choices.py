"""Choice sets of the safeguarding register, with named constants (NetBox's choices.py)."""

from __future__ import annotations

from django.db import models


class AbuseType(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    HONOUR_BASED_ABUSE = "honour_based_abuse", "Honour-based abuse"
    FORCED_MARRIAGE = "forced_marriage", "Forced marriage"
    FGM = "fgm", "Female genital mutilation"
    STALKING = "stalking", "Stalking"
    HARASSMENT = "harassment", "Harassment"


class Relationship(models.TextChoices):
    """The perpetrator's relationship to the victim (Domestic Abuse Act 2021 s.2 'personally
    connected', plus the relationships stalking and harassment cases bring)."""

    PARTNER = "partner", "Partner"
    EX_PARTNER = "ex_partner", "Ex-partner"
    FAMILY = "family", "Family member"
    ACQUAINTANCE = "acquaintance", "Acquaintance"
    STRANGER = "stranger", "Stranger"
    OTHER = "other", "Other"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RiskLevel(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class OrderKind(models.TextChoices):
    DVPN = "dvpn", "Domestic violence protection notice (DVPN)"
    DVPO = "dvpo", "Domestic violence protection order (DVPO)"
    DAPN = "dapn", "Domestic abuse protection notice (DAPN)"
    DAPO = "dapo", "Domestic abuse protection order (DAPO)"
    SPO = "spo", "Stalking protection order (SPO)"
    INTERIM_SPO = "interim_spo", "Interim stalking protection order"
    FMPO = "fmpo", "Forced marriage protection order (FMPO)"
    FGMPO = "fgmpo", "FGM protection order (FGMPO)"
    NON_MOLESTATION = "non_molestation", "Non-molestation order (third party, for awareness)"
    RESTRAINING = "restraining", "Restraining order (third party, for awareness)"


NOTICE_KINDS = frozenset({OrderKind.DVPN, OrderKind.DAPN})
#: Orders obtained by others (the victim, the court on conviction) and recorded so officers know
#: of them: they are entered already in force and follow no police application lifecycle.
AWARENESS_KINDS = frozenset({OrderKind.NON_MOLESTATION, OrderKind.RESTRAINING})


class OrderStatus(models.TextChoices):
    CONSIDERED = "considered", "Considered"
    APPLIED = "applied", "Applied for"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SERVED = "served", "Served"
    ACTIVE = "active", "Active"
    VARIED = "varied", "Varied"
    BREACHED = "breached", "Breached"
    EXPIRED = "expired", "Expired"
    DISCHARGED = "discharged", "Discharged"


#: An order in force: a breach can be recorded against it (if the breach is before its end).
#: A served notice or order is in force from service (a DVPN "is effective from the time of
#: issue"); 'active' is the same state once the officer has confirmed it.
IN_FORCE = frozenset(
    {OrderStatus.SERVED, OrderStatus.ACTIVE, OrderStatus.VARIED, OrderStatus.BREACHED}
)
ENDED = frozenset(
    {OrderStatus.REFUSED, OrderStatus.WITHDRAWN, OrderStatus.EXPIRED, OrderStatus.DISCHARGED}
)


class BreachAction(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charge"
    FILE = "file", "Filed (no further action)"
    OTHER = "other", "Other"


class RetentionReason(models.TextChoices):
    """Why a case was deleted at review: a fixed list, so no free text (which could hold
    personal data) enters the retention event."""

    REVIEW_NO_LONGER_NEEDED = "review_no_longer_needed", "Reviewed: no longer needed"
    RETENTION_PERIOD_ENDED = "retention_period_ended", "Retention period ended"
    RECORDED_IN_ERROR = "recorded_in_error", "Recorded in error"
