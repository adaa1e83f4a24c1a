from prevhub.core.tables import Column, Table


class PersonTable(Table):
    columns = (
        Column("reference", "Reference", link=True),
        Column("family_name", "Family name"),
        Column("given_name", "Given name"),
        Column("date_of_birth", "Date of birth"),
        Column("postcode", "Postcode"),
        Column("shared_with", "Shared with", sortable=False),
    )
    default_columns = ("reference", "family_name", "given_name", "date_of_birth")
