"""Tables of the register's lists (every column; a default subset shown)."""

from prevhub.core.tables import Column, Table


class OfficerTable(Table):
    columns = (
        Column("collar_number", "Collar number", link=True),
        Column("family_name", "Family name"),
        Column("given_name", "Given name"),
        Column("rank", "Rank"),
        Column("team", "Team"),
        Column("station", "Station"),
        Column("status", "Status"),
        Column("joined_on", "Joined"),
        Column("warrant_date", "Warrant date"),
        Column("vetting_expires_on", "Vetting expires"),
        Column("left_on", "Left"),
    )
    default_columns = (
        "collar_number",
        "family_name",
        "given_name",
        "rank",
        "team",
        "status",
        "vetting_expires_on",
    )


class QualificationKindTable(Table):
    columns = (
        Column("name", "Name", link=True),
        Column("slug", "Short name"),
        Column("required_for_duty", "Required for operational duty"),
    )


class QualificationTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda q: q.reference),
        Column("officer__collar_number", "Officer"),
        Column("kind__name", "Kind"),
        Column("obtained_on", "Gained"),
        Column("expires_on", "Expires"),
    )


class DutyTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda d: d.reference),
        Column("officer__collar_number", "Officer"),
        Column("duty_type", "Type"),
        Column("patrol_mode", "Patrol"),
        Column("status", "Status"),
        Column("starts_at", "Starts"),
        Column("ends_at", "Ends"),
        Column("hours", "Hours", sortable=False, value=lambda d: round(d.hours, 2)),
        Column("district", "District"),
        Column("lsoa_code", "LSOA"),
        Column("problem", "Problem"),
        Column("hotspot_cell", "Hot-spot cell"),
        Column("signed_off_at", "Signed off"),
    )
    default_columns = (
        "id",
        "officer__collar_number",
        "duty_type",
        "status",
        "starts_at",
        "ends_at",
        "hours",
        "district",
    )


class EventTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda e: e.reference),
        Column("title", "Title"),
        Column("starts_at", "Starts"),
        Column("ends_at", "Ends"),
        Column("places", "Places"),
        Column("signup_deadline", "Sign-up deadline"),
        Column("district", "District"),
    )


class EventSignupTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda s: s.reference),
        Column("event__title", "Event"),
        Column("officer__collar_number", "Officer"),
        Column("status", "Status"),
        Column("signed_up_at", "Signed up"),
    )


class AvailabilityTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda a: a.reference),
        Column("officer__collar_number", "Officer"),
        Column("starts_at", "From"),
        Column("ends_at", "To"),
        Column("note", "Note"),
    )


class AttendanceNoticeTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda n: n.reference),
        Column("officer__collar_number", "Officer"),
        Column("stage", "Stage"),
        Column("issued_on", "Issued"),
        Column("hours", "Hours measured"),
    )
