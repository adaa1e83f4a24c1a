"""Choice sets of the suicide prevention register (NetBox's choices.py), from national sources.

- Method categories: the groups ONS publishes in "Suicides in England and Wales" (ICD-10
  X60-X84 and Y10-Y34 grouped as hanging, strangulation and suffocation; poisoning;
  drowning; fall and fracture; cutting and piercing; other), with "struck by a moving
  vehicle or train" kept apart because places of concern (railways) are acted on separately
  in real-time surveillance (PHE 2015, "Preventing suicides in public places").
- Age bands: ONS's five-year bands grouped as the local partnership reports them (under 18
  kept apart: a child death is also reviewed by the Child Death Overview Panel).
- Status: a suspected suicide stays "suspected" until the coroner's conclusion; the
  conclusions are the inquest's (Coroners and Justice Act 2009; Chief Coroner's guidance).
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    SUSPECTED_SUICIDE = "death", "Suspected suicide (death)"
    ATTEMPT = "attempt", "Attempt (survived)"


class Status(models.TextChoices):
    """Where a death stands: suspected until the coroner concludes (attempts have none)."""

    SUSPECTED = "suspected", "Suspected (awaiting the coroner)"
    SUICIDE = "suicide", "Coroner's conclusion: suicide"
    NARRATIVE = "narrative", "Coroner's conclusion: narrative"
    OPEN = "open", "Coroner's conclusion: open"
    OTHER_CONCLUSION = "other", "Coroner's conclusion: another (accident, misadventure…)"
    NOT_SUICIDE = "not_suicide", "Found not to be a suicide before inquest"


CONCLUDED = frozenset({Status.SUICIDE, Status.NARRATIVE, Status.OPEN, Status.OTHER_CONCLUSION})


class Method(models.TextChoices):
    HANGING = "hanging", "Hanging, strangulation and suffocation"
    POISONING = "poisoning", "Poisoning (including overdose)"
    DROWNING = "drowning", "Drowning"
    FALL = "fall", "Fall and fracture (jump from height)"
    CUTTING = "cutting", "Cutting and piercing"
    MOVING_OBJECT = "moving_object", "Struck by a moving vehicle or train"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known yet"


class PlaceType(models.TextChoices):
    HOME = "home", "Home (own or another's)"
    RAILWAY = "railway", "Railway"
    BRIDGE_HEIGHT = "height", "Bridge, cliff or other high place"
    WATER = "water", "River, canal, lake, sea or coast"
    WOODLAND = "woodland", "Woodland, park or open country"
    ROAD = "road", "Road or car park"
    HOSPITAL = "hospital", "Hospital or other healthcare setting"
    CUSTODY = "custody", "Police custody, prison or detention"
    HOTEL = "hotel", "Hotel or other accommodation"
    WORKPLACE = "workplace", "Workplace or school"
    OTHER = "other", "Other place"


#: Places a location of concern can be (a home is never a location of concern).
PUBLIC_PLACE_TYPES = tuple(c for c in PlaceType.choices if c[0] != PlaceType.HOME)


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", "Under 18"
    A18_24 = "18-24", "18 to 24"
    A25_34 = "25-34", "25 to 34"
    A35_44 = "35-44", "35 to 44"
    A45_54 = "45-54", "45 to 54"
    A55_64 = "55-64", "55 to 64"
    A65_74 = "65-74", "65 to 74"
    A75 = "75+", "75 and over"
    NOT_KNOWN = "not_known", "Not known"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NOT_KNOWN = "not_known", "Not known"


class Consent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"
    NO_NEXT_OF_KIN = "none", "No next of kin traced"


class MeasureKind(models.TextChoices):
    """Measures at a location (PHE 2015, "Preventing suicides in public places": restrict
    access, encourage help-seeking, increase the chance of intervention)."""

    SIGNAGE = "signage", "Signage (e.g. Samaritans signs)"
    BARRIERS = "barriers", "Barriers or fencing"
    PATROLS = "patrols", "Patrols"
    STAFF_TRAINING = "training", "Staff training"
    CCTV_LIGHTING = "cctv", "CCTV or lighting"
    OTHER = "other", "Other"


class RetentionReason(models.TextChoices):
    """Why records were deleted: a fixed list, so no free text enters the retention event."""

    RETENTION_PERIOD_ENDED = "retention_period_ended", "Retention period ended"
    RECORDED_IN_ERROR = "recorded_in_error", "Recorded in error"
