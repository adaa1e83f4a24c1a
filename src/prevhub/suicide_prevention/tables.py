from prevhub.core.tables import Column, Table


class SurveillanceRecordTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda r: r.reference),
        Column("kind", "Kind"),
        Column("occurred_at", "When"),
        Column("status", "Status"),
        Column("method", "Method"),
        Column("age_band", "Age band"),
        Column("sex", "Sex"),
        Column("place_type", "Place"),
        Column("family_consent", "Family consent"),
    )
    default_columns = ("id", "kind", "occurred_at", "status", "method", "age_band", "sex")


class LocationOfConcernTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda r: r.reference),
        Column("name", "Name"),
        Column("place_type", "Place"),
        Column("district", "District"),
        Column("lsoa_code", "LSOA"),
        Column("owner", "Owner"),
        Column("identified_on", "Identified"),
    )
    default_columns = ("id", "name", "place_type", "district", "owner")


class LocationMeasureTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda r: r.reference),
        Column("location", "Location"),
        Column("kind", "Measure"),
        Column("carried_out_by", "By"),
        Column("started_on", "Started"),
        Column("ended_on", "Ended"),
    )
    default_columns = ("id", "location", "kind", "started_on", "ended_on")
