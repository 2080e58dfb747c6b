"""The fixtures' relief schema in pydal (tests/Sahana.Sync.Tests/Fixtures/README: shared/fixtures/README.md)."""
from pydal import DAL, Field


def relief_db(uri="sqlite:memory"):
    db = DAL(uri)
    def meta():
        return [
            Field("uuid", length=128, notnull=True, unique=True),
            Field("deleted", "boolean", default=False),
            Field("created_on", "datetime"),
            Field("modified_on", "datetime"),
        ]

    db.define_table("org_sector", Field("name", length=64), Field("abrv", length=16))
    db.define_table("gis_config", Field("name", length=64), Field("zoom", "integer"), Field("lat", "double"), Field("lon", "double"))
    db.define_table("org_organisation", Field("name", length=128), Field("acronym", length=16), Field("website", length=255),
                    Field("comments", "text"), *meta())
    db.define_table("pr_person", Field("first_name", length=64), Field("last_name", length=64), Field("gender", "integer"),
                    Field("date_of_birth", "date"), Field("organisation_id", "reference org_organisation"), Field("comments", "text"), *meta())
    db.define_table("cr_shelter", Field("name", length=128), Field("organisation_id", "reference org_organisation"),
                    Field("sector_id", "reference org_sector"), Field("capacity", "integer"), Field("population", "integer"),
                    Field("lat", "double"), Field("lon", "double"), Field("status", length=32), Field("comments", "text"), *meta())
    db.define_table("cr_shelter_registration", Field("shelter_id", "reference cr_shelter"), Field("person_id", "reference pr_person"),
                    Field("check_in", "datetime"), Field("check_out", "datetime"), *meta())
    return db
