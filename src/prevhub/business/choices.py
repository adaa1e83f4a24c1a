"""Choice sets of the Safer Business register, with the labels pages show."""

from django.db import models


class Sector(models.TextChoices):
    RETAIL = "retail", "Retail (shop)"
    CONVENIENCE = "convenience", "Convenience store or off-licence"
    LICENSED = "licensed", "Pub, bar or night-time venue"
    FOOD = "food", "Café, restaurant or takeaway"
    SERVICES = "services", "Personal or financial services"
    OFFICE = "office", "Office"
    INDUSTRIAL = "industrial", "Industrial, warehouse or depot"
    FUEL = "fuel", "Petrol station"
    PHARMACY = "pharmacy", "Pharmacy"
    OTHER = "other", "Other"


class SurveyLayer(models.TextChoices):
    """The layered security survey, outside in (the "onion" model of layered protection used by
    police designing-out-crime officers and Secured by Design's commercial guidance)."""

    SURROUNDINGS = "surroundings", "Surroundings"
    PERIMETER = "perimeter", "Perimeter"
    SHELL = "shell", "Building shell"
    INTERIOR = "interior", "Interior"
    ASSETS = "assets", "Cash, stock and people"
    PROCEDURES = "procedures", "Procedures"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Activity(models.TextChoices):
    """What an action day did (the National Business Crime Centre's Safer Business Action Day
    model: visits, advice, property marking, patrols, with partners and security staff)."""

    VISITS = "visits", "Business visits"
    SURVEYS = "surveys", "Security surveys"
    ADVICE = "advice", "Crime prevention advice"
    PROPERTY_MARKING = "property_marking", "Property marking"
    PATROLS = "patrols", "High-visibility patrols"
    ENFORCEMENT = "enforcement", "Enforcement (warrants, arrests)"
    INTELLIGENCE = "intelligence", "Intelligence gathering"
    STREET_LINK = "street_link", "Outreach with support services"
