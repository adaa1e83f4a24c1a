"""Choice sets of the substances register."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_STATED = "not_stated", "Not stated"


class Ethnicity(models.TextChoices):
    """The five high-level ethnic groups of the ONS 2021 Census classification (self-defined),
    as police stop and search and arrest statistics publish them."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Not stated"


class Answer(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class Outcome(models.TextChoices):
    """Where an episode is: considered, then offered, accepted, and completed or not."""

    CONSIDERED = "considered", "Considered"
    NOT_OFFERED = "not_offered", "Eligible, not offered"
    DECLINED = "declined", "Offered, declined"
    IN_PROGRESS = "in_progress", "Accepted, in progress"
    COMPLETED = "completed", "Completed"
    NOT_COMPLETED = "not_completed", "Accepted, not completed"
    INELIGIBLE = "ineligible", "Not eligible"


class Attendance(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    REARRANGED = "rearranged", "Rearranged"


class BreachAction(models.TextChoices):
    PROSECUTED = "prosecuted", "Original offence prosecuted"
    REOFFERED = "reoffered", "Further chance given"
    NO_FURTHER_ACTION = "nfa", "No further action"
    OTHER = "other", "Other"


class RetentionReason(models.TextChoices):
    RETENTION_PERIOD = "retention_period", "Retention period has ended"
    RECORDED_IN_ERROR = "recorded_in_error", "Recorded in error"
