"""The DASH (2009) risk identification checklist and the S-DASH stalking screening questions.

DASH: Domestic Abuse, Stalking and Harassment and Honour Based Violence risk identification
checklist, ACPO (2009), by Laura Richards with CAADA (now SafeLives) — 27 questions, scored as
the number of "yes" answers. S-DASH (2009): Sheridan, Roberts and Richards — 11 questions. The
texts below are short forms for the form labels; officers use the full published checklist.
Sources and thresholds: docs/safeguarding.md.
"""

from __future__ import annotations

from prevhub.safeguarding.choices import RiskLevel

DASH_QUESTIONS: tuple[str, ...] = (
    "Has the current incident resulted in injury?",
    "Is the victim very frightened?",
    "Is the victim afraid of further injury or violence (to themselves, children or others)?",
    "Does the victim feel isolated from family or friends?",
    "Is the victim feeling depressed or having suicidal thoughts?",
    "Has the victim separated or tried to separate from the abuser within the past year?",
    "Is there conflict over child contact?",
    "Does the abuser constantly text, call, contact, follow, stalk or harass the victim?",
    "Is the victim pregnant or have they recently had a baby (within 18 months)?",
    "Are there children or step-children in the household who are not the abuser's, or other "
    "dependants?",
    "Has the abuser ever hurt the children or dependants?",
    "Has the abuser ever threatened to hurt or kill the children or dependants?",
    "Is the abuse happening more often?",
    "Is the abuse getting worse?",
    "Does the abuser try to control everything the victim does, or are they excessively jealous?",
    "Has the abuser ever used weapons or objects to hurt the victim?",
    "Has the abuser ever threatened to kill the victim or someone else, and were they believed?",
    "Has the abuser ever attempted to strangle, choke, suffocate or drown the victim?",
    "Does the abuser do or say things of a sexual nature that make the victim feel bad or that "
    "physically hurt them or someone else?",
    "Is there any other person who has threatened the victim or whom the victim is afraid of?",
    "Has the abuser hurt anyone else (children, siblings, elderly relatives, strangers)?",
    "Has the abuser ever mistreated an animal or the family pet?",
    "Are there financial issues (dependence on the abuser, job loss)?",
    "Has the abuser had problems in the past year with drugs, alcohol or mental health?",
    "Has the abuser ever threatened or attempted suicide?",
    "Has the abuser ever broken bail, an injunction or a formal agreement about contact?",
    "Has the abuser ever been in trouble with the police or got a criminal history?",
)
assert len(DASH_QUESTIONS) == 27

STALKING_QUESTIONS: tuple[str, ...] = (
    "Is the victim very frightened?",
    "Has the suspect engaged in harassment on previous occasions (this or other victims)?",
    "Has the suspect ever destroyed or vandalised the victim's property?",
    "Does the suspect visit the victim at work, home, etc. more than three times a week?",
    "Has the suspect loitered around the victim's home, workplace, etc.?",
    "Has the suspect made threats of physical or sexual violence in the current harassment?",
    "Has the suspect harassed any third party since the harassment began?",
    "Has the suspect acted out violently towards people within the current stalking incidents?",
    "Has the suspect persuaded other people to help them (wittingly or unwittingly)?",
    "Is the suspect known to be abusing drugs and/or alcohol?",
    "Is the suspect known to have been violent in the past?",
)
assert len(STALKING_QUESTIONS) == 11

#: DASH (2009): 14 or more "yes" answers is visible high risk and meets the Marac referral
#: criterion on its own (SafeLives Marac guidance). 10-13 as medium is the banding MARACs
#: commonly use with the checklist (e.g. Plymouth Safeguarding Children Partnership's DASH
#: page); the checklist itself leaves standard and medium to the practitioner's judgement
#: against the published level definitions, so the officer may override with a reason.
HIGH_RISK_YES_COUNT = 14
MEDIUM_RISK_YES_COUNT = 10


def dash_question_keys() -> list[str]:
    return [f"q{i}" for i in range(1, len(DASH_QUESTIONS) + 1)]


def stalking_question_keys() -> list[str]:
    return [f"s{i}" for i in range(1, len(STALKING_QUESTIONS) + 1)]


def yes_count(answers: dict[str, str]) -> int:
    """The score of a checklist: the number of questions answered "yes"."""
    return sum(1 for value in answers.values() if value == "yes")


def dash_level(score: int) -> str:
    """The level a DASH score indicates before professional judgement."""
    if score >= HIGH_RISK_YES_COUNT:
        return RiskLevel.HIGH
    if score >= MEDIUM_RISK_YES_COUNT:
        return RiskLevel.MEDIUM
    return RiskLevel.STANDARD
