"""Reducing reoffending: the Integrated Offender Management cohort, its needs along the seven
pathways, reviews, and reoffending measured from the force's recorded crime."""
