from prevhub.core.tables import Column, Table


class PersonTable(Table):
    columns = (
        Column("id", "Reference", link=True, value=lambda person: person.reference),
        Column("family_name", "Family name"),
        Column("given_name", "Given name"),
        Column("date_of_birth", "Date of birth"),
        Column("postcode", "Postcode"),
    )
    default_columns = ("id", "family_name", "given_name", "date_of_birth")
