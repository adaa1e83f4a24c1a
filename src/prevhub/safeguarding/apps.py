from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    """Cases, risk assessments, MARAC referrals and protection orders with their deadlines."""

    name = "prevhub.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"
