"""Choice sets of the youth register (NetBox's choices.py): named constants with labels."""

from django.db import models


class UnitKind(models.TextChoices):
    VPC = "vpc", "Volunteer Police Cadets (13 to 18)"
    JUNIOR = "junior", "Junior cadets (10 to 13)"
    MINI_POLICE = "mini_police", "Mini Police school cohort (years 5 and 6)"


class ConsentKind(models.TextChoices):
    PARTICIPATION = "participation", "Participation in the scheme"
    PHOTOGRAPHS = "photographs", "Photographs and video"
    MEDICAL = "medical", "Health and medical notes"
    EVENT = "event", "Health and permission form for an event"


class AwardKind(models.TextChoices):
    DOFE_BRONZE = "dofe_bronze", "Duke of Edinburgh's Award, bronze"
    DOFE_SILVER = "dofe_silver", "Duke of Edinburgh's Award, silver"
    DOFE_GOLD = "dofe_gold", "Duke of Edinburgh's Award, gold"
    VPC = "vpc", "VPC award or certificate"
    OTHER = "other", "Other award"


class AwardSection(models.TextChoices):
    NONE = "", "Whole award (no section)"
    VOLUNTEERING = "volunteering", "Volunteering section"
    PHYSICAL = "physical", "Physical section"
    SKILLS = "skills", "Skills section"
    EXPEDITION = "expedition", "Expedition section"
    RESIDENTIAL = "residential", "Residential section (gold)"


class LeavingReason(models.TextChoices):
    NONE = "", "Not left"
    AGED_OUT = "aged_out", "Reached the leaving age"
    ADULT_VOLUNTEER = "adult_volunteer", "Became an adult volunteer"
    COHORT_ENDED = "cohort_ended", "Mini Police cohort ended"
    CHOSE_TO_LEAVE = "chose", "Chose to leave"
    OTHER = "other", "Other"


class ArchivedMeasure(models.TextChoices):
    """What an anonymous count left by a retention deletion counts."""

    JOINED = "joined", "Joined"
    LEFT = "left", "Left"
    EXPECTED = "expected", "Session places (on the roll)"
    ATTENDED = "attended", "Sessions attended"
    HOURS = "hours", "Volunteering hours"
