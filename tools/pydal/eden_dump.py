"""Writes Fixtures/web2py/eden/site_a.csv, a pydal dump of an Eden-shaped database (eden_schema.py), and
Fixtures/web2py/eden/expected.json, its synced rows by uuid; with `check FILE`, imports FILE (an export of
the same rows written by Sahana.Sync) into a fresh pydal database of the same schema and compares its synced
rows with expected.json.

    PYTHONPATH=<a pydal checkout> python3 tools/pydal/eden_dump.py
    PYTHONPATH=<a pydal checkout> python3 tools/pydal/eden_dump.py check /tmp/eden-export.csv
"""
import datetime
import io
import json
import os
import random
import sys

from pydal import Field

from eden_schema import eden_db, rows_by_uuid

here = os.path.dirname(os.path.abspath(__file__))
folder = os.path.join(here, "..", "..", "tests", "Sahana.Sync.Tests", "Fixtures", "web2py", "eden")

SINHALA = ["සුනිල්", "කමලා", "නිමල්", "චන්ද්‍රා"]
TAMIL = ["சுதா", "கண்ணன்", "மீனா", "ராஜா"]
LATIN = ["Saman", "Anu", "Bala", "Priya", "Tharindu"]


def site_rows(db):
    """What every site holds of its own: users, groups, configuration, and the shared lookup list."""
    for name in ["admin", "field officer", "volunteer"]:
        db.auth_user.insert(first_name=name, email=name.replace(" ", ".") + "@site.example.org")
    for role in ["Administrator", "Editor"]:
        db.auth_group.insert(role=role)
    db.system_config.insert(name="site", value="Colombo\nhead office")
    for name, abrv in [("Health", "HLT"), ("Shelter", "SHL"), ("Water & Sanitation", "WASH"), ("Food", "FOOD")]:
        db.org_sector.insert(name=name, abrv=abrv)


def build():
    rnd = random.Random(15)
    db = eden_db()
    site_rows(db)
    clock = datetime.datetime(2026, 11, 20, 8, 0, 0)

    def meta(i):
        nonlocal clock
        clock += datetime.timedelta(seconds=rnd.randint(1, 400))
        created = clock - datetime.timedelta(hours=rnd.randint(0, 48))
        return dict(uuid="urn:uuid:%08x-%04x-4%03x-a%03x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16), rnd.getrandbits(12), rnd.getrandbits(12), rnd.getrandbits(48)),
                    deleted=rnd.random() < 0.08, created_on=created, modified_on=clock,
                    created_by=rnd.randint(1, 3), modified_by=rnd.choice([None, 1, 2, 3]), owned_by_group=rnd.choice([None, 1, 2]))

    def name():
        return rnd.choice(SINHALA + TAMIL + LATIN)

    countries = [db.gis_location.insert(name="Sri Lanka", level="L0", parent=None, lat=7.8731, lon=80.7718, **meta(0))]
    for i in range(8):
        countries.append(db.gis_location.insert(name="District %d, %s" % (i, name()), level="L2", parent=countries[0],
                                                lat=round(6 + rnd.random() * 3, 6), lon=round(79.8 + rnd.random() * 2, 6), **meta(i)))
    for i in range(16):
        countries.append(db.gis_location.insert(name="Village %d \"%s\"" % (i, name()), level="L4", parent=rnd.choice(countries[1:9]),
                                                lat=round(6 + rnd.random() * 3, 6), lon=round(79.8 + rnd.random() * 2, 6), **meta(i)))
    orgs = [db.org_organisation.insert(name="%s Relief %d" % (name(), i), acronym="R%d" % i, sector_id=rnd.randint(1, 4),
                                       comments=rnd.choice([None, "works, with \"care\"", "line one\nline two", "<NULL> is not null here", ""]),
                                       **meta(i)) for i in range(12)]
    offices = [db.org_office.insert(name="Office %d of %s" % (i, name()), organisation_id=rnd.choice(orgs), location_id=rnd.choice(countries),
                                    phone="+94 11 %07d" % rnd.randint(0, 9999999), **meta(i)) for i in range(10)]
    people = [db.pr_person.insert(first_name=name(), last_name=name(), gender=rnd.choice([None, 1, 2, 3]),
                                  date_of_birth=rnd.choice([None, datetime.date(1940 + rnd.randint(0, 70), rnd.randint(1, 12), rnd.randint(1, 28))]),
                                  comments=rnd.choice([None, "needs insulin", "arrived with\r\nfamily of 4", "| pipe, comma"]), **meta(i)) for i in range(40)]
    for i in range(60):
        db.pr_contact.insert(person_id=rnd.choice(people), contact_method=rnd.choice(["SMS", "EMAIL", "HOME_PHONE"]),
                             value="+94 77 %07d" % rnd.randint(0, 9999999), **meta(i))
    for i in range(25):
        db.hrm_human_resource.insert(person_id=rnd.choice(people), organisation_id=rnd.choice(orgs),
                                     job_title=rnd.choice(["Driver", "Nurse", "Coordinator, field"]), **meta(i))
    for i in range(8):
        db.supply_item.insert(name=rnd.choice(["Rice", "Water, 1 l", "Tarpaulin", "Blanket"]) + " %d" % i, um=rnd.choice(["kg", "piece", "l"]),
                              weight=rnd.choice([None, 0.1, 2.5, 1e-05, 12345.678]), **meta(i))
    for i in range(6):
        db.cr_shelter.insert(name="Shelter %d %s" % (i, name()), organisation_id=rnd.choice(orgs), location_id=rnd.choice(countries),
                             capacity=rnd.randint(20, 400), comments=rnd.choice([None, "school\nhall"]), **meta(i))
    # cr_shelter_registration and req_req stay empty, as most tables of a real site do.
    db.commit()
    return db


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        expected = json.load(open(os.path.join(folder, "expected.json"), encoding="utf-8"))
        db = eden_db()
        site_rows(db)
        # The blueprint's table, which heads a Sahana.Sync export: pydal refuses a section of an unknown table.
        db.define_table("sync_instance", Field("base_uuid", length=4), Field("owner", length=100), Field("contact", "text"),
                        Field("url", length=100), Field("last_update", "datetime"), Field("sync_count", "integer"))
        with open(sys.argv[2], encoding="utf-8", newline="") as f:
            # As Sahana imports a peer's file: rows matched by uuid, references re-pointed through id_map.
            db.import_from_csv_file(f, id_map={}, unique="uuid")
        actual = json.loads(json.dumps(rows_by_uuid(db)))
        rows = sum(len(t) for t in expected.values())
        if actual == expected:
            print("pydal imported %s: %d rows in %d tables, identical to the dump's by uuid" % (sys.argv[2], rows, len(expected)))
            return 0
        for table in expected:
            for uuid, row in expected[table].items():
                if actual.get(table, {}).get(uuid) != row:
                    print("differs: %s %s\n  expected %s\n  actual   %s" % (table, uuid, row, actual.get(table, {}).get(uuid)))
        return 1

    db = build()
    os.makedirs(folder, exist_ok=True)
    out = io.StringIO(newline="")
    db.export_to_csv_file(out)
    with open(os.path.join(folder, "site_a.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(rows_by_uuid(db), f, ensure_ascii=False, indent=1, sort_keys=True)
    return 0


sys.exit(main())
