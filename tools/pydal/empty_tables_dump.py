"""Writes Fixtures/web2py/empty-tables/a_empty.csv: site A's dump (two-sites/a_final.csv) restored into pydal, with
its registrations and map settings emptied, exported again by pydal. Empty tables are how pydal writes a table
without rows: the TABLE line and two empty lines, no header.

    PYTHONPATH=<a pydal checkout> python3 tools/pydal/empty_tables_dump.py
(pydal is not part of this repository: `git clone https://github.com/web2py/pydal`.)
"""
import io
import os

from relief_schema import relief_db

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "..", "tests", "Sahana.Sync.Tests", "Fixtures", "web2py")

db = relief_db()
with open(os.path.join(fixtures, "two-sites", "a_final.csv"), encoding="utf-8", newline="") as f:
    db.import_from_csv_file(f, restore=True)
db(db.cr_shelter_registration).delete()
db(db.gis_config).delete()
db.commit()

out = io.StringIO(newline="")
db.export_to_csv_file(out)
os.makedirs(os.path.join(fixtures, "empty-tables"), exist_ok=True)
with open(os.path.join(fixtures, "empty-tables", "a_empty.csv"), "w", encoding="utf-8", newline="") as f:
    f.write(out.getvalue())
