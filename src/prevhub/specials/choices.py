"""Named choices of the Special Constabulary register (NetBox's choices.py)."""

from django.db import models


class Rank(models.TextChoices):
    SPECIAL_CONSTABLE = "sc", "Special constable"
    SPECIAL_SERGEANT = "ss", "Special sergeant"
    SPECIAL_INSPECTOR = "si", "Special inspector"
    SPECIAL_CHIEF_INSPECTOR = "sci", "Special chief inspector"
    SPECIAL_SUPERINTENDENT = "ssupt", "Special superintendent"
    SPECIAL_CHIEF_OFFICER = "sco", "Special chief officer"


class OfficerStatus(models.TextChoices):
    IN_TRAINING = "training", "In training"
    TUTORED = "tutored", "Tutored patrol"
    INDEPENDENT = "independent", "Independent patrol"
    LEAVE = "leave", "Leave of absence"
    LEFT = "left", "Left"


#: Statuses of a serving officer (one who counts towards the minimum-hours policy).
SERVING = (OfficerStatus.TUTORED, OfficerStatus.INDEPENDENT)


class VettingLevel(models.TextChoices):
    RV = "rv", "Recruitment vetting (RV)"
    MV = "mv", "Management vetting (MV)"
    NPPV1 = "nppv1", "Non-police personnel vetting level 1"
    NPPV2 = "nppv2", "Non-police personnel vetting level 2"
    NPPV3 = "nppv3", "Non-police personnel vetting level 3"
    CTC = "ctc", "Counter-terrorist check (CTC)"
    SC = "sc", "Security check (SC)"


class DutyType(models.TextChoices):
    PATROL = "patrol", "Patrol"
    EVENT = "event", "Event"
    OPERATION = "operation", "Operation"
    TRAINING = "training", "Training"
    ADMIN = "admin", "Admin"


#: Duty types that put an officer out with the public (need in-date vetting and safety training).
OPERATIONAL = (DutyType.PATROL, DutyType.EVENT, DutyType.OPERATION)


class DutyStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    BOOKED = "booked", "Booked"
    WORKED = "worked", "Worked"
    CANCELLED = "cancelled", "Cancelled"


class PatrolMode(models.TextChoices):
    TUTORED = "tutored", "Tutored (with a tutor constable)"
    INDEPENDENT = "independent", "Independent"


class SignupStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    CONFIRMED = "confirmed", "Confirmed by a leader"
    DECLINED = "declined", "Declined"


class NoticeStage(models.IntegerChoices):
    FIRST = 1, "First notice: reminder of the minimum"
    SECOND = 2, "Second notice: meeting with a supervisor"
    FINAL = 3, "Final notice: review of the officer's appointment"
