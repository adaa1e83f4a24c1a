"""Safeguarding register: victims of domestic abuse, honour-based abuse and stalking."""
