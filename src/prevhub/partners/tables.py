from prevhub.core.tables import Column, Table


class OrganisationTable(Table):
    columns = (
        Column("name", "Name", link=True),
        Column("slug", "Short name"),
        Column("kind", "Kind"),
        Column("active", "Active"),
        Column("contact_email", "Contact e-mail"),
    )
