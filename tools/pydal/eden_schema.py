"""An Eden-shaped schema in pydal: Sahana Eden's meta fields on every synced table (created_by, modified_by and
owned_by_group referencing the site's own auth tables), a lookup list, site configuration, a self-reference."""
from pydal import DAL, Field

SITE_TABLES = {"auth_user", "auth_group", "system_config"}
LOOKUP_TABLES = {"org_sector"}


def meta():
    return [
        Field("uuid", length=128, notnull=True, unique=True),
        Field("deleted", "boolean", default=False),
        Field("created_on", "datetime"),
        Field("modified_on", "datetime"),
        Field("created_by", "reference auth_user"),
        Field("modified_by", "reference auth_user"),
        Field("owned_by_group", "reference auth_group"),
    ]


def eden_db(uri="sqlite:memory"):
    db = DAL(uri)
    db.define_table("auth_user", Field("first_name", length=128), Field("email", length=255))
    db.define_table("auth_group", Field("role", length=255))
    db.define_table("system_config", Field("name", length=64), Field("value", "text"))
    db.define_table("org_sector", Field("name", length=64), Field("abrv", length=16))
    db.define_table("gis_location", Field("name", length=128), Field("level", length=2),
                    Field("parent", "reference gis_location"), Field("lat", "double"), Field("lon", "double"), *meta())
    db.define_table("org_organisation", Field("name", length=128), Field("acronym", length=16),
                    Field("sector_id", "reference org_sector"), Field("comments", "text"), *meta())
    db.define_table("org_office", Field("name", length=128), Field("organisation_id", "reference org_organisation"),
                    Field("location_id", "reference gis_location"), Field("phone", length=32), *meta())
    db.define_table("pr_person", Field("first_name", length=64), Field("last_name", length=64),
                    Field("gender", "integer"), Field("date_of_birth", "date"), Field("comments", "text"), *meta())
    db.define_table("pr_contact", Field("person_id", "reference pr_person"), Field("contact_method", length=32),
                    Field("value", length=255), *meta())
    db.define_table("hrm_human_resource", Field("person_id", "reference pr_person"),
                    Field("organisation_id", "reference org_organisation"), Field("job_title", length=64), *meta())
    db.define_table("supply_item", Field("name", length=128), Field("um", length=32), Field("weight", "double"), *meta())
    db.define_table("cr_shelter", Field("name", length=128), Field("organisation_id", "reference org_organisation"),
                    Field("location_id", "reference gis_location"), Field("capacity", "integer"), Field("comments", "text"), *meta())
    db.define_table("cr_shelter_registration", Field("shelter_id", "reference cr_shelter"),
                    Field("person_id", "reference pr_person"), Field("check_in", "datetime"), *meta())
    db.define_table("req_req", Field("office_id", "reference org_office"), Field("purpose", "text"),
                    Field("date", "date"), *meta())
    return db


def synced_tables(db):
    return [t for t in db.tables if t not in SITE_TABLES and t not in LOOKUP_TABLES and t != "sync_instance"]


def rows_by_uuid(db):
    """{table: {uuid: {column: text}}} as pydal writes values; references as the referenced row's uuid, those into
    site tables as None (they never travel between sites), ids left out."""
    import csv
    import io
    out = io.StringIO(newline="")
    state = {}
    for table in synced_tables(db):
        rows = {}
        for row in db(db[table]).select(orderby=db[table].id):
            text = {}
            for field in db[table]:
                if field.name == "id":
                    continue
                value = row[field.name]
                ftype = str(field.type)
                if ftype.startswith("reference ") and value is not None:
                    target = ftype[10:]
                    value = None if target in SITE_TABLES else str(value) if target in LOOKUP_TABLES else db[target][value].uuid
                elif value is not None:
                    # the text pydal's own export writes
                    out.seek(0)
                    out.truncate()
                    db(db[table].id == row.id).select(field).export_to_csv_file(out)
                    value = list(csv.reader(io.StringIO(out.getvalue())))[1][0]
                    value = None if value == "<NULL>" else value
                text[field.name] = value
            rows[row.uuid] = text
        state[table] = rows
    return state
