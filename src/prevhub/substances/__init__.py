"""Substance interventions: drug diversion episodes with their eligibility checks, conditions,
treatment referrals and outcomes; drug testing on arrest and naloxone as counts."""
