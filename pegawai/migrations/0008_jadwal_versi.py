"""A version number of the calendar configuration, raised by the database itself.

pegawai.jadwal_cache keeps the configuration in each process's memory under this number. Every
statement that writes one of the five tables it is built from (a service, the admin, a bulk
insert, raw SQL, a TRUNCATE) raises the number in the writing transaction: a process sees the
new number when that transaction commits, and never a number whose rows it cannot see yet.

A table of its own, not a model: Django's flush (between tests) empties the models' tables and
fires their TRUNCATE triggers, so the number keeps rising instead of starting over. PostgreSQL
only; elsewhere the configuration is read on every load.
"""

from django.db import migrations

TABLES = [
    "pegawai_profiljadwal",
    "pegawai_harijadwal",
    "pegawai_ramadan",
    "pegawai_harilibur",
    "pegawai_jenisshift",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TABLE pegawai_jadwal_versi (n bigint NOT NULL);"
        " INSERT INTO pegawai_jadwal_versi VALUES (1);"
        " CREATE FUNCTION pegawai_jadwal_versi_naik() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN UPDATE pegawai_jadwal_versi SET n = n + 1; RETURN NULL; END $$;"
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_versi AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION pegawai_jadwal_versi_naik();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_versi ON {table};")
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS pegawai_jadwal_versi_naik();"
        " DROP TABLE IF EXISTS pegawai_jadwal_versi;"
    )


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0007_axes_admin_kepegawaian")]
    operations = [migrations.RunPython(forwards, backwards)]
