from prevhub.core import formatting
from prevhub.core.tables import Column, Table


class BusinessTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda b: b.reference),
        Column("name", "Name"),
        Column("sector", "Sector"),
        Column("postcode", "Postcode"),
        Column("lsoa_name", "LSOA"),
        Column("district", "District"),
    )
    default_columns = ("id", "name", "sector", "lsoa_name", "district")


class SecuritySurveyTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda s: s.reference),
        Column("business__name", "Business"),
        Column("surveyed_on", "Surveyed on", show=formatting.date),
        Column("follow_up_due", "Follow-up due", show=formatting.date),
        Column("followed_up_on", "Followed up on", show=formatting.date),
    )


class RecommendationTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda r: r.reference),
        Column("survey__business__name", "Business"),
        Column("layer", "Layer"),
        Column("recommendation", "Recommendation", sortable=False),
        Column("priority", "Priority"),
        Column("follow_up_on", "Follow up by", show=formatting.date),
        Column("done_on", "Done on", show=formatting.date),
    )
    default_columns = ("id", "survey__business__name", "layer", "priority", "done_on")


class ActionDayTable(Table):
    columns = (
        Column("title", "Title", link=True),
        Column("area_name", "Area"),
        Column("starts_on", "First day", show=formatting.date),
        Column("ends_on", "Last day", show=formatting.date),
        Column("visits", "Visits"),
        Column("surveys", "Surveys"),
        Column("arrests", "Arrests"),
    )
